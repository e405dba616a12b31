//! Claims: reported speech in the writer's words.
//!
//! Forms, with the content each yields:
//!
//! * `X said (that) C`, `X told reporters (on Tuesday) that C`, `X warned / insisted / denied
//!   that C`, `X says C`: content after the cue, its object, time words and "that";
//! * `C, X said (in a statement).` and `C, said X.`: content before the comma;
//! * `According to X, C.` and `C, according to X.`;
//! * `…, saying C`: a participle takes the subject of its clause; content runs to the next comma.
//!
//! Content ends at the sentence end, a semicolon, ", according to", ", but", ", which", a
//! participle clause after a comma, or a coordinated new cue ("… and noted …"). Content that is
//! wholly inside quotation marks is a quotation, not a claim; content holding a fragment in
//! marks is a claim (the fragment is also a quote).

use crate::attribution::{subject_of, Sent};
use crate::lexicon::{self, lists};
use crate::sources::{self, Source, SourceKind};
use crate::span::Span;
use crate::tags::Class;

#[derive(Clone, Debug)]
pub struct FoundClaim {
    pub source: Source,
    pub cue: Span,
    pub content: Span,
    /// The rule's name, reported with the annotation.
    pub rule: &'static str,
}

fn is_tell(w: &str) -> bool {
    lists::tell_verbs(w)
}

fn is_time_word(w: &str) -> bool {
    lexicon::is_day_word(w) || lists::time_words(w)
}

impl FoundClaim {
    /// Is its cue a verb of thinking, hoping or fearing? "Obama believes his legacy will
    /// last" reports a state of mind the writer ascribes, not something the person claimed:
    /// neither the PolNeAR nor the Gender Gap Tracker annotators mark them as claims (0 of
    /// 722 claim cues in PolNeAR dev, 1 of 330 in ggt/dev). The extraction still reads who
    /// thinks it, for the pronouns that follow ("He believes …. “…,” he said").
    pub fn is_thought(&self, text: &str) -> bool {
        is_thought_verb(&crate::words::lower(self.cue.slice(text)))
    }
}

fn is_thought_verb(w: &str) -> bool {
    lists::thought_verbs(w)
}

fn is_preposition(w: &str) -> bool {
    lists::prepositions(w)
}

/// Where the content starts after the cue verb at `v`.
fn content_start(text: &str, s: &Sent, v: usize) -> Option<usize> {
    let n = s.toks.len();
    for t in v + 1..n.min(v + 12) {
        if s.quoted[t]
            || s.toks[t].is_punct(',')
            || s.toks[t].is_punct('.')
            || s.toks[t].is_punct(':')
            || s.toks[t].is_punct(';')
            || s.is_cue(text, t)
        {
            break;
        }
        if s.lower(text, t) == "that" {
            // "that" right after the verb, or after its object and time words
            let between_ok = (v + 1..t).all(|k| {
                let w = s.lower(text, k);
                is_time_word(&w) || s.tags.is(k, Class::CAPITALISED) || lists::before_that(&w)
            });
            // "told the audience at his fundraiser for veterans that …", "said in a long
            // interview with the paper that …": objects and adverbials before "that"
            let adverbial = is_tell(&s.lower(text, v)) || is_preposition(&s.lower(text, v + 1));
            if between_ok || adverbial {
                return Some(t + 1);
            }
            break;
        }
    }
    let mut k = v + 1;
    if is_tell(&s.lower(text, v)) && k < n {
        let w = s.lower(text, k);
        if matches!(&*w, "him" | "her" | "them" | "us" | "me" | "reporters" | "journalists") {
            k += 1;
        } else if let Some(obj) = sources::np_after(text, &s.words(), k, n) {
            k = s.toks.partition_point(|t| t.span.start < obj.phrase.end);
        }
    }
    while k < n && !s.quoted[k] && is_time_word(&s.lower(text, k)) {
        // "said on Tuesday", but not "report on his activities"
        if &*s.lower(text, k) == "on"
            && !s.toks.get(k + 1).is_some_and(|t| {
                is_time_word(&s.lower(text, k + 1))
                    || t.text(text).starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase())
            })
        {
            break;
        }
        // "said on CNN's “State of the Union” (that) …": a venue, not the content
        if &*s.lower(text, k) == "on"
            && k + 1 < n
            && s.tags.is(k + 1, Class::CAPITALISED)
            && !is_time_word(&s.lower(text, k + 1))
        {
            k += 1;
            while k < n && (s.quoted[k] || s.tags.is(k, Class::CAPITALISED)) {
                k += 1;
            }
            if k < n && &*s.lower(text, k) == "that" {
                k += 1;
            }
            break;
        }
        k += 1;
    }
    // "Some residents say: it is time to go" — a colon, then the writer's words
    if k + 1 < n && s.toks[k].is_punct(':') && !s.quoted[k + 1] {
        k += 1;
    }
    Some(k)
}

