//! Finding who speaks: the noun phrase that is the source of a cue verb.
//!
//! There is no tagger here, only the shape of English news sentences: a source is a run of
//! capitalised names, titles, group nouns ("officials", "ministry"), their adjectives and
//! possessives, maybe a determiner, ending right before the cue verb (adverbs, auxiliaries and
//! time words may stand between), or right after it ("said John Kirby"). Appositions give the
//! name either way round: "Sasha Baker, the acting undersecretary, said" and "the bloc's top
//! diplomat, Josep Borrell, said" both name the person.

use crate::lexicon::{self, lists, Gender, Pronoun};
use crate::span::Span;
use crate::tags::Words;
use crate::words::{is_capitalized, lower_base, lower_base_of, Token};

/// What kind of thing a source is, as far as the words show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A person's name, two or more capitalised words after titles ("Israel Katz").
    Person,
    /// One capitalised word: a surname, a country, an organisation ("Katz", "Israel").
    Name,
    /// A group or institution headed by a plural noun ("South Korean officials").
    Group,
    /// An institution headed by a singular noun ("the Israeli military", "the Kremlin").
    Institution,
    /// A description with a common noun head ("the ad's narrator", "Johnson's doctor").
    Description,
    /// A personal pronoun still to resolve.
    Pronoun(Pronoun),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The whole noun phrase as written.
    pub phrase: Span,
    /// The part that names the speaker: the person's name without titles, or the whole group.
    pub name: Span,
    pub kind: SourceKind,
    pub gender: Option<Gender>,
}

fn is_determiner(w: &str) -> bool {
    // the bytes, not the `str`: byte patterns compile to a decision on the length and the
    // letters, `str` ones to a comparison with each word in turn
    lists::determiners(w)
}

/// Could token `i`, lower-cased `l`, stand inside a source noun phrase? Like [`np_word`], but
/// a word in -ing right after a determiner is a noun ("the ruling", "the filing").
fn np_word_at(text: &str, toks: &Words<'_>, i: usize, l: &str) -> bool {
    np_word_lower(text, &toks[i], l)
        || honorific_name(text, toks, i)
        || (i > 0
            && toks[i].is_word()
            && toks[i].text(text).ends_with("ing")
            && (matches!(toks.lower(text, i - 1).as_ref(), "the" | "a" | "an" | "this" | "that")
                || crate::words::is_possessive(toks[i - 1].text(text))))
}

/// "Ms. May", "Mr. Will", "Dr. Young": a capitalised word after an honorific is a name, even
/// one that is elsewhere a month, a modal verb or an adjective.
fn honorific_name(text: &str, toks: &Words<'_>, i: usize) -> bool {
    i > 0
        && toks[i].is_word()
        && toks.is_capitalized(i)
        && toks[i - 1].is_word()
        && matches!(
            toks.lower(text, i - 1).as_ref(),
            "mr" | "mr." | "mrs" | "mrs." | "ms" | "ms." | "miss" | "dr" | "dr." | "sir" | "dame"
        )
}

/// Could `t` stand inside a source noun phrase?
fn np_word(text: &str, toks: &Words<'_>, i: usize) -> bool {
    toks[i].is_word() && np_word_lower(text, &toks[i], &toks.lower(text, i))
}

/// [`np_word`] of a token already lower-cased as `l`: the walks over noun phrases have it at
/// hand, and lower-casing was a third of the cost.
fn np_word_lower(text: &str, t: &Token, l: &str) -> bool {
    if !t.is_word() {
        return false;
    }
    let w = t.text(text);
    if is_capitalized(w) || w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return !lexicon::is_non_name(l) || is_determiner(l);
    }
    if lexicon::is_phrase_stop(l) {
        return false;
    }
    if lexicon::is_group_noun(&lower_base_of(w, l)) || lexicon::is_title(l) || is_determiner(l) {
        return true;
    }
    // other lower-case words: adjectives and nouns, not verbs ("state media", "hard-line member"),
    // irregular past tenses included ("His wife came to the hearing")
    !(l.ends_with("ed") || l.ends_with("ing") || (l.ends_with("ly") && !lists::ly_nouns(l)) || is_irregular_past(l))
}

/// Common irregular past tenses, which the "-ed" test misses.
fn is_irregular_past(l: &str) -> bool {
    lists::irregular_pasts(l)
}

/// Words that may stand between a source and its verb ("Putin on Friday briefed").
fn skippable_between(text: &str, t: &Token) -> bool {
    if !t.is_word() {
        return false;
    }
    let w = t.text(text);
    let l = crate::words::lower(w);
    lexicon::is_day_word(&l)
        || lexicon::is_auxiliary(&l)
        || lists::between_source_and_verb(l.as_ref())
        || (l.ends_with("ly") && l.len() > 4 && !is_capitalized(w) && !lists::ly_nouns(&l))
}

