//! Who said each quotation.
//!
//! A quotation's speaker comes from the nearest cue, tried in this order:
//!
//! 1. a cue right after the closing mark: `"…," Katz said`, `"…," said John Kirby`,
//!    `"…," White House spokesman John Kirby said`, `"…," according to the ministry`;
//! 2. a cue before the opening mark in the same sentence: `Putin said: "…"`, and for a
//!    fragment inside the writer's sentence the verb that governs it: `Kim vowed "full
//!    support"`, `Putin dismissed the idea, calling it "nonsense"` (a participle takes the
//!    subject of its clause);
//! 3. a cue later in the sentence: `It was a "disaster" for workers, she said.`;
//! 4. no cue at all: a full quotation continues the speaker of the quotation before it in the
//!    paragraph, or of the previous paragraph when that one ended on an attributed quotation.
//!
//! Fragments with no cue in their sentence are scare quotes; fragments after "so-called",
//! "dubbed", "nicknamed", "titled" or a word such as "film" are names and titles. Both become
//! [`AnnotationKind::Term`](crate::model::AnnotationKind::Term), not quotes.

use crate::lexicon::{self, lists};
use crate::model::QuoteForm;
use crate::quotes::Quotation;
use crate::sources::{self, Source, SourceKind};
use crate::span::Span;
use crate::tags::{Class, Tags, Words};
use crate::words::{is_capitalized, tokenize_into, Kind, Token};

/// A sentence with its tokens, ready for the cue rules.
pub struct Sent {
    pub span: Span,
    pub paragraph: usize,
    pub toks: Vec<Token>,
    /// Is the token inside a quotation (marks included)?
    pub quoted: Vec<bool>,
    /// Is the token a cue verb outside any quotation? Computed once: every rule asks.
    cue: Vec<bool>,
    /// For each token, the first token at or after it that is quoted, and the first that is a
    /// cue or the "according" of "according to" (the token count when none): the searches
    /// forward jump instead of walking, or a sentence of thousands of quotations is quadratic.
    next_quoted: Vec<u32>,
    next_cue: Vec<u32>,
    /// Each token's lower-case form and classes, from one pass (see [`crate::tags`]).
    pub tags: Tags,
}

impl Sent {
    pub fn new(text: &str, span: Span, paragraph: usize, quotations: &[Quotation]) -> Sent {
        Sent::reusing(None, text, span, paragraph, quotations)
    }

    /// [`Sent::new`] in the buffers of a sentence no longer needed: the extraction reads
    /// thousands of sentences one after another, and allocating three vectors for each cost
    /// more than filling them.
    pub fn reusing(spare: Option<Sent>, text: &str, span: Span, paragraph: usize, quotations: &[Quotation]) -> Sent {
        let (mut toks, mut quoted, mut speech, mut next_quoted, mut next_cue, mut tags) =
            spare.map_or_else(Default::default, |s| (s.toks, s.quoted, s.cue, s.next_quoted, s.next_cue, s.tags));
        tokenize_into(text, span, &mut toks);
        quoted.clear();
        quoted.resize(toks.len(), false);
        // quotations overlapping this sentence (they are sorted): the extraction passes the
        // list from the first that has not ended, so the search forward from its start
        // usually stops at once, where a binary search over every quotation of a long text
        // missed the cache at each step (a tenth of this function's time)
        let first = gallop(quotations, |q| q.outer.end <= span.start);
        for q in quotations[first..].iter().take_while(|q| q.outer.start < span.end) {
            let a = toks.partition_point(|t| t.span.start < q.outer.start);
            let b = toks.partition_point(|t| t.span.end <= q.outer.end);
            // a nickname inside a name is part of the name, not a quotation to stop at
            if b == a + 3 && crate::words::nickname_at(text, &toks, a) {
                continue;
            }
            for f in quoted.iter_mut().take(b).skip(a) {
                *f = true;
            }
        }
        tags.fill(text, &toks, &quoted);
        // a verb is lower case ("Says" in a headline, "States" in "United States" are not);
        // "a city report found", "the new recall showed": a noun before the real verb
        // (a speech verb starts with a lower-case ASCII letter: other tokens are not sliced);
        // after a determiner or a possessive it is a noun: "his remarks", "Obama's claims".
        // One pass over the lower-case words: every other token stays false.
        speech.clear();
        speech.resize(toks.len(), false);
        let bytes = text.as_bytes();
        for (i, t) in toks.iter().enumerate() {
            if !(t.is_word() && bytes[t.span.start].is_ascii_lowercase()) {
                continue;
            }
            // (the set answers words of no member's length before hashing)
            let verb = lexicon::is_speech_verb(t.text(text))
                && !(i > 0 && noun_marker(tags.lower(text, &toks, i - 1)))
                // "most states have", "many reports", "16 states holding", "a dozen states
                // held": a plural after a quantifier or a number
                && !(i > 0 && bytes[t.span.end - 1] == b's' && counts(tags.lower(text, &toks, i - 1)))
                // "his recent remarks", "her earlier comments"
                && !(i > 1
                    && noun_marker(tags.lower(text, &toks, i - 2))
                    && is_time_adjective(tags.lower(text, &toks, i - 1)))
                // "a scathing statement", "Lee's most explosive claim": a word that is also a
                // noun, after an adjective after a determiner or a possessive
                && !(i > 1 && noun_after_adjective(text, &toks, &tags, i))
                // "a Donald Trump tweet", "the Kremlin report": after a name after a determiner
                && !(i > 1 && noun_after_name(text, &toks, &tags, i));
            // "as the prosecutor put it", "analysts point out that", "Trump shot back", "she
            // went on", "Lee chimed in" (compared as bytes: only words starting with these
            // letters can be the verb)
            let phrasal = matches!(bytes[t.span.start], b'p' | b's' | b'f' | b'h' | b'w' | b'g' | b'c' | b'r')
                && toks.get(i + 1).is_some_and(|next| {
                    let (this, next) = (&bytes[t.span.start..t.span.end], &bytes[next.span.start..next.span.end]);
                    (next == b"it" && matches!(this, b"put" | b"puts"))
                        || (next == b"out" && matches!(this, b"point" | b"points" | b"pointed"))
                        || (next == b"back"
                            && matches!(this, b"shot" | b"fired" | b"hit" | b"shoots" | b"fires" | b"hits"))
                        || (next == b"on" && matches!(this, b"went" | b"goes"))
                        || (next == b"in" && matches!(this, b"chimed" | b"chimes"))
                        // a court's words: "the judge ruled that …", "…, ruling that …" (not
                        // the nouns: "rules that could", "a ruling that paved the way")
                        || (next == b"that"
                            && (this == b"ruled"
                                || (this == b"ruling" && i > 0 && toks[i - 1].is_punct(','))))
                });
            speech[i] = verb || phrasal;
        }
        // the cue flags overwrite the speech flags in place: flag `i` reads only `i` and `i + 1`
        let mut cue = speech;
        for i in 0..toks.len() {
            cue[i] = cue[i]
                && !quoted[i]
                && !(i + 1 < toks.len()
                    && cue[i + 1]
                    && !quoted[i + 1]
                    && !toks[i + 1].text(text).ends_with("ing")
                    && !matches!(toks[i].text(text), "said" | "says" | "told" | "wrote"));
            if cue[i] {
                tags.set_cue(i, true); // (the tags start with no cue)
            }
        }
        let n = toks.len();
        next_quoted.clear();
        next_quoted.resize(n + 1, n as u32);
        next_cue.clear();
        next_cue.resize(n + 1, n as u32);
        let mut s = Sent { span, paragraph, toks, quoted, cue, next_quoted, next_cue, tags };
        for i in (0..n).rev() {
            s.next_quoted[i] = if s.quoted[i] { i as u32 } else { s.next_quoted[i + 1] };
            s.next_cue[i] = if s.cue[i] || s.is_according(text, i) { i as u32 } else { s.next_cue[i + 1] };
        }
        s
    }