/// The tokens where content can end: outside quotations, a semicolon, a comma, "and" or
/// "but", or a word after a comma that stood inside a closing mark. Every other token only
/// lets the scan of [`content_end`] go on, so it visits these alone: in a sentence of many
/// cues ("He said that he said that …") each content would otherwise rescan the sentence.
fn content_stops(text: &str, s: &Sent) -> Vec<usize> {
    (0..s.toks.len())
        .filter(|&k| {
            let t = &s.toks[k];
            !s.quoted[k]
                && (t.is_punct(';')
                    || t.is_punct(',')
                    || (t.span.len() == 3
                        && (t.text(text).eq_ignore_ascii_case("and") || t.text(text).eq_ignore_ascii_case("but")))
                    || (k >= 2 && s.quoted[k - 1] && s.toks[k - 2].is_punct(',') && t.is_word()))
        })
        .collect()
}

/// Where content starting at `a` ends (exclusive token index); `stops` are the sentence's
/// [`content_stops`].
fn content_end(text: &str, s: &Sent, stops: &[usize], a: usize, participle: bool) -> usize {
    let n = s.toks.len();
    let mut at = stops.partition_point(|&k| k < a);
    while let Some(&k) = stops.get(at) {
        at += 1;
        let t = &s.toks[k];
        if t.is_punct(';') {
            return k;
        }
        // "… looked “achievable, even conservative,” arguing that …": the comma stood inside
        // the closing mark
        if k >= a + 3
            && s.quoted[k - 1]
            && s.toks[k - 2].is_punct(',')
            && t.is_word()
            && s.lower(text, k).ends_with("ing")
        {
            return k;
        }
        if t.is_punct(',') && k > a {
            // a participle's content ends at its clause's comma, unless "that" opened a
            // clause of its own ("arguing that Paley drove home, parked the truck and …")
            if participle && !(a > 0 && &*s.lower(text, a - 1) == "that") {
                return k;
            }
            let next = if k + 1 < n { s.lower(text, k + 1) } else { Default::default() };
            // "…, and a lawyer for the group said …": a new attribution starts
            if matches!(&*next, "and" | "but")
                && (k + 2..n.min(k + 12)).any(|j| s.is_cue(text, j) && lexicon::is_claim_verb(&s.lower(text, j)))
            {
                return k;
            }
            // "its roof, which has leaked since 2019, may not survive": a clause inside the
            // content's subject, closed by a comma its verb follows
            if matches!(&*next, "which" | "who") {
                let close = (k + 2..n.min(k + 16)).find(|&j| s.toks[j].is_punct(',') || s.toks[j].is_punct('.'));
                if let Some(c) = close.filter(|&c| {
                    s.toks[c].is_punct(',')
                        && c + 1 < n
                        && (lexicon::is_auxiliary(&s.lower(text, c + 1))
                            || matches!(&*s.lower(text, c + 1), "may" | "might" | "must" | "can" | "could" | "should"))
                }) {
                    at = stops.partition_point(|&k| k <= c);
                    continue;
                }
            }
            if matches!(&*next, "according" | "but" | "which" | "although" | "though" | "whereas" | "as")
                || (next.ends_with("ing")
                    && next.len() > 5
                    && !s.quoted.get(k + 1).copied().unwrap_or(true)
                    && k - a >= 3
                    && !s.tags.is(k + 1, Class::CAPITALISED))
            {
                return k;
            }
            // "The mayor, who has denied any wrongdoing, said …": the main clause's verb
            if k + 1 < n && s.is_cue(text, k + 1) && !next.ends_with("ing") {
                return k;
            }
            // ", officials said." — a new source starts
            if let Some(v) = (k + 1..n.min(k + 10)).find(|&j| s.is_cue(text, j)) {
                if sources::subject_before(text, &s.words(), v, k + 1)
                    .is_some_and(|src| src.phrase.start == s.toks[k + 1].span.start)
                {
                    return k;
                }
            }
        }
        // "… and noted that …", "… but cautioned that …" (not "but worried about", "but adds to");
        // "… was fair but called on the city to pay": an appeal is a second act of the source
        if k > a + 2
            && t.span.len() == 3 // "and", "but": other tokens are not lower-cased
            && matches!(&*s.lower(text, k), "and" | "but")
            && k + 1 < n
            && s.is_cue(text, k + 1)
            && {
                let verb = s.lower(text, k + 1);
                lists::appeal_verbs(&verb)
                    || (lexicon::is_claim_verb(&verb)
                        && !(k + 2 < n && is_preposition(&s.lower(text, k + 2)) && &*s.lower(text, k + 2) != "that"))
            }
        {
            return k;
        }
    }
    n
}