/// The source whose phrase ends right before token `k` (a cue verb), not reaching before `floor`.
pub fn subject_before(text: &str, toks: &Words<'_>, k: usize, floor: usize) -> Option<Source> {
    let mut j = k;
    loop {
        while j > floor && skippable_between(text, &toks[j - 1]) && !honorific_name(text, toks, j - 1) {
            j -= 1;
        }
        // "who in 2010 said", "which on Monday reported": a time between subject and verb
        if j >= floor + 2
            && toks[j - 1].is_word()
            && matches!(toks.lower(text, j - 2).as_ref(), "in" | "on" | "since")
            && {
                let w = toks[j - 1].text(text);
                (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
                    || lexicon::is_day_word(&toks.lower(text, j - 1))
            }
        {
            j -= 2;
            continue;
        }
        // "Rep. Gwen Moore (D-Wis.) said": a parenthesis between name and verb
        if j > floor && toks[j - 1].is_punct(')') {
            if let Some(open) = (j.saturating_sub(10).max(floor)..j - 1).rev().find(|&i| toks[i].is_punct('(')) {
                j = open;
                continue;
            }
        }
        break;
    }
    if j <= floor {
        return None;
    }
    let last = j - 1;
    if toks[last].is_punct(',') {
        return apposition_before(text, toks, last, floor);
    }
    let l = toks.lower(text, last);
    // "the department, which reported": the relative pronoun stands for the phrase before it
    if matches!(l.as_ref(), "who" | "which") && last > floor {
        let mut r = last;
        if toks[r - 1].is_punct(',') {
            r -= 1;
            // "McConnell, now the majority leader, who said": the name the apposition describes
            if let Some(src) = apposition_before(text, toks, r, floor)
                .filter(|x| matches!(x.kind, SourceKind::Person | SourceKind::Name))
            {
                return Some(src);
            }
        }
        if r > floor {
            let start = np_start(text, toks, r - 1, floor)?;
            return build(text, toks, start, r - 1);
        }
        return None;
    }
    if let Some(p) = lexicon::pronoun(&l) {
        if matches!(l.as_ref(), "he" | "she" | "they" | "it" | "we" | "i") {
            return Some(pronoun_source(toks[last].span, p));
        }
        return None;
    }
    // "Another cautioned that …", "One said …" opening a clause: one of the group just quoted
    if matches!(l.as_ref(), "another" | "one") && (last == floor || !toks[last - 1].is_word()) {
        return Some(pronoun_source(toks[last].span, Pronoun::They));
    }
    // "He's suggesting", "they've said", "she'd told": a pronoun with its auxiliary
    if let Some((pro, _)) = l.split_once(['\'', '’']) {
        if let Some(p) = lexicon::pronoun(pro).filter(|_| matches!(pro, "he" | "she" | "they" | "it" | "we" | "i")) {
            let t = toks[last].span;
            return Some(pronoun_source(Span::new(t.start, t.start + pro.len()), p));
        }
    }
    let start = np_start(text, toks, last, floor)?;
    // "Protesters marching through the streets chanted": the phrase is the object of a
    // participle's preposition; the subject is what the participle describes
    // ("Another source speaking to Fox News said", "a lawyer working for the family said")
    if start >= floor + 3
        && (is_place_preposition(&toks.lower(text, start - 1))
            || matches!(toks.lower(text, start - 1).as_ref(), "to" | "with" | "for" | "about"))
        && {
            let p = toks.lower(text, start - 2);
            p.ends_with("ing") && p.len() > 5 && !toks.is_capitalized(start - 2)
        }
    {
        if let Some(src) = np_start(text, toks, start - 3, floor).and_then(|a| build(text, toks, a, start - 3)) {
            return Some(src);
        }
    }
    // "Architects who have toured the building say": the phrase found is the relative
    // clause's object; the subject is what "who" stands for
    if let Some(w) = (start.saturating_sub(6).max(floor + 1)..start).rev().find(|&i| toks.lower(text, i) == "who") {
        if (w + 1..start).all(|i| toks[i].is_word()) && !toks[w - 1].is_punct(',') {
            if let Some(head) = np_start(text, toks, w - 1, floor).and_then(|a| build(text, toks, a, w - 1)) {
                return Some(head);
            }
        }
    }
    // "her office told", "his spokesman said": the possessive names whose office it is
    // ("her" is otherwise a stop: "told her")
    let start = if start > floor
        && matches!(toks.lower(text, start - 1).as_ref(), "her" | "his" | "their")
        && !toks.is_capitalized(start)
    {
        start - 1
    } else {
        start
    };
    let src = build(text, toks, start, last)?;
    let first = toks.lower(text, start);
    if (first == "a" || first == "an") && j == k && lexicon::is_base_form(&toks.lower(text, k)) {
        return None; // "a Donald Trump tweet" is a noun phrase, not a subject
    }
    Some(src)
}

/// A phrase that cannot be anybody's name although it was built like one: a headline in
/// capitals ("IOWA POLLS") or an adverb opening the sentence ("Specifically, …").
pub fn implausible(text: &str, src: &Source) -> bool {
    let name = src.name.slice(text);
    let shouted = name
        .split_whitespace()
        // most words have a lower-case letter: that is looked for before letters are counted
        .filter(|w| w.chars().all(|c| !c.is_lowercase()) && w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .count();
    if shouted >= 2 {
        return true;
    }
    // the rest is about a single capitalised word: other names are not lower-cased for it
    let single = !name.contains(' ') && is_capitalized(name);
    if !single {
        return false;
    }
    let l = crate::words::lower(name);
    // "Twenty-two", "Thirty": a number is nobody's name
    let tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred"];
    if tens.iter().any(|t| l.starts_with(t)) {
        return true;
    }
    // adverbs ("Eventually") and abstract nouns ("Controversy", "Governance") opening a
    // sentence; the lengths keep names like Florence, Lance and Clement
    let adverb = ["ally", "ously", "ently", "antly", "edly", "ably", "ibly", "fully", "ively"]
        .iter()
        .any(|suf| l.ends_with(suf) && l.len() > suf.len() + 2)
        || (l.ends_with("ily") && l.len() >= 7);
    let abstract_noun = [
        ("ity", 8),
        ("ness", 7),
        ("ment", 8),
        ("tion", 6),
        ("sion", 6),
        ("ism", 6),
        ("ship", 7),
        ("ance", 9),
        ("ence", 9),
        ("versy", 7),
    ]
    .iter()
    .any(|&(suf, min)| l.ends_with(suf) && l.len() >= min);
    adverb || abstract_noun
}

fn is_place_preposition(w: &str) -> bool {
    lists::place_prepositions(w)
}

pub(crate) fn pronoun_source(span: Span, p: Pronoun) -> Source {
    let gender = match p {
        Pronoun::He => Some(Gender::Male),
        Pronoun::She => Some(Gender::Female),
        _ => None,
    };
    Source { phrase: span, name: span, kind: SourceKind::Pronoun(p), gender }
}

/// Walks back from the head at `last` over noun-phrase words; returns the first index.
fn np_start(text: &str, toks: &Words<'_>, last: usize, floor: usize) -> Option<usize> {
    let head = toks.lower(text, last);
    if !np_word_at(text, toks, last, &head) {
        return None;
    }
    if is_determiner(&head)
        && !matches!(head.as_ref(), "others" | "some" | "many" | "most" | "both" | "all" | "several")
    {
        return None;
    }
    let mut i = last;
    while i > floor && last - i < 12 {
        // Della “Sparky” Maguire
        if i >= floor + 4 && crate::words::nickname_at(text, toks, i - 3) {
            i -= 4;
            continue;
        }
        let t = &toks[i - 1];
        let l = toks.lower(text, i - 1);
        if np_word_lower(text, t, &l) {
            i -= 1;
            // "two people with knowledge of the deal": a determiner after a linking
            // preposition does not start the phrase
            if is_determiner(&l) && !(i > floor + 1 && links_np(text, toks, i - 1, floor, last)) {
                break;
            }
        } else if links_np(text, toks, i - 1, floor, last) {
            i -= 1;
        } else if i < last && toks.lower(text, i) == "in" && lists::number_words(l.as_ref()) {
            i -= 1; // "but six in 10 said": the number word that links_np let in
        } else if i - 1 > floor && t.is_word() && (l.ends_with("ed") || l.ends_with("ing")) && {
            // "the retired teacher", "an unnamed official": a participle between a
            // determiner and the noun
            let d = toks[i - 2].text(text);
            is_determiner(&crate::words::lower(d)) || crate::words::is_possessive(d)
        } {
            i -= 1;
        } else {
            break;
        }
    }
    // "her statement said": the possessive pronoun names whose document it is
    if i > floor
        && is_document_noun(&head)
        && matches!(toks.lower(text, i - 1).as_ref(), "his" | "her" | "its" | "their")
    {
        i -= 1;
    }
    Some(i)
}

/// Does the non-noun word at `i` still join a noun phrase that ends at `last`?
/// "Chamber of Commerce", "governments and experts", "herders in Niger's Tillabéri region",
/// "the city's planning department".
fn links_np(text: &str, toks: &Words<'_>, i: usize, floor: usize, last: usize) -> bool {
    if i <= floor || i >= last {
        return false;
    }
    let l = toks.lower(text, i);
    let before = &toks[i - 1];
    let w = before.text(text);
    match l.as_ref() {
        "of" if is_quantity(&toks.lower(text, i - 1)) => true,
        // "one of the people", "two of his aides"
        "of" if matches!(toks.lower(text, i - 1).as_ref(), "one" | "two" | "three" | "four" | "some" | "none")
            && toks[i + 1].is_word()
            && (is_determiner(&toks.lower(text, i + 1)) || crate::words::is_possessive(toks[i + 1].text(text))) =>
        {
            true
        }
        "of" | "and" | "&" => np_word(text, toks, i - 1) && is_nameish(text, before),
        // "four in 10", "six in 10"
        "in" if toks[i + 1].text(text).bytes().all(|b| b.is_ascii_digit())
            && (w.bytes().all(|b| b.is_ascii_digit()) || lists::number_words(&toks.lower(text, i - 1))) =>
        {
            true
        }
        // "people familiar with the matter", "a source close to the talks", "officials
        // briefed on the plan": the adjective's preposition goes on with the phrase
        "with" | "to" | "on" | "in" if is_source_adjective(&toks.lower(text, i - 1)) => true,
        "in" | "at" | "from" | "with" | "for" => {
            np_word(text, toks, i - 1)
                && (lexicon::is_group_noun(&lower_base(w))
                    || (w.ends_with('s') && !crate::words::is_possessive(w) && w.len() > 3)
                    || (is_capitalized(w) && l != "for" && l != "with")
                    // "A Rally for Fair Roads": a name with "for" inside
                    || (is_capitalized(w) && l == "for" && toks.is_capitalized(i + 1)))
        }
        _ if is_source_adjective(&l) => np_word(text, toks, i - 1) && !is_capitalized(w),
        _ => {
            toks[i].is_word()
                && l.ends_with("ing")
                && (crate::words::is_possessive(w) || is_determiner(&crate::words::lower(w)) || is_capitalized(w))
        }
    }
}

/// Papers that speak for whoever keeps them: "according to court filings", "police records
/// show", "Census data".
fn is_record_noun(w: &str) -> bool {
    lists::record_nouns(w)
}

/// An adjective that describes an unnamed source by what it knows: "people familiar with the
/// matter", "a person close to the family", "officials briefed on the plan".
fn is_source_adjective(w: &str) -> bool {
    matches!(w, "familiar" | "close" | "briefed" | "knowledgeable" | "involved")
}

/// "half of", "40 percent of", "a majority of": a share of a group
fn is_quantity(w: &str) -> bool {
    lists::quantity_nouns(w)
}

fn is_nameish(text: &str, t: &Token) -> bool {
    let w = t.text(text);
    is_capitalized(w) || lexicon::is_group_noun(&lower_base(w))
}

fn apposition_before(text: &str, toks: &Words<'_>, comma: usize, floor: usize) -> Option<Source> {
    apposition_before_in(text, toks, comma, floor, true)
}

/// [`apposition_before`]; `again`: the apposition may itself hold a comma, as a title that
/// lists ("Navdeep Bains, Minister of Innovation, Science and Economic Development, said"),
/// so when neither side of the last comma is a person the comma before is tried once.
fn apposition_before_in(text: &str, toks: &Words<'_>, comma: usize, floor: usize, again: bool) -> Option<Source> {
    // find the comma that opens the apposition
    let mut i = comma;
    let lim = comma.saturating_sub(25).max(floor);
    while i > lim {
        i -= 1;
        // a comma inside a number ("11,000") opens nothing
        let in_number = toks[i].is_punct(',')
            && i > 0
            && i + 1 < toks.len()
            && toks[i - 1].span.end == toks[i].span.start
            && toks[i + 1].span.start == toks[i].span.end;
        // "in Columbus, Ohio, said": a place and its state are one name
        let place = toks[i].is_punct(',')
            && i > 0
            && i + 2 == comma
            && toks[i + 1].is_word()
            && toks.is_capitalized(i + 1)
            && toks[i - 1].is_word()
            && toks.is_capitalized(i - 1);
        if (toks[i].is_punct(',') && !in_number && !place) || toks[i].is_punct('—') || toks[i].is_punct('(') {
            break;
        }
        if !toks[i].is_word()
            && !in_number
            && !place
            && !matches!(toks[i].kind, crate::words::Kind::Punct('.' | '-' | '‘' | '’' | '“' | '”' | '"' | '\''))
        {
            return None;
        }
    }
    let open = i;
    let inner = (open + 1, comma);
    let opened = toks[open].is_punct(',') || toks[open].is_punct('—') || toks[open].is_punct('(');
    if !opened || inner.0 >= inner.1 {
        return None;
    }
    let inner_first = toks.lower(text, inner.0);
    // the second try looks only for a title that lists: "…, Minister of Innovation, Science …"
    if !again && !lexicon::is_title(&inner_first) {
        return None;
    }
    // "Rosa Lind, 63, a voter, said": an age between the name and the apposition
    let aged = open >= floor + 3
        && toks[open - 2].is_punct(',')
        && toks[open - 1].text(text).len() <= 3
        && toks[open - 1].text(text).bytes().all(|b| b.is_ascii_digit());
    let open_outer = if aged { open - 2 } else { open };
    let outer = if aged {
        np_start(text, toks, open_outer - 1, floor)
            .and_then(|s| build(text, toks, s, open_outer - 1))
            .filter(|o| matches!(o.kind, SourceKind::Person | SourceKind::Name))
    } else if open > floor {
        np_start(text, toks, open - 1, floor).and_then(|s| build(text, toks, s, open - 1))
    } else {
        None
    };
    let inner_src = np_start(text, toks, inner.1 - 1, inner.0)
        .filter(|&s| s == inner.0 || s == inner.0 + 1)
        .and_then(|s| build(text, toks, s, inner.1 - 1));
    let relative = lists::apposition_openers(inner_first.as_ref());
    match (outer, inner_src) {
        (Some(o), _) if relative => {
            // "Donald Tusk, the president of the European Council, which represents EU
            // leaders, urged": the relative clause is on an apposition; its name speaks
            if again && o.kind != SourceKind::Person && open > floor && toks[open].is_punct(',') {
                if let Some(p) =
                    apposition_before_in(text, toks, open, floor, true).filter(|p| p.kind == SourceKind::Person)
                {
                    return Some(p);
                }
            }
            Some(o)
        }
        (Some(o), Some(n)) => {
            // "Sasha Baker, the acting undersecretary," → the outer name;
            // "the bloc's top diplomat, Josep Borrell," → the inner one
            let described = matches!(inner_first.as_ref(), "a" | "an" | "the" | "one");
            if n.kind == SourceKind::Person && o.kind != SourceKind::Person {
                Some(n)
            } else if matches!(o.kind, SourceKind::Person | SourceKind::Name)
                || (described && is_capitalized(strip_all(strip_all(o.name.slice(text), "The "), "the ")))
            {
                Some(o)
            } else if again && n.kind != SourceKind::Person && toks[open].is_punct(',') {
                apposition_before_in(text, toks, open, floor, false)
                    .filter(|p| p.kind == SourceKind::Person)
                    .or(Some(n))
            } else {
                Some(n)
            }
        }
        (Some(o), None) => Some(o),
        (None, Some(n)) if !relative => Some(n),
        _ => None,
    }
}

/// Builds a source from the noun phrase `toks[a..=b]`, in stages: a document's possessor, a
/// part of a group, a phrase with a preposition inside, a name at its end, and what its head
/// noun says.
fn build(text: &str, toks: &Words<'_>, mut a: usize, b: usize) -> Option<Source> {
    // leading conjunctions are not part of it
    while a < b && lists::phrase_leaders(toks.lower(text, a).as_ref()) {
        a += 1;
    }
    let phrase = Span::new(toks[a].span.start, toks[b].span.end);
    if let Some(src) = document_possessor(text, toks, a, b) {
        return Some(src);
    }
    // the phrase's words, on the stack for any phrase the rules build (at most a dozen words)
    let mut stack = [""; 16];
    let heap: Vec<&str>;
    let words: &[&str] = if b + 1 - a <= stack.len() {
        for (w, t) in stack.iter_mut().zip(&toks[a..=b]) {
            *w = t.text(text);
        }
        &stack[..b + 1 - a]
    } else {
        heap = toks[a..=b].iter().map(|t| t.text(text)).collect();
        &heap
    };
    // "a lawyer for the group", "herders in the region": the head stands before the preposition
    let head_at = words
        .iter()
        .position(|w| matches!(*w, "for" | "at" | "from" | "with" | "in"))
        .filter(|&p| p > 0)
        .map_or(words.len() - 1, |p| p - 1);
    let head = lower_base(words.get(head_at)?);
    if let Some(src) = part_of_group(phrase, words)
        .or_else(|| with_preposition(text, toks, a, b, phrase, words))
        .or_else(|| name_at_end(text, toks, a, b, phrase, words))
    {
        return Some(src);
    }
    by_head(phrase, words, &head)
}

/// The gender an honorific among `words` gives ("Mrs. Lee", "the congressman"). Looked for only
/// when a source is made, and only words that can start an honorific are lower-cased for it.
fn gender_of(words: &[&str]) -> Option<Gender> {
    // (a possessive before the head is its owner's: "the mother's goal" is no woman)
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .filter(|&(i, w)| {
            w.as_bytes().first().is_some_and(|&c| lexicon::may_start_honorific(c))
                && (i == last || !crate::words::is_possessive(w))
        })
        .find_map(|(_, w)| lexicon::honorific_gender(&lower_base(w)))
}

/// Some of a group: "one of the women", "people close to Clinton", "six in 10".
fn part_of_group(phrase: Span, words: &[&str]) -> Option<Source> {
    let gender = || gender_of(words);
    // "one of the prosecutors for David Petraeus", "two of the women": some of a group, not
    // whoever the group is named after
    if let [n, "of", _, ..] = words {
        if matches!(*n, "one" | "One" | "two" | "Two" | "three" | "Three" | "some" | "Some") {
            let kind = if n.eq_ignore_ascii_case("one") { SourceKind::Description } else { SourceKind::Group };
            return Some(Source { phrase, name: phrase, kind, gender: gender() });
        }
    }
    // "people close to Clinton", "a source familiar with the plan": the head before the
    // adjective is the source, not whoever it is close to
    if let Some(p) = words.iter().position(|w| is_source_adjective(w)).filter(|&p| p > 0 && p + 1 < words.len()) {
        let head = lower_base(words[p - 1]);
        let plural = words[p - 1].ends_with('s') || head == "people";
        let kind = if plural { SourceKind::Group } else { SourceKind::Description };
        return Some(Source { phrase, name: phrase, kind, gender: None });
    }
    // "six in 10", "4 in 5": a share of the people asked
    if let [_, "in", n] = words[words.len().saturating_sub(3)..] {
        if n.bytes().all(|c| c.is_ascii_digit()) && words.len() <= 4 {
            return Some(Source { phrase, name: phrase, kind: SourceKind::Group, gender: None });
        }
    }
    None
}

/// A prepositional phrase inside: "Marie-Claire Fontaine of Bernhardt & Cie in Paris" is the
/// person before it; "a spokesman for the Department of Health", "Midwives at Wyeford" are the
/// whole phrase; "the Chamber of Commerce" is left to the name rules (`None`).
fn with_preposition(text: &str, toks: &Words<'_>, a: usize, b: usize, phrase: Span, words: &[&str]) -> Option<Source> {
    let gender = || gender_of(words);
    // (each preposition is two to four bytes long: other tokens are not lower-cased)
    if let Some(p) = (a + 1..=b).find(|&i| {
        matches!(toks[i].span.len(), 2..=4)
            && matches!(toks.lower(text, i).as_ref(), "of" | "for" | "at" | "from" | "with" | "in")
    }) {
        // "Students for Reform president Dana Fells": an organisation's name (capitalised on both
        // sides of the preposition), then a post and a name; the person speaks ("a spokesman
        // for Mayor Dana Fells" is the spokesman: lower case before the preposition)
        if toks.is_capitalized(p - 1) && p + 1 < b && toks.is_capitalized(p + 1) {
            let post = (p + 2..b).rfind(|&t| {
                !toks.is_capitalized(t)
                    && lexicon::is_title(&toks.lower(text, t))
                    && toks[t + 1..=b].iter().all(|n| n.is_word() && is_capitalized(n.text(text)))
            });
            if let Some(person) = post.and_then(|t| build(text, toks, t, b)).filter(|s| s.kind == SourceKind::Person) {
                return Some(Source { phrase, ..person });
            }
        }
        let left_last = lower_base_of(toks[p - 1].text(text), toks.form(text, p - 1));
        let org =
            lexicon::is_group_noun(&left_last) || lexicon::is_title(&left_last) || lexicon::is_org_head(&left_last);
        let of = toks.lower(text, p) == "of";
        // "A Rally for Resources": capitalised on both sides of "for", an organisation's name
        let named = toks.lower(text, p) == "for" && toks.is_capitalized(p - 1) && p < b && toks.is_capitalized(p + 1);
        // (but "Cameron Easley for Morning Consult" is a person: a first name and a surname,
        // or a first name the lists know)
        let first_named = |s: &Source| {
            let name = s.name.slice(text);
            p - a == 2
                || lexicon::first_name_gender(&crate::words::lower(name.split(' ').next().unwrap_or(""))).is_some()
        };
        if !org {
            if let Some(person) =
                build(text, toks, a, p - 1).filter(|s| s.kind == SourceKind::Person && (!named || first_named(s)))
            {
                return Some(Source { phrase, ..person });
            }
        }
        if !of || !toks.is_capitalized(p - 1) {
            let plural = left_last.ends_with('s') && !left_last.ends_with("ss");
            let kind = if plural {
                SourceKind::Group
            } else if (org || named) && !lexicon::is_title(&left_last) {
                SourceKind::Institution
            } else {
                SourceKind::Description
            };
            if p > a && (p - a >= 2 || org || plural || toks.is_capitalized(a)) {
                return Some(Source { phrase, name: phrase, kind, gender: gender() });
            }
        }
    }
    None
}

/// A name at the end of the phrase: a person, a name, an institution or people named together.
fn name_at_end(text: &str, toks: &Words<'_>, a: usize, b: usize, phrase: Span, words: &[&str]) -> Option<Source> {
    let gender = || gender_of(words);
    // the trailing run of capitalised words that are not titles or group nouns: a name
    // (in one lookup of the three lists when the word's base is the word, as it nearly always is)
    let name_word = |w: &str| {
        is_capitalized(w) && !crate::words::is_possessive(w) && {
            let l = crate::words::lower(w);
            let base = lower_base_of(w, &l);
            if *base == *l {
                !lexicon::is_title_non_name_or_group_noun(&l)
            } else {
                !lexicon::is_title(&l) && !lexicon::is_group_noun(&base) && !lexicon::is_non_name(&l)
            }
        }
    };
    let mut r = b + 1;
    let mut organisation = false;
    let mut joined = false;
    while r > a {
        let w = toks[r - 1].text(text);
        if name_word(w) || honorific_name(text, toks, r - 1) {
            r -= 1;
            continue;
        }
        let l = crate::words::lower(w);
        if r - 1 > a && r <= b && (l == "of" || l == "for") && toks.is_capitalized(r - 2) {
            // "Chamber of Commerce", "University of Michigan": the whole name
            organisation = true;
            r -= 2;
            while r > a && toks.is_capitalized(r - 1) && !lexicon::is_non_name(&toks.lower(text, r - 1)) {
                r -= 1;
            }
            break;
        } else if r - 1 > a && r <= b && (l == "and" || l == "&") && name_word(toks[r - 2].text(text)) {
            // "Paul Dumont and Grace Whitfield": two people speaking together
            joined = true;
            r -= 1;
        } else if r <= b && (w.ends_with("s’") || w.ends_with("s'")) && is_capitalized(w) {
            // "the Riverside Supporters’ Trust"
            organisation = true;
            r -= 1;
        } else {
            break;
        }
    }
    if r <= b {
        let name = Span::new(toks[r].span.start, toks[b].span.end);
        let n = b + 1 - r;
        let titled = r > a;
        // "the Washington Post", "The Great Debate Debate": a name after "the" is no person's
        let the = titled && toks.lower(text, r - 1) == "the";
        // "Bellhaven Housing Partners LLC", "Corvane Systems Inc.": a company, whom "he" never means
        let company = n >= 2 && lists::company_suffixes(toks.lower(text, b).as_ref());
        let kind = if joined {
            SourceKind::Group
        } else if organisation || company || (the && n >= 2) {
            SourceKind::Institution
        } else if n >= 2 || (titled && lexicon::is_title(&toks.lower(text, r - 1))) {
            SourceKind::Person
        } else {
            SourceKind::Name
        };
        // "Russia's Cabinet" style ends in a group noun and never reaches here
        return Some(Source { phrase, name, kind, gender: gender() });
    }
    None
}

/// What the head noun says when no name does: a share of a group, a group or an institution
/// ("officials", "the ministry"), or a description ("the announcer", "the 34-year-old").
fn by_head(phrase: Span, words: &[&str], head: &str) -> Option<Source> {
    let gender = || gender_of(words);
    let quantity = lists::share_heads(head)
        || (head.chars().all(|c| c.is_ascii_digit()) && words.len() >= 3 && words[words.len() - 2] == "in");
    if quantity {
        return Some(Source { phrase, name: phrase, kind: SourceKind::Group, gender: gender() });
    }
    if lexicon::is_group_noun(head) || lexicon::is_title(head) || is_determiner(head) {
        let plural = head.ends_with('s') || lists::plural_heads(head);
        let kind = if plural && !matches!(head, "news" | "congress" | "business" | "campus") {
            SourceKind::Group
        } else {
            SourceKind::Institution
        };
        // a bare determiner like "the" names nothing
        if words.len() == 1 && is_determiner(head) && !matches!(head, "others" | "some" | "many" | "most" | "several") {
            return None;
        }
        return Some(Source { phrase, name: phrase, kind, gender: gender() });
    }
    // a common noun head: a description, when something marks it as a noun phrase (a
    // determiner, a possessive, a capitalised modifier) — "the announcer", "Johnson's doctor"
    let plural = head.ends_with('s') && !head.ends_with("ss") && head.len() > 3;
    let marked = words.len() >= 2
        && (plural
            || is_determiner(&crate::words::lower(words[0]))
            || words[..words.len() - 1].iter().any(|w| is_capitalized(w) || crate::words::is_possessive(w)));
    // "the 34-year-old": an age stands for the person given it
    let age = head.strip_suffix("-year-old").is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()));
    if marked && (head.chars().all(|c| c.is_alphabetic() || c == '-') || age) && head.len() > 2 {
        let kind =
            if head.ends_with('s') && !head.ends_with("ss") { SourceKind::Group } else { SourceKind::Description };
        return Some(Source { phrase, name: phrase, kind, gender: gender() });
    }
    None
}