    /// The first token at or after `from` that is a cue or "according" (`toks.len()` if none).
    pub fn next_cue(&self, from: usize) -> usize {
        self.next_cue.get(from).map_or(self.toks.len(), |&v| v as usize)
    }

    /// Its tokens with their tags, as the noun-phrase rules take them.
    pub fn words(&self) -> Words<'_> {
        Words::new(&self.toks, &self.tags)
    }

    /// Token range `[a, b)` of the part of `outer` inside this sentence.
    pub fn range_of(&self, outer: Span) -> (usize, usize) {
        let a = self.toks.partition_point(|t| t.span.start < outer.start);
        let b = self.toks.partition_point(|t| t.span.end <= outer.end);
        (a, b.max(a))
    }

    /// The lower-case form of token `i`, from the tags (as a [`crate::words::Lower`], which
    /// the rules compare and deref like the forms they lower-case themselves).
    pub fn lower<'a>(&'a self, text: &'a str, i: usize) -> crate::words::Lower<'a> {
        self.words().lower(text, i)
    }

    /// Is token `i` a cue verb outside any quotation? Lower case only, so that "Says" in a
    /// headline and "States" in "United States" are not verbs.
    pub fn is_cue(&self, _text: &str, i: usize) -> bool {
        self.cue[i]
    }

    /// Is token `i` the "according" of "according to"? (Asked of every token as a sentence
    /// is read: inlined, the length test rejects nearly all of them; `#[inline]` alone left
    /// it a call for each token.)
    #[inline(always)]
    pub fn is_according(&self, text: &str, i: usize) -> bool {
        self.toks[i].span.len() == "according".len()
            && !self.quoted[i]
            && self.toks[i].text(text).eq_ignore_ascii_case("according")
            && self.toks.get(i + 1).is_some_and(|t| t.text(text) == "to")
    }
}

/// The first index of `v` where `before` is false (as `partition_point`, `before` true on a
/// prefix of `v`), searched forward from the start in doubling steps: O(log k) for an answer k.
fn gallop<T>(v: &[T], before: impl Fn(&T) -> bool) -> usize {
    let mut hi = 1;
    while hi <= v.len() && before(&v[hi - 1]) {
        hi *= 2;
    }
    // everything below hi / 2 is before; the answer is below hi (or the end)
    let lo = hi / 2;
    lo + v[lo..hi.min(v.len())].partition_point(before)
}

/// Does this word (lower case) make the next one a noun: a determiner or a possessive ("the",
/// "his", "Obama's"), but not a contraction ("he's said" is "he has said")?
fn noun_marker(l: &str) -> bool {
    if lists::noun_markers(l) {
        return true;
    }
    let stem = l.strip_suffix("'s").or_else(|| l.strip_suffix("’s"));
    stem.is_some_and(|s| !s.is_empty() && !lists::not_possessors(s))
}