/// Makes the span for tokens `[a, b)`, dropping closing punctuation outside quotations.
fn content_span(s: &Sent, a: usize, mut b: usize) -> Option<Span> {
    while b > a
        && !s.quoted[b - 1]
        && !s.toks[b - 1].is_word()
        && !s.toks[b - 1].is_punct(')')
        && !s.toks[b - 1].is_punct('%')
    {
        b -= 1;
    }
    if b <= a {
        return None;
    }
    Some(Span::new(s.toks[a].span.start, s.toks[b - 1].span.end))
}

/// Is the content `[a, b)` worth a claim: enough words, not a quotation alone, not starting
/// like an adverbial?
fn valid(text: &str, s: &Sent, a: usize, b: usize, after_that: bool) -> bool {
    // counted only as far as the tests below look (three): contents run to the sentence end
    let words = (a..b).filter(|&k| s.toks[k].is_word()).take(3).count();
    if words < 3 || a >= s.toks.len() {
        return false;
    }
    let unquoted_words = (a..b).filter(|&k| s.toks[k].is_word() && !s.quoted[k]).take(3).count();
    if unquoted_words == 0 || (s.quoted[a] && unquoted_words <= 2) {
        return false;
    }
    let first = s.lower(text, a);
    if !s.toks[a].is_word() && !s.quoted[a] {
        return false;
    }
    let quantity = matches!(&*first, "about" | "over" | "under")
        && s.toks.get(a + 1).is_some_and(|t| t.text(text).starts_with(|c: char| c.is_ascii_digit()));
    // "said pleasantly into the phone": the manner and the place of saying, not its content
    let manner = first.len() > 4 && first.ends_with("ly") && (a + 1 >= b || is_preposition(&s.lower(text, a + 1)));
    if !after_that && !object_clause(text, s, a, b) {
        return false;
    }
    (!is_preposition(&first) && !manner) || after_that || quantity
}

/// Content with no "that" must read as a clause, not as the verb's object or particle:
/// "charged him with assault", "pointed out four schools" report no statement ("accused him
/// of …", "urged them to …" do). An indefinite noun phrase stays content: PolNeAR counts
/// "announced a series of steps" as reported, the Gender Gap Tracker does not.
fn object_clause(text: &str, s: &Sent, a: usize, b: usize) -> bool {
    let first = s.lower(text, a);
    // "accused him of …", "described them as …", "urged him to …" report what was said
    let reported = a + 1 < b && matches!(&*s.lower(text, a + 1), "of" | "as" | "to");
    if lists::particles(&first) && !reported {
        return false;
    }
    true
}