/// "Kestrel's statement", "the ministry's report": a document speaks for the one whose it
/// is, so the source is named by the possessor ("Kestrel", "the ministry").
fn document_possessor(text: &str, toks: &Words<'_>, a: usize, b: usize) -> Option<Source> {
    if b <= a || !is_document_noun(&toks.lower(text, b)) {
        return None;
    }
    // "her statement said": whoever "her" is
    let first = toks.lower(text, a);
    if b == a + 1 && matches!(&*first, "his" | "her" | "its" | "their") {
        let p = lexicon::pronoun(&first)?;
        let phrase = Span::new(toks[a].span.start, toks[b].span.end);
        return Some(Source { phrase, ..pronoun_source(toks[a].span, p) });
    }
    let p = (a..b).rev().find(|&i| crate::words::is_possessive(toks[i].text(text)))?;
    let w = toks[p].text(text);
    // the possessive ending: 's, ’s, or the mark alone after a plural's s
    let suffix = ["'s", "’s", "'", "’"].iter().find(|e| w.ends_with(*e)).map_or(0, |e| e.len());
    let end = toks[p].span.end - suffix;
    if end <= toks[a].span.start {
        return None;
    }
    let name = Span::new(toks[a].span.start, end);
    let capitals = (a..=p).filter(|&i| toks.is_capitalized(i)).count();
    let kind = if first == "the" || first == "a" || first == "an" || first == "its" || first == "their" {
        if name.slice(text).ends_with('s') {
            SourceKind::Group
        } else {
            SourceKind::Institution
        }
    } else if capitals == p + 1 - a {
        if p == a {
            SourceKind::Name
        } else {
            SourceKind::Person
        }
    } else {
        return None;
    };
    let phrase = Span::new(toks[a].span.start, toks[b].span.end);
    Some(Source { phrase, name, kind, gender: None })
}