/// Is the speech word at `i` a noun ("claims", "statement", "remarks") standing after an
/// adjective ("scathing", "false", "explosive") that follows a determiner or a possessive,
/// maybe with "most" or "more" between: "her most provocative remarks"? Only words that are
/// nouns as often as verbs are asked: "the lawyer claims" has a noun before its verb.
fn noun_after_adjective(text: &str, toks: &[Token], tags: &Tags, i: usize) -> bool {
    // "his biggest worry", "the latest claim", "their strongest warning": a superlative between
    // a determiner or possessive and the word makes it a noun, whatever the word
    let sup = toks[i - 1].text(text);
    if sup.len() > 4
        && sup.ends_with("est")
        && sup.bytes().all(|b| b.is_ascii_lowercase())
        && !matches!(sup, "protest" | "request" | "suggest" | "digest" | "invest" | "arrest" | "contest" | "attest")
        && toks[i - 2].is_word()
        && noun_marker(&crate::words::lower(toks[i - 2].text(text)))
    {
        return true;
    }
    let w = toks[i].text(text);
    if !lists::noun_or_verb(w) {
        return false;
    }
    // "32% of Republican claims", "most of Democratic statements": after "of" and one word
    if toks[i - 1].is_word() && tags.lower(text, toks, i - 2) == "of" {
        return true;
    }
    let adj = toks[i - 1].text(text);
    let shaped = adj.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && adj.len() > 4
        // (-ive only as -sive, -cative, -ctive: "representative", "executive" are nouns)
        && ((["ous", "ful", "ical", "sive", "cative", "ctive"].iter().any(|s| adj.ends_with(s))
            && !matches!(adj, "detective" | "directive" | "objective" | "perspective"))
            || lists::evaluative_adjectives(adj));
    if !shaped {
        return false;
    }
    let mut m = i - 2;
    if matches!(toks[m].text(text), "most" | "more" | "very" | "less") && m > 0 {
        m -= 1;
    }
    noun_marker(tags.lower(text, toks, m))
}

/// Does this word (lower case) count what follows: a quantifier ("many", "both"), a number
/// in words or digits ("six", "dozen", "16")? A plural after it is a noun. Not "one": "no
/// one says", "the one says" have a verb after it.
fn counts(l: &str) -> bool {
    lists::quantifiers(l)
        || (lists::number_words(l) && l != "one")
        || matches!(l, "dozen" | "dozens" | "hundreds" | "thousands")
        || (l.as_bytes().first().is_some_and(u8::is_ascii_digit) && l.bytes().all(|b| b.is_ascii_digit() || b == b','))
}

/// Is the speech word at `i` a noun ("tweet", "report": `lexicon/cue_nouns.txt`) after a name
/// that follows a determiner: "a Donald Trump tweet", "the Kremlin report"? ("Donald Trump
/// tweeted" and "the Kremlin reported" keep their verb: the forms in -ed are no nouns.)
fn noun_after_name(text: &str, toks: &[Token], tags: &Tags, i: usize) -> bool {
    if !lists::cue_nouns(toks[i].text(text)) {
        return false;
    }
    let mut j = i;
    while j > 0 && i - j < 4 && toks[j - 1].is_word() && tags.is(j - 1, Class::CAPITALISED) {
        j -= 1;
    }
    j < i && j > 0 && matches!(tags.lower(text, toks, j - 1), "a" | "an" | "the")
}

fn is_time_adjective(w: &str) -> bool {
    lists::time_adjectives(w)
}

/// A speaker found for a quotation or claim, before entity resolution.
#[derive(Clone, Debug)]
pub struct Found {
    pub source: Source,
    pub cue: Span,
}

/// Is the quotation at tokens `[a, b)` a fragment inside the writer's sentence?
pub fn form(text: &str, s: &Sent, a: usize) -> QuoteForm {
    if a == 0 {
        return QuoteForm::Full;
    }
    let prev = &s.toks[a - 1];
    if prev.is_punct(':') || s.quoted[a - 1] {
        return QuoteForm::Full;
    }
    if prev.is_punct(',') && a >= 2 && (s.is_cue(text, a - 2) || (a >= 3 && s.is_cue(text, a - 3))) {
        return QuoteForm::Full;
    }
    QuoteForm::Partial
}

/// Does the fragment `toks[a..b]` (text `inner`) read as a name or a scare quote rather than
/// speech? In stages: a naming word before it, a characterisation someone made (speech after
/// all), a work's title, Title Case or a fragment in a sentence with no cue.
pub fn is_term(text: &str, s: &Sent, a: usize, b: usize, inner: Span) -> bool {
    // the (up to) three words before, lower-cased once, on the stack
    let n = a.min(3);
    let three: [crate::words::Lower; 3] =
        std::array::from_fn(|k| if k < n { s.lower(text, a - n + k) } else { Default::default() });
    let before = &three[..n];
    let last: &str = before.last().map_or("", |w| w);
    let last2: &str = if n >= 2 { &before[n - 2] } else { "" };
    if named_as_term(before, last, last2) {
        return true;
    }
    if characterised(text, s, a, last, last2) {
        return false;
    }
    // a title after a noun that names works or schemes ("the film “Z”"), unless somebody is
    // characterising it (above)
    // ("said the plan “would fail”": words opening with an auxiliary are the plan's predicate,
    // what somebody said of it, not its title)
    let predicate =
        inner.slice(text).split_whitespace().next().is_some_and(|w| {
            lexicon::is_auxiliary(&crate::words::lower(w.trim_matches(|c: char| !c.is_alphanumeric())))
        });
    if lists::work_nouns(last) && !predicate {
        return true;
    }
    reads_as_title(text, s, a, b, inner, last)
}

/// Words before the marks that name what is in them: "so-called", "known as", "what they
/// call", "a ship called".
fn named_as_term(before: &[crate::words::Lower], last: &str, last2: &str) -> bool {
    lists::naming_words(last)
        || (last == "as"
            && before.iter().any(|w| {
                matches!(&**w, "known" | "referred" | "billed" | "branded" | "labeled" | "labelled" | "marketed")
            }))
        || (before.iter().any(|w| *w == "what") && matches!(last, "call" | "calls" | "called" | "dub" | "dubbed"))
        || (last == "called"
            // "the council has called “…”": a verb with a subject, not "a ship called “Z”"
            && !lists::called_subjects(last2))
}