/// The claims of one sentence.
pub fn find(text: &str, s: &Sent) -> Vec<FoundClaim> {
    let mut out = Vec::new();
    let n = s.toks.len();
    let mut stops: Option<Vec<usize>> = None; // made when a content is first looked for
                                              // only cues and "according" can open a claim: the sentence lists them (`Sent::next_cue`)
    let mut next = s.next_cue(0);
    while next < n {
        let v = next;
        next = s.next_cue(v + 1);
        if s.is_according(text, v) {
            if let Some(c) = according(text, s, v) {
                out.push(c);
            }
            continue;
        }
        if !s.is_cue(text, v) {
            continue;
        }
        // the verb in lower case, made once for the rules below
        let verb = s.lower(text, v);
        if !lexicon::is_claim_verb(&verb) || (verb.starts_with("den") && refusal(text, s, v)) {
            continue;
        }
        // "police will maintain a presence", "critics could argue that": speech only planned
        // or imagined reports nothing
        // (as written: "Ms. May told", "Will Ortiz said" name a speaker)
        if v > 0 && matches!(s.toks[v - 1].text(text), "will" | "would" | "could" | "should" | "might" | "must" | "may")
        {
            continue;
        }
        // "officials rejected writing that into the law": a gerund object, not a report
        if verb.ends_with("ing") && v > 0 && s.toks[v - 1].is_word() && s.lower(text, v - 1).ends_with("ed") {
            continue;
        }
        let cue = s.toks[v].span;
        // "Beck said, “…”": the verb introduces a direct quotation, not a claim
        let mut after = v + 1;
        while after < n && (s.toks[after].is_punct(',') || s.toks[after].is_punct(':')) {
            after += 1;
        }
        if after > v + 1 && after < n && s.quoted[after] {
            continue;
        }
        let participle = v > 0 && s.toks[v - 1].is_punct(',') && verb.ends_with("ing");
        // "C, said Larry Sabato, a director." — a name right after the verb that closes the
        // sentence is the source, whatever stands before the comma
        let after_src = (v > 0 && s.toks[v - 1].is_punct(',') && !is_tell(&verb))
            .then(|| sources::np_after(text, &s.words(), v + 1, n))
            .flatten()
            .filter(|src| {
                matches!(
                    src.kind,
                    SourceKind::Person
                        | SourceKind::Name
                        | SourceKind::Group
                        | SourceKind::Institution
                        | SourceKind::Description
                ) && {
                    let after = s.toks.partition_point(|t| t.span.start < src.phrase.end);
                    after >= n || s.toks[after].is_punct(',') || s.toks[after].is_punct('.')
                }
            });
        let source = after_src.or_else(|| subject_of(text, s, v));
        let Some(source) = source.or_else(|| {
            // "C, said X." — but in "…, said she wanted …" or "…, said the trust had …" the
            // phrase after the verb opens the content
            (v > 0 && s.toks[v - 1].is_punct(','))
                .then(|| sources::np_after(text, &s.words(), v + 1, n))
                .flatten()
                .filter(|src| {
                    let after = s.toks.partition_point(|t| t.span.start < src.phrase.end);
                    after >= n || !s.toks[after].is_word()
                })
        }) else {
            continue;
        };
        let src_first = s.toks.partition_point(|t| t.span.start < source.phrase.start);
        let posed_after = src_first > v; // "C, said X."
        if !posed_after {
            // "pointed out (that) four schools were built": the particle belongs to the verb
            let particle = |a: usize| a + 1 < n && verb.starts_with("point") && s.lower(text, a) == "out";
            let start = content_start(text, s, v).map(|a| if particle(a) { a + 1 } else { a });
            if let Some(a) = start {
                let after_that = a > 0 && s.lower(text, a - 1) == "that";
                let b = content_end(text, s, stops.get_or_insert_with(|| content_stops(text, s)), a, participle);
                if valid(text, s, a, b, after_that) {
                    if let Some(content) = content_span(s, a, b) {
                        out.push(FoundClaim { source, cue, content, rule: "claim_content_after" });
                        continue;
                    }
                }
            }
        }
        // "C, X said …" / "C, said X": content before the comma
        let comma = if posed_after { v.checked_sub(1) } else { src_first.checked_sub(1) };
        if let Some(c) = comma.filter(|&c| s.toks[c].is_punct(',') && !participle) {
            let a = clause_start(s, c);
            // "It was, he said, one of the failures": the content goes on after the verb
            let rest = (!posed_after
                && v + 2 < n
                && s.toks[v + 1].is_punct(',')
                && !s.lower(text, v + 2).ends_with("ing"))
            .then(|| (v + 2, content_end(text, s, stops.get_or_insert_with(|| content_stops(text, s)), v + 2, false)));
            // "After the vote, Ms. Lee acknowledged the defeat": a fronted phrase with no verb
            // is an introduction, not what was said
            // ("this", "his" and "always" end in -s like a verb but are none)
            let fronted_phrase = is_preposition(&s.lower(text, a))
                && !(a..c).any(|k| {
                    let l = s.lower(text, k);
                    s.toks[k].is_word()
                        && sources::verb_like(&l)
                        && !matches!(&*l, "this" | "his" | "its" | "hers" | "theirs" | "towards" | "always" | "perhaps")
                });
            let before = (a, if fronted_phrase { a } else { c });
            let (a, b, rule) = match rest {
                // "The pills have few uses, he says, and are meant for a short time": one
                // claim from the clause's start to the end of what goes on after the verb,
                // the words of saying inside it, as a reader marks the sentence
                // ("The clinic, the minister said, will open": a subject alone before the
                // comma, its verb after)
                Some((ra, rb))
                    if !fronted_phrase
                        && valid(text, s, ra, rb, true)
                        && (valid(text, s, a, c, true)
                            || (c > a && crate::lexicon::is_auxiliary(&s.lower(text, ra)))) =>
                {
                    (a, rb, "claim_around_cue")
                }
                Some((ra, rb)) if rb - ra > c - a && valid(text, s, ra, rb, true) => (ra, rb, "claim_content_before"),
                _ => (before.0, before.1, "claim_content_before"),
            };
            if valid(text, s, a, b, true) {
                if let Some(content) = content_span(s, a, b) {
                    out.push(FoundClaim { source, cue, content, rule });
                }
            }
        }
    }
    out
}