/// Documents that speak for whoever issued them ("issued a statement calling …", "Kestrel's
/// statement said …").
pub(crate) fn is_document_noun(w: &str) -> bool {
    lists::document_nouns(w)
}

/// "said oil and gas worker Mike Wipf.": lower-case words that describe the person (up to
/// six, "and" among them), then a name of two to four words that ends the clause.
fn described_name_after(text: &str, toks: &Words<'_>, k: usize, end: usize) -> Option<Source> {
    let mut j = k;
    while j < end && j - k < 6 && toks[j].is_word() && !toks.is_capitalized(j) {
        let l = toks.lower(text, j);
        let plain = l.bytes().all(|c| c.is_ascii_lowercase() || c == b'-');
        if !plain
            || (l != "and" && (lexicon::is_phrase_stop(&l) || is_determiner(&l) || lexicon::pronoun(&l).is_some()))
            || lexicon::is_cue_verb(&l)
            || lists::participle_prepositions(&l)
        {
            return None;
        }
        j += 1;
    }
    if j == k || j >= end || toks[j - 1].text(text) == "and" {
        return None;
    }
    let mut e = j;
    while e < end && e - j < 4 && toks[e].is_word() && toks.is_capitalized(e) {
        e += 1;
    }
    let closes = e >= end || toks[e].is_punct(',') || toks[e].is_punct('.');
    if !(2..=4).contains(&(e - j)) || !closes {
        return None;
    }
    build(text, toks, k, e - 1).filter(|src| src.kind == SourceKind::Person)
}