/// Is the fragment someone's characterisation, a quote of theirs: "calling the plan “a
/// lifeline”", "criticized the law as a “crazy system”"?
fn characterised(text: &str, s: &Sent, a: usize, last: &str, last2: &str) -> bool {
    // "Trump called the pageant winner “Miss Piggy”": a characterisation someone made is a
    // quote of theirs, whatever its capitals ("a ship called “Z”" was caught above)
    let characterised =
        (a.saturating_sub(8)..a).any(|i| !s.quoted[i] && lists::characterising_verbs(&s.lower(text, i)));
    // "criticized the law as a “crazy system”", "rated the claim as “false”"
    let as_what = (last == "as" || (last2 == "as" && matches!(last, "a" | "an" | "the")))
        && (a.saturating_sub(12)..a).any(|i| {
            !s.quoted[i] && {
                let l = s.lower(text, i);
                lists::CHARACTERISING_BASES.lines().any(|b| lexicon::inflects(&l, b))
            }
        });
    characterised || as_what
}

/// Does the fragment read as a title or a name (Title Case), or as scare quotes (one or two
/// words in a sentence with no cue)? No word at all is nothing anybody said either.
fn reads_as_title(text: &str, s: &Sent, a: usize, b: usize, inner: Span, last: &str) -> bool {
    let words: Vec<&str> = inner.slice(text).split_whitespace().collect();
    // no word at all (a number, a link): nothing anybody said
    if !inner.slice(text).split(|c: char| !c.is_alphabetic()).any(|w| w.chars().count() >= 2)
        || inner.slice(text).contains("://")
    {
        return true;
    }
    // Title Case: a title or a name ("Harbour Lights", "Fox News Sunday,"), unless a speech
    // verb introduces it
    // (a verb in a headline's capitals introduces nothing: "Clinton Speaks ‘Directly To …’")
    let introduced =
        lexicon::is_speech_verb(last) && a > 0 && s.toks[a - 1].text(text).starts_with(|c: char| c.is_lowercase());
    let titled = !words.is_empty()
        && words.len() <= 8
        && words
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .all(|w| is_capitalized(w) || lists::title_function_words(w))
        && (words.len() >= 2 || !inner.slice(text).trim_end().ends_with(['.', ',', '!', '?']));
    let cue_in_sentence = s.next_cue(0) < s.toks.len();
    if titled && !introduced && (words.len() >= 2 || !cue_in_sentence) {
        return true;
    }
    // one capitalised word inside the writer's sentence, with no cue at it: a name ("the
    // club's ‘Entertainers’ side")
    if titled && !introduced && words.len() == 1 && !(a >= 2 && s.toks[a - 1].is_punct(',') && s.is_cue(text, a - 2)) {
        return true;
    }
    // one or two words in a sentence without any cue: scare quotes
    !cue_in_sentence && words.len() <= 2 && b <= s.toks.len()
}

/// A cue right after the closing mark (tokens from `i`).
pub fn cue_after(text: &str, s: &Sent, mut i: usize) -> Option<Found> {
    let n = s.toks.len();
    let mut dash = None;
    while i < n && !s.quoted[i] && (s.toks[i].is_punct(',') || is_dash(&s.toks[i])) {
        if is_dash(&s.toks[i]) {
            dash = Some(s.toks[i].span);
        }
        i += 1;
    }
    if i >= n || s.quoted[i] {
        return None;
    }
    if s.is_according(text, i) {
        return sources::np_after(text, &s.words(), i + 2, stop_at_quote(s, i + 2))
            .map(|source| Found { source, cue: span2(s, i, i + 1) });
    }
    // "“…,” per the party's bylaws": "per" as "according to"
    if s.toks[i].text(text) == "per" {
        if let Some(source) = sources::np_after(text, &s.words(), i + 1, stop_at_quote(s, i + 1)) {
            return Some(Found { source, cue: s.toks[i].span });
        }
    }
    if s.is_cue(text, i) {
        return sources::np_after(text, &s.words(), i + 1, stop_at_quote(s, i + 1))
            .map(|source| Found { source, cue: s.toks[i].span });
    }
    // "…" ― Adriana Rodarte: a signature after a dash
    if let Some(d) = dash {
        if let Some(source) = sources::np_after(text, &s.words(), i, n)
            .filter(|src| matches!(src.kind, SourceKind::Person | SourceKind::Name))
        {
            let after = s.toks.partition_point(|t| t.span.start < source.phrase.end);
            if after >= n || s.toks[after].is_punct(',') || s.toks[after].is_punct('.') {
                return Some(Found { source, cue: d });
            }
        }
    }
    // "…," White House spokesman John Kirby said
    let end = stop_at_quote(s, i).min(i + 40);
    let Some(v) = (i..end).find(|&j| s.is_cue(text, j)) else {
        return tag_after(text, s, i, end);
    };
    let adjacent = |src: &Source| src.phrase.start == s.toks[i].span.start;
    let source = sources::subject_before(text, &s.words(), v, i)
        .filter(adjacent)
        // "…?" a narrator in the Clinton ad asks: the first noun phrase
        // or a name with a long apposition: "…," Scott Pruitt, the attorney general, one of …, said
        .or_else(|| {
            sources::np_after(text, &s.words(), i, v).filter(|src| {
                adjacent(src)
                    && (i..v).all(|k| {
                        s.toks[k].is_word()
                            || matches!(s.toks[k].kind, Kind::Punct('.' | ',' | '(' | ')' | '-'))
                            // the marks of a nickname: Marcia “Cia” Price
                            || crate::words::nickname_at(text, &s.toks, k)
                            || (k >= 2 && crate::words::nickname_at(text, &s.toks, k - 2))
                    })
                    && (matches!(src.kind, SourceKind::Person | SourceKind::Name | SourceKind::Description)
                        || (i..v).all(|k| s.toks[k].is_word()))
            })
        })?;
    Some(Found { source, cue: s.toks[v].span })
}