/// Is "deny" at `v` refusing something rather than contradicting a statement: passive ("was
/// denied bail", "have been denied the service"), a thing withheld ("denied a request",
/// "denied Mr. Lee's application"), or two objects ("denied Republicans the votes", "denied
/// his party the victory")? The object is read up to a preposition, "that" or punctuation:
/// "denied the substance of the story" and "denied that he knew" contradict.
fn refusal(text: &str, s: &Sent, v: usize) -> bool {
    if v > 0
        && matches!(&*s.lower(text, v - 1), "been" | "was" | "were" | "be" | "being" | "is" | "are" | "get" | "got")
    {
        return true;
    }
    let n = s.toks.len();
    let mut determiners = 0;
    for k in v + 1..n.min(v + 8) {
        if !s.toks[k].is_word() || s.quoted[k] {
            break;
        }
        let w = s.lower(text, k);
        if &*w == "that" || lists::prepositions(&w) {
            break;
        }
        if lists::withheld_things(&w) {
            return true;
        }
        // a second object opens after a first one: "the votes" after "Republicans"
        if matches!(&*w, "the" | "a" | "an") || (k > v + 1 && matches!(&*w, "his" | "her" | "their")) {
            if k > v + 1
                && (determiners > 0
                    || s.tags.is(k - 1, Class::CAPITALISED)
                    || matches!(&*s.lower(text, k - 1), "him" | "them" | "us" | "me"))
            {
                return true;
            }
            determiners += 1;
        }
    }
    false
}

/// The start of the clause that ends at token `end`: after the last semicolon or quotation
/// before it, or the sentence start.
fn clause_start(s: &Sent, end: usize) -> usize {
    (0..end).rev().find(|&j| s.toks[j].is_punct(';')).map_or(0, |j| j + 1)
}

fn according(text: &str, s: &Sent, v: usize) -> Option<FoundClaim> {
    let n = s.toks.len();
    let cue = Span::new(s.toks[v].span.start, s.toks[v + 1].span.end);
    let src_end = (v + 2..n).find(|&k| s.toks[k].is_punct(',') || s.quoted[k]).unwrap_or(n);
    let leading = v == 0 || (v == 1 && !s.toks[0].is_word());
    // "C, according to its director, Ann Osei.": the source's apposition runs to the next comma
    let np_end = if leading || src_end >= n {
        src_end
    } else {
        (src_end + 1..n).find(|&k| s.toks[k].is_punct(',') || s.quoted[k]).unwrap_or(n)
    };
    let source = sources::np_after(text, &s.words(), v + 2, np_end).or_else(|| {
        // "according to its director": "its" and "her" are stop words (objects as often), but
        // here they are the possessive of a noun that follows
        let det = s.toks.get(v + 2).filter(|t| matches!(t.text(text), "its" | "her"))?;
        // a common noun ("its director", "her lawyer"), not a name ("its FEC filings")
        s.toks.get(v + 3).filter(|t| t.text(text).bytes().all(|b| b.is_ascii_lowercase()))?;
        let mut src = sources::np_after(text, &s.words(), v + 3, np_end)?;
        if src.phrase.start == s.toks[v + 3].span.start {
            src.phrase.start = det.span.start;
            src.name.start = det.span.start;
        }
        Some(src)
    })?;
    let (a, b) = if leading {
        // "According to X, C."
        if src_end >= n || !s.toks[src_end].is_punct(',') {
            return None;
        }
        let a = src_end + 1;
        (a, content_end(text, s, &content_stops(text, s), a, false))
    } else {
        // "C, according to X."
        let c = v - 1;
        if !s.toks[c].is_punct(',') {
            return None;
        }
        // "X has said …, and ticket sales are up, according to the team": only the last clause
        let start = clause_start(s, c);
        let joined = (start..c).rev().find(|&k| {
            !s.quoted[k]
                && matches!(&*s.lower(text, k), "and" | "but")
                && k > 0
                && (s.toks[k - 1].is_punct(',') || s.quoted[k - 1])
        });
        match joined {
            Some(k) if (start..k).any(|j| s.is_cue(text, j)) => (k + 1, c),
            _ => (start, c),
        }
    };
    // a claim or quotation with its own cue inside is that cue's; "according to" then only
    // names where it was reported
    if (a..b).any(|k| s.is_cue(text, k) && lexicon::is_claim_verb(&s.lower(text, k))) {
        return None;
    }
    if !valid(text, s, a, b, true) {
        return None;
    }
    let rule = if leading { "according_to_leading" } else { "according_to_trailing" };
    Some(FoundClaim { source, cue, content: content_span(s, a, b)?, rule })
}