/// The source phrase starting at token `k` ("said John Kirby", "according to the ministry").
pub fn np_after(text: &str, toks: &Words<'_>, k: usize, end: usize) -> Option<Source> {
    if let Some(src) = described_name_after(text, toks, k, end) {
        return Some(src);
    }
    // "said retired neurosurgeon Ben Carson": a participle before a name or noun
    let lead_modifier = k + 1 < end && toks[k].is_word() && {
        let l = toks.lower(text, k);
        (l.ends_with("ed") || l.ends_with("ing"))
            && !lexicon::is_cue_verb(&l)
            && !lists::participle_prepositions(&l)
            && np_word(text, toks, k + 1)
            && is_nameish(text, &toks[k + 1])
    };
    if k >= end || !(np_word(text, toks, k) || lead_modifier) {
        let l = if k < toks.len() { toks.lower(text, k) } else { Default::default() };
        if let Some(p) = lexicon::pronoun(&l) {
            if matches!(l.as_ref(), "he" | "she" | "they" | "it" | "we" | "i") {
                return Some(pronoun_source(toks[k].span, p));
            }
        }
        return None;
    }
    let mut b = k;
    while b + 1 < end && b - k < 12 {
        // drummer Della “Sparky” Maguire
        if b + 4 < end && crate::words::nickname_at(text, toks, b + 1) {
            b += 4;
            continue;
        }
        let t = &toks[b + 1];
        let l = toks.lower(text, b + 1);
        // "The mayor calls the project …", "Lee claims that …": a word that can be a noun is
        // the verb when an object or "that" follows it (but "the reports that" is a noun)
        if b + 2 < toks.len()
            && lexicon::is_cue_verb(&l)
            && matches!(toks.lower(text, b + 2).as_ref(), "the" | "a" | "an" | "it" | "him" | "them" | "that" | "this")
            && !is_determiner(&toks.lower(text, b))
            && !crate::words::is_possessive(toks[b].text(text))
        {
            break;
        }
        // "the printed Cruz slate card": a participle that modifies a noun that follows
        let modifier = t.is_word()
            && (l.ends_with("ed") || l.ends_with("ing"))
            && b + 2 < end
            && is_nameish(text, &toks[b + 2])
            && b == k
            // after a name it is the verb: "Japan branded North Korea …"
            && is_determiner(&toks.lower(text, k));
        let noun = (np_word_at(text, toks, b + 1, &l) || modifier) && !(is_determiner(&l) && b + 1 > k);
        let link = ((l == "of" || l == "and") && b + 2 < end && is_nameish(text, &toks[b + 2]))
            // "a spokesman for the Department of Health", "analysts at Bernhardt"
            || (matches!(&*l, "for" | "at" | "from" | "with" | "in" | "of")
                && b + 2 < end
                && {
                    let h = lower_base_of(toks[b].text(text), toks.form(text, b));
                    lexicon::is_group_noun(&h) || lexicon::is_title(&h)
                }
                && (toks.is_capitalized(b + 2) || is_determiner(&toks.lower(text, b + 2))))
            // "Fight for Fair Pay": a name with "for" inside, capitalised on both sides
            || (&*l == "for"
                && b + 2 < end
                && toks.is_capitalized(b)
                && toks.is_capitalized(b + 2));
        if noun || link {
            b += 1;
        } else {
            break;
        }
    }
    // lower-case words must lead to a name or group noun head: trim trailing ones, unless
    // the phrase is a description with a determiner ("the ruling", "the ad's narrator")
    let described = is_determiner(&toks.lower(text, k)) || (k < b && crate::words::is_possessive(toks[k].text(text)));
    // "Climate campaigners held …", "Local organizers, who …": a plural agent noun before a
    // verb or a comma heads the phrase
    let agent_head = |b: usize| {
        let l = toks.lower(text, b);
        l.len() > 5
            && ["ers", "ors", "ists", "ians", "ants", "ents"].iter().any(|s| l.ends_with(s))
            && toks.get(b + 1).is_some_and(|t| {
                t.is_punct(',') || {
                    let n = toks.lower(text, b + 1);
                    t.is_word() && (verb_like(&n) || is_irregular_past(&n))
                }
            })
    };
    while b > k
        && !described
        && !is_nameish(text, &toks[b])
        && !lexicon::is_title(&toks.lower(text, b))
        && !is_record_noun(&toks.lower(text, b))
        && !(b == k + 1 && toks.is_capitalized(k) && agent_head(b))
    {
        b -= 1;
    }
    let src = build(text, toks, k, b)?;
    // "said the lawyer, Samuel Ortiz", "according to its director, Ann Osei": the apposition
    // names the person (a title alone, in lower case, names nobody yet)
    let unnamed = src.kind != SourceKind::Person || !toks.is_capitalized(b);
    if unnamed && b + 2 < end && toks[b + 1].is_punct(',') {
        if let Some(n) = np_after(text, toks, b + 2, end) {
            let after = toks.iter().position(|t| t.span.start >= n.phrase.end).unwrap_or(end);
            let closes = after >= end || toks[after].is_punct(',') || toks[after].is_punct('.');
            if n.kind == SourceKind::Person && closes {
                return Some(n);
            }
        }
    }
    Some(src)
}