/// A dialogue tag in a verb no list holds, right after a quotation that ends open (`,` `?`
/// `!`): "“Fantastic!” beamed Ann Hart", "“And the fees?” Hannity pressed." Only the two
/// shapes of a tag: a past-tense verb then a name, or a name (or pronoun) then the verb
/// ending the sentence.
fn tag_after(text: &str, s: &Sent, i: usize, end: usize) -> Option<Found> {
    let open_end = i >= 2 && s.quoted[i - 1] && matches!(s.toks[i - 2].kind, Kind::Punct(',' | '?' | '!'));
    let past = |k: usize| {
        s.toks.get(k).is_some_and(|t| {
            let w = t.text(text);
            t.is_word() && w.len() > 4 && w.ends_with("ed") && w.as_bytes()[0].is_ascii_lowercase()
        })
    };
    if !open_end || i >= end {
        return None;
    }
    let named = |src: &Source| matches!(src.kind, SourceKind::Person | SourceKind::Name | SourceKind::Pronoun(_));
    let ends = |k: usize| k >= s.toks.len() || matches!(s.toks[k].kind, Kind::Punct('.' | ','));
    if past(i) {
        let src = sources::np_after(text, &s.words(), i + 1, end).filter(named)?;
        let after = s.toks.partition_point(|t| t.span.start < src.phrase.end);
        return ends(after).then(|| Found { source: src, cue: s.toks[i].span });
    }
    let src = sources::np_after(text, &s.words(), i, end).filter(named)?;
    let v = s.toks.partition_point(|t| t.span.start < src.phrase.end);
    (src.phrase.start == s.toks[i].span.start && past(v) && ends(v + 1))
        .then(|| Found { source: src, cue: s.toks[v].span })
}

fn is_dash(t: &Token) -> bool {
    matches!(t.kind, Kind::Punct('—' | '–' | '―' | '-'))
}

fn stop_at_quote(s: &Sent, from: usize) -> usize {
    s.next_quoted.get(from).map_or(s.toks.len(), |&j| j as usize)
}

fn span2(s: &Sent, a: usize, b: usize) -> Span {
    Span::new(s.toks[a].span.start, s.toks[b].span.end)
}

/// "Lopez's claim that “…”", "his warning of “…”", "the mayor's statement: “…”": a noun of
/// saying before the quotation (token `a` its opening mark), right before it or before the
/// "that" or "of" of the clause holding it, names its speaker, the possessor, whoever the
/// sentence is about ("Verity seized on Lopez's claim that there were “…”").
pub fn possessor_cue(text: &str, s: &Sent, a: usize) -> Option<Found> {
    // (a noun right before the quotation is its subject, not its speaker: 'Trump's comments
    // “are based on opinion,”' the town said)
    let mut k = 0;
    if a > 0 && s.toks[a - 1].is_punct(':') {
        k = a - 1;
    } else {
        // "Lopez's claim that there have been “…”": the quotation inside the clause after
        // "that" or "of", with no comma, quotation or cue between
        let mut j = a;
        while j > 0 && a - j < 15 && s.toks[j - 1].is_word() && !s.quoted[j - 1] && !s.is_cue(text, j - 1) {
            j -= 1;
            if matches!(&*s.lower(text, j), "that" | "of") {
                k = j;
                break;
            }
        }
    }
    if k < 2 || s.quoted[k - 1] || s.quoted[k - 2] {
        return None;
    }
    let (noun, poss) = (k - 1, k - 2);
    if !s.toks[noun].is_word() || !lists::speech_nouns(&s.lower(text, noun)) || !s.toks[poss].is_word() {
        return None;
    }
    let cue = s.toks[noun].span;
    let l = s.lower(text, poss);
    if matches!(&*l, "his" | "her" | "their") {
        let p = lexicon::pronoun(&l)?;
        return Some(Found { source: sources::pronoun_source(s.toks[poss].span, p), cue });
    }
    let w = s.toks[poss].text(text);
    let stem = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s"))?;
    if !s.tags.is(poss, Class::CAPITALISED) || stem.is_empty() {
        return None;
    }
    // the name: the capitalised words that end in the possessive ("Maria Lopez's")
    let mut start = poss;
    while start > 0 && start + 3 > poss && s.toks[start - 1].is_word() && s.tags.is(start - 1, Class::CAPITALISED) {
        start -= 1;
    }
    let end = s.toks[poss].span.start + stem.len();
    let name = Span::new(s.toks[start].span.start, end);
    let kind = if start < poss { SourceKind::Person } else { SourceKind::Name };
    Some(Found { source: Source { phrase: name, name, kind, gender: None }, cue })
}

/// The subject of the cue verb at `v`, with no quotation between, or the clause subject when
/// the verb is a participle or coordinated ("…, calling it", "talked and expressed").
pub fn subject_of(text: &str, s: &Sent, v: usize) -> Option<Source> {
    // a quotation before the verb bounds its subject ("…," she said), unless it is a name
    // inside the subject's own phrase ("Holt, of the club's ‘Entertainers’ side, said")
    // (with no quotation before the verb, no walk back: one per cue made a long sentence
    // of cues quadratic)
    let floor = if s.next_quoted[0] as usize >= v {
        0
    } else {
        (0..v)
            .rev()
            .find(|&j| s.quoted[j] && (j + 1 >= s.toks.len() || !s.toks[j + 1].is_word() || s.toks[j].is_punct(',')))
            .map_or(0, |j| j + 1)
    };
    // "After saying her knee was “…,” she was …": a participle in the opening clause goes on
    // from the main clause's subject, after the comma (and a closing mark) that ends it
    let opening = intro_end(text, s);
    if v < opening && s.lower(text, v).ends_with("ing") {
        let n = s.toks.len();
        let k = (opening..n).find(|&k| s.toks[k].is_word()).unwrap_or(n);
        if let Some(src) = sources::clause_subject(text, &s.words(), k, n) {
            return Some(src);
        }
    }
    if v > floor && s.toks[v - 1].is_punct(',') && s.lower(text, v).ends_with("ing") {
        // "…, the office said Tuesday, warning that …": the source of the verb before
        // (the verb may stand before a quotation: "said … ‘…’, adding that")
        // ("… not paying an architect who said he was stiffed, saying, …": a verb in a
        // relative clause on an object is not the one the participle goes on from)
        let restrictive =
            |j: usize| j >= 2 && matches!(&*s.lower(text, j - 1), "who" | "that") && !s.toks[j - 2].is_punct(',');
        let earlier =
            (intro_end(text, s)..v - 1).rev().filter(|&j| s.is_cue(text, j) && !restrictive(j)).find_map(|j| {
                let floor = (0..j).rev().find(|&k| s.quoted[k]).map_or(0, |k| k + 1);
                sources::subject_before(text, &s.words(), j, floor)
                    .map(|src| issuer_of(text, s, &src).unwrap_or(src))
                    .or_else(|| {
                        (j > 0 && s.toks[j - 1].is_punct(','))
                            .then(|| sources::np_after(text, &s.words(), j + 1, v - 1))
                            .flatten()
                    })
            });
        return earlier.or_else(|| {
            let main = clause_subject_before(text, s, v)?;
            Some(speaking_subject(text, s, v, &main).unwrap_or(main))
        });
    }
    // "wrote in a statement to Wired explaining why": a participle after the object of a
    // preposition describes the clause, the object is not its subject
    let object_of = |src: &Source| {
        let k = s.toks.partition_point(|t| t.span.start < src.phrase.start);
        k > 0
            && s.lower(text, v).ends_with("ing")
            && matches!(&*s.lower(text, k - 1), "to" | "at" | "in" | "for" | "on" | "from")
    };
    if let Some(src) = sources::subject_before(text, &s.words(), v, floor).filter(|x| !object_of(x)) {
        return Some(issuer_of(text, s, &src).unwrap_or(src));
    }
    if (v > 0 && matches!(&*s.lower(text, v - 1), "and" | "but" | "then")) || s.lower(text, v).ends_with("ing") {
        // "Lazar said he would go and added, …": the subject of the verb before
        // the main clause's verb comes first: "He added that a plan announced in May … and said"
        // (a fragment the earlier verb quoted bounds nothing here: "Ryan lamented the
        // “disheartened” state and criticized the “identity politics”")
        let earlier = (intro_end(text, s)..v.saturating_sub(1)).filter(|&j| s.is_cue(text, j)).find_map(|j| {
            let floor = (0..j).rev().find(|&k| s.quoted[k]).map_or(0, |k| k + 1);
            sources::subject_before(text, &s.words(), j, floor)
        });
        return earlier.or_else(|| clause_subject_before(text, s, v));
    }
    None
}

/// "Shares in Halvern fell after the company cut its forecast, saying …": shares and prices
/// say nothing, so a participle after them goes on from the subject of the clause that
/// "after", "when", "as" or "because" opened.
fn speaking_subject(text: &str, s: &Sent, v: usize, main: &Source) -> Option<Source> {
    let head = s.toks.partition_point(|t| t.span.end <= main.phrase.end).checked_sub(1)?;
    let mute = lists::mute_heads(&s.lower(text, head)) || {
        // "Shares in chemicals maker Halvern Chemie": the head is the first word of the phrase
        let first = s.toks.partition_point(|t| t.span.start < main.phrase.start);
        matches!(&*s.lower(text, first), "shares" | "stocks" | "prices")
    };
    if !mute {
        return None;
    }
    let open =
        (head + 1..v).rev().find(|&k| matches!(&*s.lower(text, k), "after" | "when" | "as" | "because" | "since"))?;
    let src = sources::np_after(text, &s.words(), open + 1, v)?;
    // "the company cut its forecast": a word before "its", "the", "a" was the verb
    let last = s.toks.partition_point(|t| t.span.end <= src.phrase.end).checked_sub(1)?;
    let object_follows = last + 1 < v
        && matches!(&*s.lower(text, last + 1), "its" | "the" | "a" | "an" | "his" | "her" | "their" | "our");
    let src =
        if object_follows && last > open + 1 { sources::np_after(text, &s.words(), open + 1, last)? } else { src };
    matches!(
        src.kind,
        SourceKind::Person | SourceKind::Name | SourceKind::Group | SourceKind::Institution | SourceKind::Description
    )
    .then_some(src)
}