/// The grammatical subject at the start of a clause: the first noun phrase after any
/// introductory phrase closed by a comma ("On Thursday evening, the advisers ...").
/// A word that can follow a subject as its verb: auxiliaries, past tenses, cue verbs.
/// Is the name `src` the modifier of a plural noun that heads the real subject: "Prominent
/// Canadian examples include …", "Ontario Liberal members voted …"? Then it names no one a
/// later pronoun can mean.
pub fn modifies_noun(text: &str, toks: &Words<'_>, src: &Source) -> bool {
    // (from the name's end: the phrase may hold the noun already)
    matches!(src.kind, SourceKind::Person | SourceKind::Name)
        && plural_head_at(text, toks, toks.partition_point(|t| t.span.start < src.name.end))
}

/// Is token `k` a plural noun heading a subject, with its verb after it: a lower-case word in
/// -s that is no verb of saying or auxiliary, followed by a lower-case word that opens no
/// object ("examples include", but not "wants more", "runs the", "plans to")?
pub fn plural_head_at(text: &str, toks: &Words<'_>, k: usize) -> bool {
    let (Some(noun), Some(verb)) = (toks.get(k), toks.get(k + 1)) else { return false };
    if !noun.is_word() || !verb.is_word() || is_capitalized(noun.text(text)) || is_capitalized(verb.text(text)) {
        return false;
    }
    let (n, v) = (toks.lower(text, k), toks.lower(text, k + 1));
    let object = is_determiner(&v)
        || lists::prepositions(&v)
        || lexicon::pronoun(&v).is_some()
        || lists::number_words(&v)
        || v.starts_with(|c: char| c.is_ascii_digit())
        || matches!(&*v, "that" | "to" | "it");
    n.len() > 3
        && n.ends_with('s')
        && !n.ends_with("ss")
        && !lexicon::is_cue_verb(&n)
        && !lexicon::is_auxiliary(&n)
        && !object
}