/// "The council issued a statement calling it …": a document that somebody issued speaks
/// for them, so the source is the subject of the clause that issued it.
fn issuer_of(text: &str, s: &Sent, src: &Source) -> Option<Source> {
    let k = s.toks.partition_point(|t| t.span.start < src.phrase.start);
    let last = s.toks.partition_point(|t| t.span.end <= src.phrase.end).checked_sub(1)?;
    let head = s.lower(text, last);
    let document = sources::is_document_noun(&head);
    if !document || k == 0 || !matches!(&*s.lower(text, k), "a" | "an") || !s.toks[k - 1].is_word() {
        return None;
    }
    // "… was disbanded after a report found …": after a subordinator the report is the
    // subject of its own clause, nobody's object
    let before = s.lower(text, k - 1);
    if lists::intro_subordinators(&before) && before != "asked" {
        return None;
    }
    clause_subject_before(text, s, k - 1).filter(|x| {
        matches!(x.kind, SourceKind::Person | SourceKind::Name | SourceKind::Group | SourceKind::Institution)
            // "The town released a statement", "His office put out a statement": a definite
            // description issues it too
            || (x.kind == SourceKind::Description
                && x.phrase.slice(text).split(' ').next().is_some_and(|w| {
                    ["the", "his", "her", "their", "its"].iter().any(|d| w.eq_ignore_ascii_case(d))
                }))
    })
}

/// Where an introductory phrase ("Asked whether …, ", "When …, ") ends: its verbs belong to
/// another clause.
fn intro_end(text: &str, s: &Sent) -> usize {
    let first = if s.toks.is_empty() { Default::default() } else { s.lower(text, 0) };
    if lists::intro_subordinators(&first) {
        (0..s.toks.len()).find(|&i| s.toks[i].is_punct(',')).map_or(0, |c| c + 1)
    } else {
        0
    }
}

fn clause_subject_before(text: &str, s: &Sent, v: usize) -> Option<Source> {
    let src = sources::clause_subject(text, &s.words(), 0, v)?;
    (src.phrase.end <= s.toks[v].span.start).then_some(src)
}

/// "As Marlow told the Gazette, tax relief …, she said": the one an opening "As X said,"
/// reports is who the sentence is about, for its pronouns and its fragments; a single name
/// that reports is taken for a person.
pub fn reporting_intro(text: &str, s: &Sent) -> Option<Source> {
    if s.toks.len() < 4 || &*s.lower(text, 0) != "as" {
        return None;
    }
    let comma = (2..s.toks.len().min(12)).find(|&i| s.toks[i].is_punct(','))?;
    let v = (2..comma).find(|&j| s.is_cue(text, j))?;
    let src = sources::subject_before(text, &s.words(), v, 1)?;
    match src.kind {
        SourceKind::Person => Some(src),
        SourceKind::Name => Some(Source { kind: SourceKind::Person, ..src }),
        _ => None,
    }
}

/// A cue before the opening mark at token `a`: for full quotations close by, for fragments
/// anywhere earlier in the sentence.
pub fn cue_before(text: &str, s: &Sent, a: usize, form: QuoteForm) -> Option<Found> {
    let reach = if form == QuoteForm::Full { 8 } else { 60 };
    let lo = a.saturating_sub(reach);
    let mut j = a;
    while j > lo {
        j -= 1;
        if s.quoted[j] && form == QuoteForm::Full {
            return None;
        }
        if s.is_according(text, j) {
            let end = (j + 2..a).find(|&k| s.toks[k].is_punct(',')).unwrap_or(a);
            return sources::np_after(text, &s.words(), j + 2, end)
                .map(|source| Found { source, cue: span2(s, j, j + 1) });
        }
        // "… said that the platform should reiterate its “stalwart allies”", "police will
        // maintain a “scaled down presence”": speech that is only wished for or planned does
        // not say the fragment; an earlier cue does
        let unreal = form == QuoteForm::Partial
            && j > 0
            // (as written: "Will Ortiz said" names a speaker)
            && matches!(s.toks[j - 1].text(text), "should" | "would" | "could" | "might" | "must" | "to" | "will");
        if s.is_cue(text, j) && !unreal {
            if let Some(source) = subject_of(text, s, j) {
                return Some(Found { source, cue: s.toks[j].span });
            }
        }
    }
    None
}

/// "…, including the former candidate Mitt Romney -- “…” -- and …": a quotation set off by
/// dashes right after a person's name is that person's, whatever verb the sentence began with.
/// Set off: a dash or the sentence's end after it too ("like Saddam Hussein - “…,” Mr. Biden
/// said" has its own tag); a name after a preposition is no speaker ("supportive of Mr.
/// Trump -- “…”"), though one a group's speakers are listed by ("including") is.
pub fn dash_before(text: &str, s: &Sent, a: usize, outer_end: usize) -> Option<Found> {
    if a < 2 || !is_dash(&s.toks[a - 1]) || s.quoted[a - 1] {
        return None;
    }
    let after = s.toks.partition_point(|t| t.span.start < outer_end);
    if s.toks.get(after).is_some_and(|t| !is_dash(t) && !t.is_punct('.')) {
        return None;
    }
    // a doubled hyphen ("--") is two tokens
    let d = if a >= 3 && is_dash(&s.toks[a - 2]) { a - 2 } else { a - 1 };
    if d == 0 || !s.toks[d - 1].is_word() || !s.tags.is(d - 1, Class::CAPITALISED) {
        return None;
    }
    let source = sources::subject_before(text, &s.words(), d, 0).filter(|src| src.kind == SourceKind::Person)?;
    let start = s.toks.partition_point(|t| t.span.start < source.phrase.start);
    let object = start > 0 && {
        let w = s.lower(text, start - 1);
        &*w != "including" && (lists::prepositions(&w) || &*w == "like")
    };
    (source.phrase.end == s.toks[d - 1].span.end && !object).then(|| Found { source, cue: s.toks[a - 1].span })
}

/// `The piece used her words as its headline: "…"` — with no cue verb, the subject of the
/// clause that introduces a quotation with a colon is its source.
pub fn colon_intro(text: &str, s: &Sent, a: usize) -> Option<Found> {
    if a == 0 || !s.toks[a - 1].is_punct(':') || s.quoted[a - 1] {
        return None;
    }
    // "TURNOUT SURGES IN IOWA - Ann Lee and Tom Roe: “…”": a digest's item, a headline then
    // the author after a dash
    let colon = a - 1;
    let signed = (colon.saturating_sub(8)..colon).rev().find(|&d| is_dash(&s.toks[d])).and_then(|d| {
        sources::np_after(text, &s.words(), d + 1, colon).filter(|src| {
            matches!(src.kind, SourceKind::Person | SourceKind::Name | SourceKind::Group)
                && src.phrase.end == s.toks[colon - 1].span.end
        })
    });
    if let Some(source) = signed {
        return Some(Found { source, cue: s.toks[colon].span });
    }
    let source = clause_subject_before(text, s, a - 1).or_else(|| {
        // "From the report: …", "In a statement: …"
        let first = s.lower(text, 0);
        matches!(&*first, "from" | "in" | "per").then(|| sources::np_after(text, &s.words(), 1, a - 1)).flatten()
    })?;
    Some(Found { source, cue: s.toks[a - 1].span })
}

/// A sentence that ends a paragraph with a colon and introduces the quotation below it:
/// `Trump issued the following statement:`, `The council said in a release:`, `Stated Stone:`.
pub fn colon_above(text: &str, p: &Sent) -> Option<Found> {
    let n = p.toks.len();
    if n < 2 || !p.toks[n - 1].is_punct(':') || p.quoted[n - 1] {
        return None;
    }
    // "Stated Stone:", "Said the mayor:": the cue first (capitalised, so not flagged as one), then who
    if lexicon::is_speech_verb(&p.lower(text, 0)) {
        if let Some(source) = sources::np_after(text, &p.words(), 1, n - 1)
            .filter(|src| src.phrase.end == p.toks[n - 2].span.end && src.kind != SourceKind::Description)
        {
            return Some(Found { source, cue: p.toks[0].span });
        }
    }
    // the sentence must report or issue something: a cue, or a statement being made
    let reports = (0..n).any(|k| {
        p.is_cue(text, k) || matches!(&*p.lower(text, k), "statement" | "statements" | "message" | "remarks" | "tweet")
    });
    if !reports {
        return None;
    }
    colon_intro(text, p, n)
}

/// A cue later in the sentence: `…, she said.` or `…, said the ministry.`
pub fn cue_later(text: &str, s: &Sent, b: usize) -> Option<Found> {
    let n = s.toks.len();
    // only cues and "according" do anything below: jump between them
    let mut next = s.next_cue(b);
    while next < n {
        let v = next;
        next = s.next_cue(v + 1);
        if s.is_according(text, v) {
            return sources::np_after(text, &s.words(), v + 2, stop_at_quote(s, v + 2))
                .map(|source| Found { source, cue: span2(s, v, v + 1) });
        }
        if s.is_cue(text, v) {
            let floor = (b..v).rev().find(|&j| s.quoted[j] || s.toks[j].is_punct(',')).map_or(b, |j| j + 1);
            if let Some(source) = sources::subject_before(text, &s.words(), v, floor) {
                return Some(Found { source, cue: s.toks[v].span });
            }
            // "…, Ann Lee, the former mayor, proclaimed": a subject with an apposition
            let quoted_floor = (b..v).rev().find(|&j| s.quoted[j]).map_or(b, |j| j + 1);
            if floor > quoted_floor && s.toks[v - 1].is_punct(',') {
                if let Some(source) = sources::subject_before(text, &s.words(), v, quoted_floor)
                    .filter(|src| matches!(src.kind, SourceKind::Person | SourceKind::Name))
                {
                    return Some(Found { source, cue: s.toks[v].span });
                }
            }
            if v > 0 && s.toks[v - 1].is_punct(',') {
                if let Some(source) = sources::np_after(text, &s.words(), v + 1, stop_at_quote(s, v + 1)) {
                    return Some(Found { source, cue: s.toks[v].span });
                }
            }
        }
    }
    None
}

/// "Though Justice Sean Dunphy said …, he believed …", "When Lee arrived, she …": the person
/// who is the subject of an opening subordinate clause, for the pronouns after it (the main
/// clause's own subject is often that pronoun).
pub fn subordinate_subject(text: &str, s: &Sent) -> Option<Source> {
    let end = intro_end(text, s);
    if end < 3 {
        return None;
    }
    let src = sources::clause_subject(text, &s.words(), 1, end - 1)?;
    matches!(src.kind, SourceKind::Person | SourceKind::Name).then_some(src)
}

/// "For Ann Lee, …", "To Ann Lee, …": a person named in an opening phrase the sentence is
/// about, for pronouns in the sentences after it.
pub fn topic_intro(text: &str, s: &Sent) -> Option<Source> {
    let first = s.toks.first()?;
    if !matches!(first.text(text), "For" | "To") {
        return None;
    }
    let src = sources::np_after(text, &s.words(), 1, s.toks.len())?;
    let after = s.toks.partition_point(|t| t.span.start < src.phrase.end);
    // ("For Ann Lee and thousands of other refugees, …": she is the one the sentence is about)
    (src.kind == SourceKind::Person && s.toks.get(after).is_some_and(|t| t.is_punct(',') || t.text(text) == "and"))
        .then_some(src)
}

#[cfg(test)]
mod tests {
    use super::gallop;

    /// `gallop` answers as `partition_point` for every length and every split point.
    #[test]
    fn gallop_is_partition_point() {
        for n in 0..70 {
            for k in 0..=n {
                let v: Vec<usize> = (0..n).collect();
                let before = |x: &usize| *x < k;
                assert_eq!(gallop(&v, before), v.partition_point(before), "n {n} k {k}");
            }
        }
    }
}