pub(crate) fn verb_like(w: &str) -> bool {
    lexicon::is_auxiliary(w)
        || w.ends_with("ed")
        || lexicon::is_cue_verb(w)
        || (w.ends_with('s') && !w.ends_with("ss") && w.len() > 3)
}

/// The subject of the clause that starts at `from`, in stages: time words before it, an
/// introductory phrase and the comma that closes it, the noun phrase, and names in an
/// apposition after it.
pub fn clause_subject(text: &str, toks: &Words<'_>, from: usize, to: usize) -> Option<Source> {
    let mut k = skip_time_openers(text, toks, from, to);
    let first = if k < toks.len() { toks.lower(text, k) } else { Default::default() };
    // the phrase at `k`, when it was already found on the way
    let mut found: Option<Option<Source>> = None;
    if opens_intro(text, toks, k, to, &first) && !matches!(first.as_ref(), "but" | "and" | "yet") {
        let (c, src) = subject_after_intro(text, toks, k, to)?;
        k = c + 1;
        found = Some(src);
    } else if matches!(first.as_ref(), "but" | "and" | "yet" | "still") {
        k += 1;
        if toks.get(k).is_some_and(|t| t.is_punct(',')) {
            k += 1;
        }
    }
    if k >= to {
        return None;
    }
    let src = found.unwrap_or_else(|| np_after(text, toks, k, to))?;
    Some(apposition_names(text, toks, to, &src).or_else(|| title_first(text, toks, to, &src)).unwrap_or(src))
}

/// "Director, security response at Symantec, Kevin Haley, agreed": a title alone before a
/// comma opens the sentence, and the person is the name before the verb.
fn title_first(text: &str, toks: &Words<'_>, to: usize, src: &Source) -> Option<Source> {
    let after = toks.partition_point(|t| t.span.start < src.phrase.end);
    let one_title =
        after > 0 && toks[after - 1].span.start == src.phrase.start && lexicon::is_title(&toks.lower(text, after - 1));
    if !one_title || !toks.get(after).is_some_and(|t| t.is_punct(',')) {
        return None;
    }
    let v = (after + 1..to.min(after + 20)).find(|&i| {
        toks[i].is_word() && !toks.is_capitalized(i) && {
            let l = toks.lower(text, i);
            l.ends_with("ed") || lexicon::is_cue_verb(&l)
        }
    })?;
    subject_before(text, toks, v, after + 1).filter(|p| p.kind == SourceKind::Person)
}

/// Where a clause's subject may start after the time words that open it ("Sunday morning,",
/// "Twenty-two years ago,") and a focus adverb ("Even China").
fn skip_time_openers(text: &str, toks: &Words<'_>, from: usize, to: usize) -> usize {
    let mut k = from;
    // "Sunday morning, Clinton …", "Last week Smith …"
    while k < to && toks[k].is_word() && {
        let l = toks.lower(text, k);
        lexicon::is_day_word(&l) || matches!(l.as_ref(), "then" | "now")
    } {
        k += 1;
        if k < to && toks[k].is_punct(',') {
            k += 1;
        }
    }
    // "Twenty-two years ago, a Times article …": a time phrase ending in "ago"
    if let Some(c) = (k + 1..to.min(k + 6)).find(|&i| toks[i].is_punct(',')) {
        if &*toks.lower(text, c - 1) == "ago" {
            k = c + 1;
        }
    }
    // "Even China opposes …": a focus adverb, where "Even as …, " and "Even so, " open an intro
    if k + 1 < to
        && &*toks.lower(text, k) == "even"
        && toks[k + 1].is_word()
        && !matches!(
            toks.lower(text, k + 1).as_ref(),
            "as" | "if" | "though" | "when" | "so" | "after" | "before" | "then"
        )
    {
        k += 1;
    }
    k
}

/// Does the word at `k` (`first`, lower case) open an introductory phrase ("Earlier, …",
/// "Weighing in on the debate, …")?
fn opens_intro(text: &str, toks: &Words<'_>, k: usize, to: usize, first: &str) -> bool {
    // "Conversely, …", "Ultimately, …": an adverb in -ly alone before the comma (not a first
    // name in -ly: "Kelly, a nurse, said")
    let adverb = first.len() > 5
        && first.ends_with("ly")
        && toks.get(k + 1).is_some_and(|t| t.is_punct(','))
        && !lists::first_names_female(first)
        && !lists::first_names_male(first)
        && !lists::ly_nouns(first);
    let intro = lists::intro_words(first) || adverb;
    // "Weighing in on the debate, Huckabee agreed", "Preceded at the lectern by Joe Arpaio,
    // Trump …": an opening participle is an intro too
    let participle = (first.ends_with("ing") && first.len() > 5)
        || (first.ends_with("ed")
            && first.len() > 4
            && (k + 1 < toks.len() && lists::intro_prepositions(toks.lower(text, k + 1).as_ref())));
    intro
        || (participle
            && toks.get(k).is_some_and(|t| is_capitalized(t.text(text)))
            && (k..to.min(k + 15)).any(|i| toks[i].is_punct(',')))
}

/// The comma that closes an introductory phrase at `k`, and the noun phrase after it (see
/// below); `None` when no comma follows.
fn subject_after_intro(text: &str, toks: &Words<'_>, k: usize, to: usize) -> Option<(usize, Option<Source>)> {
    // the subject follows the comma that closes the intro: the first comma after which a
    // noun phrase stands before a verb ("Even as Israeli, US and other officials have
    // spoken, Israel has …")
    // (walked twice rather than collected: a sentence's allocation)
    let commas = (k..to.min(k + 40)).filter(|&i| toks[i].is_punct(','));
    let first_comma = commas.clone().next()?;
    let verb_follows = |src: &Option<Source>| {
        src.as_ref().is_some_and(|src| {
            let after = toks.partition_point(|t| t.span.start < src.phrase.end);
            after <= to && toks.get(after).is_some_and(Token::is_word) && verb_like(&toks.lower(text, after))
        })
    };
    // the phrase after each comma tried is kept: the one chosen is the subject
    let first_src = np_after(text, toks, first_comma + 1, to);
    // (a phrase a comma follows is still in the intro: "Following a swiftly called,
    // late-afternoon meeting, the council …")
    let strong = first_src.as_ref().is_some_and(|src| {
        matches!(src.kind, SourceKind::Person | SourceKind::Group | SourceKind::Institution) && {
            let after = toks.partition_point(|t| t.span.start < src.phrase.end);
            !toks.get(after).is_some_and(|t| t.is_punct(','))
        }
    });
    let mut chosen = None;
    if !strong {
        // (or a name a lower-case word follows: "in Salem, New Hampshire, Trump went after")
        let named_clause = |src: &Option<Source>| {
            src.as_ref().is_some_and(|src| {
                let after = toks.partition_point(|t| t.span.start < src.phrase.end);
                matches!(src.kind, SourceKind::Person | SourceKind::Name)
                    && after <= to
                    && toks.get(after).is_some_and(|t| {
                        t.is_word()
                            && !is_capitalized(t.text(text))
                            && !lists::clause_links(toks.lower(text, after).as_ref())
                    })
            })
        };
        for c in commas {
            let src = if c == first_comma { first_src.clone() } else { np_after(text, toks, c + 1, to) };
            if verb_follows(&src) || named_clause(&src) {
                chosen = Some((c, src));
                break;
            }
        }
    }
    Some(chosen.unwrap_or((first_comma, first_src)))
}

/// "The team's guards, twins Ann and Bea Holt, known as …, have": the names in the apposition
/// after a group or a description `src`, when there are any.
fn apposition_names(text: &str, toks: &Words<'_>, to: usize, src: &Source) -> Option<Source> {
    let mut after = toks.partition_point(|t| t.span.start < src.phrase.end);
    // "Director of research at the firm Symantec, Kevin Hale, agreed": a title's prepositional
    // tail runs to the comma that opens the name
    let titled = toks.get(after).is_some_and(super::words::Token::is_word)
        && matches!(toks.lower(text, after).as_ref(), "at" | "of" | "for" | "in" | "with" | "from")
        && lexicon::is_title(&toks.lower(text, toks.partition_point(|t| t.span.start < src.phrase.start)));
    if titled {
        let tail = (after..to.min(after + 12))
            .find(|&i| !toks[i].is_word() || verb_like(&toks.lower(text, i)))
            .filter(|&i| toks[i].is_punct(','));
        if let Some(comma) = tail {
            after = comma;
        }
    }
    if (titled || matches!(src.kind, SourceKind::Group | SourceKind::Description))
        && after + 1 < to
        && toks[after].is_punct(',')
    {
        if let Some(inner) =
            np_after(text, toks, after + 1, to).filter(|x| matches!(x.kind, SourceKind::Person | SourceKind::Group))
        {
            let end = toks.partition_point(|t| t.span.start < inner.phrase.end);
            if end < to && toks[end].is_punct(',') && is_capitalized(inner.name.slice(text)) {
                return Some(inner);
            }
        }
    }
    None
}

/// `s` without any repeats of `prefix` at its start, as `trim_start_matches(prefix)` (which
/// brought its own string searcher, 1 KB of the widget's wasm, for this one call).
fn strip_all<'t>(mut s: &'t str, prefix: &str) -> &'t str {
    while let Some(rest) = s.strip_prefix(prefix) {
        s = rest;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::Tags;
    use crate::words::tokenize;

    /// `f` of the tokens of `s` with their tags.
    fn with_words<T>(s: &str, f: impl FnOnce(&Words<'_>) -> T) -> T {
        let toks = tokenize(s, Span::new(0, s.len()));
        let mut tags = Tags::default();
        tags.fill(s, &toks, &vec![false; toks.len()]);
        f(&Words::new(&toks, &tags))
    }

    fn before(sentence: &str, verb: &str) -> Option<(String, SourceKind)> {
        with_words(sentence, |toks| {
            let k = toks.iter().position(|t| t.text(sentence) == verb).unwrap();
            subject_before(sentence, toks, k, 0).map(|s| (s.name.slice(sentence).to_string(), s.kind))
        })
    }

    #[test]
    fn subjects_with_titles_appositions_and_groups() {
        use SourceKind::*;
        let cases = [
            (
                "Kremlin spokesperson Dmitry Peskov separately said that no deal was signed.",
                "said",
                "Dmitry Peskov",
                Person,
            ),
            (
                "Sasha Baker, the U.S. acting undersecretary of defense for policy, said it would.",
                "said",
                "Sasha Baker",
                Person,
            ),
            ("The bloc's top diplomat, Josep Borrell, said Tuesday that it was.", "said", "Josep Borrell", Person),
            (
                "But South Korea's Defense Ministry said Thursday its policy stands.",
                "said",
                "South Korea's Defense Ministry",
                Institution,
            ),
            ("South Korean officials said the shells were used.", "said", "South Korean officials", Group),
            (
                "Other strikes hit Tyre, where the Israeli military said it killed a commander.",
                "said",
                "the Israeli military",
                Institution,
            ),
            ("Experts say it is unlikely.", "say", "Experts", Group),
            ("Putin on Friday told reporters it was so.", "told", "Putin", Name),
            ("He said on X that it was a mistake.", "said", "He", Pronoun(lexicon::Pronoun::He)),
            (
                "Foreign governments and experts speculate Kim will go.",
                "speculate",
                "Foreign governments and experts",
                Group,
            ),
            ("Smith, who leads the union, said the strike would go on.", "said", "Smith", Name),
        ];
        for (s, v, name, kind) in cases {
            assert_eq!(before(s, v), Some((name.to_string(), kind)), "{s}");
        }
        assert_eq!(
            before("The vote was expected to pass, and it said so.", "said"),
            Some(("it".into(), Pronoun(lexicon::Pronoun::It)))
        );
        assert_eq!(before("Kim beamed and clapped when it landed and said nothing.", "said"), None);
    }

    #[test]
    fn sources_after_the_verb() {
        for (s, k, name) in [
            ("said White House spokesman John Kirby.", 1, "John Kirby"),
            ("said the lawyer, Samuel Ortiz.", 1, "Samuel Ortiz"),
            ("according to Lebanon's Health Ministry.", 2, "Lebanon's Health Ministry"),
            ("according to South Korea's presidential office.", 2, "South Korea's presidential office"),
        ] {
            let src = with_words(s, |toks| np_after(s, toks, k, toks.len())).unwrap();
            assert_eq!(src.name.slice(s), name, "{s}");
        }
    }
}
