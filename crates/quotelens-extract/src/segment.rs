//! Segmentation: paragraphs, their roles, stories and sentences.
//!
//! Pasted news is line-oriented: one paragraph a line, sometimes with blank lines between. A
//! paragraph is a heading (short, no closing punctuation), boilerplate (the site's own
//! promotion), or body text, which may open with a dateline. A dateline after the first
//! paragraph starts a new story: that is how two pasted wire stories come apart.
//!
//! Sentences are split at `.`, `!` or `?` followed by space and a capital, except after
//! abbreviations, initials and dotted acronyms, and never inside a quotation: a quote's
//! sentences belong to the sentence that attributes it.

use serde::Serialize;

use crate::lexicon::{self, lists};
use crate::scan;
use crate::span::Span;

/// What a paragraph is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Body,
    Heading,
    Boilerplate,
}

/// A wire dateline at the start of a paragraph ("GENEVA (AP) —").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dateline {
    /// The whole dateline, separator included.
    pub span: Span,
    pub place: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub span: Span,
    pub kind: BlockKind,
    /// Boxed: one paragraph in many has a dateline, and an archive-sized text has a paragraph
    /// per line (the box keeps `Paragraph` at a quarter of its size).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Box<Dateline>>,
}

/// A run of paragraphs under one dateline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Story {
    pub span: Span,
    /// Index range into the document's paragraphs.
    pub paragraphs: (usize, usize),
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Dateline>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
}

/// Splits text into paragraphs: maximal non-blank lines, trimmed, line ends excluded.
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let start = pos;
        pos = crate::scan::find_ascii(text, start, b'\n').map_or(text.len(), |i| i + 1);
        let body = text[start..pos].trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let trimmed = body.trim();
        if trimmed.is_empty() {
            continue;
        }
        let span = Span::new(start + lead, start + lead + trimmed.len());
        out.push(classify(text, span));
    }
    out
}

fn classify(text: &str, span: Span) -> Paragraph {
    let s = span.slice(text);
    if let Some(d) = dateline(s) {
        let dl = Dateline { span: Span::new(span.start, span.start + d.0), place: d.1, agency: d.2, date: d.3 };
        return Paragraph { span, kind: BlockKind::Body, dateline: Some(Box::new(dl)) };
    }
    // only short paragraphs can be boilerplate or headings: count words only for those
    let words = if s.len() < 600 { count_words(s, 61) } else { usize::MAX };
    let kind = if words <= 60 && (is_page_furniture(s) || (!has_quote_mark(s) && is_boilerplate(s))) {
        BlockKind::Boilerplate
    } else if words <= 12 && is_heading(s, words) {
        BlockKind::Heading
    } else {
        BlockKind::Body
    };
    Paragraph { span, kind, dateline: None }
}

/// `s.split_ascii_whitespace().take(cap).count()`: a word starts at each non-space byte after
/// a space (or at the start). 32 bytes at a time are tested without branches (a loop the
/// compiler vectorizes), and the count is checked against the cap after each.
fn count_words(s: &str, cap: usize) -> usize {
    let mut n = 0;
    let mut after_space = 1u8;
    for chunk in s.as_bytes().chunks(32) {
        let mut starts = 0u8;
        for &b in chunk {
            // `u8::is_ascii_whitespace` as comparisons: b' ', or \t \n \x0C \r
            let space = u8::from((b == b' ') | ((b.wrapping_sub(b'\t') < 5) & (b != 0x0B)));
            starts += after_space & (space ^ 1);
            after_space = space;
        }
        n += starts as usize;
        if n >= cap {
            return cap;
        }
    }
    n
}

fn has_quote_mark(s: &str) -> bool {
    // bytes, not chars: only `"` and the lead bytes 0xC2 (« ») and 0xE2 (“ ”) can start one
    let mut at = 0;
    while let Some(i) = crate::scan::find_any_or_high(s.as_bytes(), at, [b'"']) {
        let b = s.as_bytes()[i];
        if b == b'"' || (matches!(b, 0xC2 | 0xE2) && matches!(s[i..].chars().next(), Some('“' | '”' | '«' | '»')))
        {
            return true;
        }
        at = i + 1;
    }
    false
}

fn is_heading(s: &str, words: usize) -> bool {
    let first = s.chars().next().unwrap_or(' ');
    let last = s.chars().last().unwrap_or('.');
    words <= 12
        && (first.is_uppercase() || first.is_ascii_digit())
        && !matches!(last, '.' | '!' | '?' | ':' | ';' | ',' | '"' | '”' | '’' | '\'' | ')' | '»' | '…')
        && !s.contains(['“', '”', '"'])
}

/// Lines a news page puts between the paragraphs of a story, kept by scrapes: video and link
/// labels ("WATCH: …", "READ MORE: …"), "Article continued below", photo captions with their
/// credit ("Ann Lee / The Canadian Press Dock workers …", "… (Ann Lee/CBC)") and pull quotes
/// signed by a name with no mark ("… what it brought me. Morgan Reyes"). They may hold quote
/// marks, but nobody speaks in them: a pull quote repeats the story's own quotation.
fn is_page_furniture(s: &str) -> bool {
    const LABELS: &[&str] = &[
        "WATCH:",
        "Watch:",
        "WATCH ",
        "VIDEO:",
        "Video:",
        "PHOTOS:",
        "PHOTO:",
        "Photo:",
        "LISTEN:",
        "Listen:",
        "READ MORE",
        "Read more:",
        "RELATED:",
        "ALSO READ",
        "READ ALSO",
        "SEE ALSO",
        "MORE:",
        "Click to play video",
    ];
    if LABELS.iter().any(|l| s.starts_with(l)) {
        return true;
    }
    if s.len() < 60 {
        let lower = s.to_ascii_lowercase();
        if ["continued below", "continues below", "continue reading"].iter().any(|p| lower.contains(p)) {
            return true;
        }
    }
    let is_cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // a credit first: one to four capitalised words, then "/" and a capitalised word
    let cut = (0..=s.len().min(80)).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
    let head = &s[..cut];
    if let Some(slash) = crate::scan::find_ascii(head, 0, b'/') {
        let before: Vec<&str> = head[..slash].split_whitespace().collect();
        let after = head[slash + 1..].trim_start();
        if (1..=4).contains(&before.len())
            && before.iter().all(|w| is_cap(w))
            && is_cap(after)
            && !after.starts_with(char::is_numeric)
        {
            return true;
        }
    }
    // a credit last: "(Ann Lee/CBC)", "(Photo: Reuters)"
    if let Some(open) = s.strip_suffix(')').and_then(|r| r.rfind('(')) {
        let credit = s[open + 1..s.len() - 1].trim();
        let names = |part: &str| {
            let w: Vec<&str> = part.split_whitespace().filter(|w| !matches!(*w, "and" | "of" | "the")).collect();
            (1..=5).contains(&w.len()) && w.iter().all(|w| is_cap(w))
        };
        let slashed = credit.split_once('/').is_some_and(|(a, b)| names(a) && names(b));
        // "( Library and Archives Canada )", "(THE CANADIAN PRESS FILE PHOTO)"
        let credited = names(credit)
            && ["Photo", "PHOTO", "Archives", "Getty", "Handout", "HANDOUT", "PRESS", "Press", "Images"]
                .iter()
                .any(|w| credit.contains(w));
        if credit.len() <= 60 && (slashed || credited) {
            return true;
        }
    }
    // a pull quote signed at its end: a sentence, then a name of two or three words (and a
    // post after a comma: "Rod Peters, Lake Cowichan mayor") with no full stop
    // (the tail ends where the paragraph does: most end in a full stop or a mark, and are
    // then passed over without searching them backwards)
    let signed = !s.ends_with(['.', '!', '?', '"', '”'])
        && s.rfind(". ").is_some_and(|dot| {
            let tail = &s[dot + 2..];
            let (name, post) = tail.split_once(", ").unwrap_or((tail, ""));
            let words: Vec<&str> = name.split_whitespace().collect();
            (2..=3).contains(&words.len())
                && words.iter().all(|w| is_cap(w) && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\''))
                && post.split_whitespace().count() <= 5
                && !tail.ends_with(['.', '!', '?', '"', '”'])
        });
    signed
}

/// The key words of the boilerplate phrases and sign-offs, and "supporter" (of "be a VB
/// supporter"): a paragraph holding none of them is not boilerplate.
struct Keys {
    keys: &'static [&'static [u8]],
    /// each key word's number ([`lexicon::packed`]) and index in `keys`, sorted by number: a
    /// word is found by a binary search on integers, not compared with each key word
    packed: Vec<(u128, u8)>,
    /// bit `len` of `shapes[letter]`: a key word has that first letter and length
    shapes: [u16; 26],
    /// the longest key word's length
    longest: usize,
}

impl Keys {
    fn get() -> &'static Keys {
        static KEYS: std::sync::OnceLock<Keys> = std::sync::OnceLock::new();
        KEYS.get_or_init(|| {
            let mut keys: Vec<&'static [u8]> = Vec::new();
            let all = lists::BOILERPLATE_PHRASES_KEYED.iter().chain(lists::SIGN_OFFS_KEYED).map(|&(_, k)| k);
            for k in all.chain(["supporter"]) {
                if !keys.contains(&k.as_bytes()) {
                    keys.push(k.as_bytes());
                }
            }
            // the paragraph's key words are a bitset of 64, looked for in a 16-byte buffer
            assert!(keys.len() <= 64 && keys.iter().all(|k| (1..16).contains(&k.len()) && k[0].is_ascii_lowercase()));
            let mut shapes = [0u16; 26];
            for k in &keys {
                shapes[(k[0] - b'a') as usize] |= 1 << k.len();
            }
            let longest = keys.iter().map(|k| k.len()).max().unwrap_or(0);
            #[allow(clippy::cast_possible_truncation)] // at most 64 keys
            let mut packed: Vec<(u128, u8)> =
                keys.iter().enumerate().map(|(i, k)| (lexicon::packed(k), i as u8)).collect();
            // (the crate's own sort: `sort_unstable` put 2 KB of std's sort in the widget)
            crate::sort::short_by(&mut packed, |a, b| a.0 < b.0);
            Keys { keys: keys.leak(), packed, shapes, longest }
        })
    }

    /// Which key words are words of `s`: bit `k` for key word `k`. The words (runs of ASCII
    /// letters and digits) are found 64 bytes at a time, as bits: a mask of the bytes that are
    /// letters or digits, made without branches, and the words' ends read off it, instead of
    /// a loop per byte that mispredicted at the end of each word. Only a word with a key
    /// word's first letter and length is lower-cased to compare.
    fn seen_in(&self, s: &str) -> u64 {
        let bytes = s.as_bytes();
        let mut seen = 0u64;
        let mut start: Option<usize> = None; // where the word being read began
        for (block, chunk) in bytes.chunks(64).enumerate() {
            let base = block * 64;
            let mut alnum = 0u64;
            let mut eights = chunk.chunks_exact(8);
            for (k, eight) in (&mut eights).enumerate() {
                alnum |= scan::alnum_bits(u64::from_le_bytes(eight.try_into().expect("eight bytes"))) << (8 * k);
            }
            let tail = eights.remainder();
            if !tail.is_empty() {
                let mut padded = [0u8; 8];
                padded[..tail.len()].copy_from_slice(tail);
                alnum |= scan::alnum_bits(u64::from_le_bytes(padded)) << (chunk.len() - tail.len());
            }
            // (bits past the text's end are 0: a word ends there; a word reaching the end of
            // a full block goes on in the next one)
            let mut at = 0u32; // the next bit to look at
            while at < 64 {
                let rest = if start.is_some() { !alnum } else { alnum } >> at;
                if rest == 0 {
                    break;
                }
                at += rest.trailing_zeros();
                let here = base + at as usize;
                match start.take() {
                    Some(from) => seen |= self.key_word(&bytes[from..here]),
                    None => start = Some(here),
                }
            }
        }
        if let Some(from) = start {
            seen |= self.key_word(&bytes[from..]);
        }
        seen
    }

    /// Bit `k` if the word `w` is key word `k` (in any case), else 0. Asked of every word of
    /// most paragraphs: the test of first letter and length, which answers nearly all of
    /// them, is inlined where it is asked.
    #[inline]
    fn key_word(&self, w: &[u8]) -> u64 {
        // only a word with a key word's first letter and length can be one
        let letter = (w[0] | 0x20).wrapping_sub(b'a') as usize;
        if w.len() > self.longest || letter >= 26 || self.shapes[letter] & (1 << w.len()) == 0 {
            return 0;
        }
        self.packed_key(w)
    }

    #[inline(never)]
    fn packed_key(&self, w: &[u8]) -> u64 {
        // lower-cased on the stack, to compare with the key words
        let mut buf = [0u8; 16];
        buf[..w.len()].copy_from_slice(w);
        buf.make_ascii_lowercase();
        let k = lexicon::packed(&buf[..w.len()]);
        self.packed.binary_search_by_key(&k, |&(p, _)| p).map_or(0, |at| 1 << self.packed[at].1)
    }
}

/// The site's own lines: subscribe, follow-us, donate, sign-off lines. Phrases are matched as
/// whole words, case-insensitively.
fn is_boilerplate(s: &str) -> bool {
    // each phrase with a key word of it (its longest word, see build.rs): a phrase found at
    // word boundaries has its key word as a whole word of the paragraph, so only the phrases
    // whose key word is there are searched
    const PHRASES: &[(&str, &str)] = lists::BOILERPLATE_PHRASES_KEYED;
    // the sign-off lines, keyed the same way
    const SIGN_OFFS: &[(&str, &str)] = lists::SIGN_OFFS_KEYED;
    let keys = Keys::get();
    // bit `k`: key word `k` is a word of the paragraph
    let seen = keys.seen_in(s);
    if seen == 0 {
        return false;
    }
    let keyed = |key: &str| keys.keys.iter().position(|k| *k == key.as_bytes()).is_some_and(|k| seen & (1 << k) != 0);
    let l = s.to_ascii_lowercase();
    let word_at = |start: usize, end: usize| {
        let before = l[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = l[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    };
    let has = |p: &str| l.match_indices(p).any(|(i, _)| word_at(i, i + p.len()));
    // "be a VB supporter"
    let supporter = || {
        l.match_indices("be a ").any(|(i, _)| {
            let rest = &l[i + 5..];
            let w = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
            w > 0 && rest[w..].starts_with(" supporter") && word_at(i, i + 5 + w + 10)
        })
    };
    let sign_off = SIGN_OFFS.iter().any(|&(p, key)| keyed(key) && l.starts_with(p));
    PHRASES.iter().any(|&(p, key)| keyed(key) && has(p)) || (keyed("supporter") && supporter()) || sign_off
}

/// Returns (length in bytes, place, agency, date) when `s` opens with a dateline.
fn dateline(s: &str) -> Option<(usize, String, Option<String>, Option<String>)> {
    // a dateline is short and at the start: look at the first 120 bytes
    let mut cut = s.len().min(120);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    crate::dateline::parse(&s[..cut]).map(|d| (d.len, d.place, d.agency, d.date))
}

/// Groups paragraphs into stories: a dateline after the first body paragraph starts a new one.
pub fn stories(paragraphs: &[Paragraph]) -> Vec<Story> {
    let mut out: Vec<Story> = Vec::new();
    let mut start = 0;
    for (i, p) in paragraphs.iter().enumerate() {
        if p.dateline.is_some() && i > start {
            // headings and boilerplate right before a dateline belong to the new story's start
            // only if they are headings (a headline); boilerplate closes the old story.
            let mut cut = i;
            while cut > start + 1 && paragraphs[cut - 1].kind == BlockKind::Heading {
                cut -= 1;
            }
            if paragraphs[start..cut].iter().any(|p| p.kind == BlockKind::Body) {
                out.push(story(paragraphs, start, cut));
                start = cut;
            }
        }
    }
    if start < paragraphs.len() {
        out.push(story(paragraphs, start, paragraphs.len()));
    }
    out
}

fn story(paragraphs: &[Paragraph], a: usize, b: usize) -> Story {
    Story {
        span: Span::new(paragraphs[a].span.start, paragraphs[b - 1].span.end),
        paragraphs: (a, b),
        dateline: paragraphs[a..b].iter().find_map(|p| p.dateline.as_deref().cloned()),
    }
}

/// Longest sentence in bytes (about 700 words; news sentences stay far below it).
pub const MAX_SENTENCE: usize = 4_000;

/// Splits every paragraph into sentences. `protected` are spans (quotation interiors, sorted
/// by start) inside which no sentence ends.
pub fn sentences(text: &str, paragraphs: &[Paragraph], protected: &[Span]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut prot = 0;
    for (pi, p) in paragraphs.iter().enumerate() {
        let start0 = p.dateline.as_ref().map_or(p.span.start, |d| d.span.end);
        let mut start = skip_space(text, start0, p.span.end);
        let bytes = text.as_bytes();
        let mut i = start;
        while i < p.span.end {
            // below the length cap only a stop can end the sentence: jump to the next one
            if i - start < MAX_SENTENCE {
                let cap = p.span.end.min(start + MAX_SENTENCE);
                match crate::scan::find_any(&bytes[..cap], i, [b'.', b'!', b'?']) {
                    Some(k) => i = k,
                    None => {
                        i = cap;
                        continue;
                    }
                }
            }
            let b = bytes[i];
            // a run-on "sentence" (a transcript without stops, junk) is cut at a space, or
            // anywhere past twice the limit, so work per sentence stays bounded
            if i - start >= MAX_SENTENCE && (b == b' ' || (i - start >= 2 * MAX_SENTENCE && text.is_char_boundary(i))) {
                out.push(Sentence { span: Span::new(start, i), paragraph: pi });
                start = skip_space(text, i, p.span.end);
                i = start;
                continue;
            }
            if matches!(b, b'.' | b'!' | b'?') {
                // move past closing marks that belong to this sentence
                let mut j = i + 1;
                while j < p.span.end {
                    let c = text[j..].chars().next().unwrap();
                    if matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '.' | '!' | '?') {
                        j += c.len_utf8();
                    } else {
                        break;
                    }
                }
                while prot < protected.len() && protected[prot].end <= i {
                    prot += 1;
                }
                let inside = prot < protected.len() && protected[prot].start <= i && i + 1 < protected[prot].end;
                if !inside && j < p.span.end && is_boundary(text, start, i, j, p.span.end) {
                    out.push(Sentence { span: Span::new(start, j), paragraph: pi });
                    start = skip_space(text, j, p.span.end);
                    i = start;
                    continue;
                }
                i = j;
                continue;
            }
            i += 1;
        }
        if start < p.span.end {
            out.push(Sentence { span: Span::new(start, p.span.end), paragraph: pi });
        }
    }
    out
}

fn skip_space(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        let c = text[i..].chars().next().unwrap();
        if !c.is_whitespace() {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Does a speech verb come within the next few words, before any period?
fn attribution_follows(rest: &str) -> bool {
    // a speech verb soon ("Miller, a retired worker from the plant, said"), or a tag in any
    // verb: "beamed Ann Hart", "Hannity pressed."
    let mut words = rest.split_whitespace().take(12).enumerate().peekable();
    while let Some((n, w)) = words.next() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        let lower_case = !bare.chars().next().is_some_and(char::is_uppercase);
        if lower_case
            && (lexicon::is_speech_verb(bare) || (bare.ends_with("ed") && (n == 0 || (n == 1 && w.ends_with('.')))))
        {
            return true;
        }
        // "Trump went on, as if …", "Lee chimed in.", "Ruiz shot back": a phrasal tag
        let particle = words.peek().map(|(_, p)| p.trim_end_matches(|c: char| !c.is_alphanumeric()));
        if matches!(
            (bare, particle),
            ("went" | "goes", Some("on")) | ("chimed" | "chimes", Some("in")) | ("shot" | "fired", Some("back"))
        ) {
            return true;
        }
        // a nickname in marks inside a name ("Marcia “Cia” Price said") closes no quotation
        let nickname = w.starts_with(['"', '“'])
            && bare.chars().next().is_some_and(char::is_uppercase)
            && bare.chars().all(char::is_alphabetic)
            && w.len() - bare.len() <= 6;
        if (w.ends_with(['!', '?', '"', '”']) && !nickname) || (w.ends_with('.') && !abbreviated(w)) {
            return false;
        }
    }
    false
}

/// "Rep.", "R-Pa.", "J.", "D.C.": a period that ends a word, not a sentence.
fn abbreviated(w: &str) -> bool {
    let stem = w.trim_end_matches('.').trim_start_matches(|c: char| !c.is_alphanumeric());
    stem.chars().count() == 1
        || stem.contains('.')
        || (stem.contains('-') && stem.len() <= 6)
        || lexicon::is_abbreviation(stem)
}

/// `“… are missing.” Trump said.`: a sentence that is only a tag, after a quotation that closed
/// with a period, belongs to it.
fn tag_sentence(rest: &str) -> bool {
    let mut words = rest.split_whitespace().take(6).enumerate();
    words.any(|(n, w)| {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        n >= 1 && bare.as_bytes().first().is_some_and(u8::is_ascii_lowercase) && lexicon::is_speech_verb(bare)
    }) && rest.split_whitespace().take(5).any(|w| w.ends_with('.') && !abbreviated(w))
        && !rest.split_whitespace().take(5).any(|w| w.ends_with(['!', '?', '"', '”', ',', ';', ':']))
}

/// Is the `.`/`!`/`?` at `dot` (closing marks up to `after`) the end of a sentence?
fn is_boundary(text: &str, start: usize, dot: usize, after: usize, end: usize) -> bool {
    let rest = &text[after..end];
    let Some(first) = rest.chars().next() else { return true };
    if !first.is_whitespace() {
        return false;
    }
    let next = rest.trim_start().chars().next().unwrap_or(' ');
    if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '“' | '‘' | '\'' | '(' | '«' | '['))
    {
        return false;
    }
    let closes_quote = text[dot + 1..after].contains(['"', '”', '’', '\'', '»']);
    if text.as_bytes()[dot] != b'.' {
        // "“Why?” Graham asked." — the attribution after a quoted question belongs to it
        return !(closes_quote && attribution_follows(rest));
    }
    if closes_quote && tag_sentence(rest) {
        return false;
    }
    // the word before the period
    let before = &text[start..dot];
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“').next().unwrap_or("");
    if word.is_empty() {
        return true;
    }
    // initials ("John F. Kennedy") and dotted acronyms ("U.S.", "U.N.")
    let mut chars = word.chars();
    if chars.next().is_some_and(char::is_uppercase) && chars.next().is_none() {
        return false;
    }
    if word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
        // "U.S. officials" never reaches here (lower case next); "the U.S. The" is rare
        return next.is_ascii_digit();
    }
    !lexicon::is_abbreviation(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<BlockKind> {
        paragraphs(text).into_iter().map(|p| p.kind).collect()
    }

    /// The key words found are the words of the text (runs of ASCII letters and digits) that
    /// are key words, in any case, wherever they fall against the 64-byte blocks.
    #[test]
    fn key_words_are_found_as_whole_words_across_blocks() {
        let keys = Keys::get();
        let naive = |s: &str| {
            s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).fold(0u64, |seen, w| {
                let l = w.to_ascii_lowercase();
                seen | keys.keys.iter().position(|k| *k == l.as_bytes()).map_or(0, |k| 1 << k)
            })
        };
        let words = ["Subscribe", "subscribers", "x", "SUPPORTER", "é", "newsletter", "9", "follow"];
        for pad in 0..70 {
            for (i, w) in words.iter().enumerate() {
                let text = format!("{}{w} {} {w}", "a".repeat(pad), words[(i + 3) % words.len()]);
                assert_eq!(keys.seen_in(&text), naive(&text), "{text:?}");
                let text = format!("{}-{w}", "b ".repeat(pad));
                assert_eq!(keys.seen_in(&text), naive(&text), "{text:?}");
            }
        }
        assert_ne!(keys.seen_in("Please subscribe."), 0);
    }

    #[test]
    fn recognises_wire_datelines() {
        for (line, place, agency, date) in [
            ("Seoul, (AP): North Korea said.", "Seoul", Some("AP"), None),
            ("Beirut, Nov 26: The army said.", "Beirut", None, Some("Nov 26")),
            ("GENEVA (AP) — The talks ended.", "GENEVA", Some("AP"), None),
            ("DETROIT, Oct 2 (Reuters) - Sales fell.", "DETROIT", Some("Reuters"), Some("Oct 2")),
            ("LONDON — Prices rose.", "LONDON", None, None),
            ("SPRINGFIELD, Ill. (AP) — A storm hit.", "SPRINGFIELD, Ill.", Some("AP"), None),
            ("LAUSANNE, March 3 (AFP) - A ruling.", "LAUSANNE", Some("AFP"), Some("March 3")),
            ("Washington (AFP) – The senator said.", "Washington", Some("AFP"), None),
            ("New Delhi (Reuters) - Rain fell.", "New Delhi", Some("Reuters"), None),
            // a curly apostrophe (0xE2, as the dashes) before the dash, a quotation after it
            ("ST. JOHN’S (CP) — “Not yet,” she said.", "ST. JOHN’S", Some("CP"), None),
        ] {
            let p = &paragraphs(line)[0];
            let d = p.dateline.as_ref().unwrap_or_else(|| panic!("no dateline in {line}"));
            assert_eq!(d.place, place, "{line}");
            assert_eq!(d.agency.as_deref(), agency, "{line}");
            assert_eq!(d.date.as_deref(), date, "{line}");
            assert!(line[d.span.end..].starts_with(' '), "{line}: {:?}", &line[..d.span.end]);
        }
        for line in [
            "Note: this is fine.",
            "The mayor — a former judge — said so.",
            "Paris is lovely.",
            "Smith (R-Texas) - a senator - said so.",
        ] {
            assert!(paragraphs(line)[0].dateline.is_none(), "{line}");
        }
    }

    #[test]
    fn counts_words_as_split_ascii_whitespace() {
        let long = "word ".repeat(100);
        for s in [
            "",
            " ",
            "one",
            " one  two\tthree\r\nfour ",
            "a\u{b}b",
            "é è\u{a0}x",
            "  two  spaces,   then three ",
            long.as_str(),
        ] {
            for cap in [0, 1, 2, 3, 12, 61, 200] {
                assert_eq!(count_words(s, cap), s.split_ascii_whitespace().take(cap).count(), "{s:?} {cap}");
            }
        }
    }

    #[test]
    fn headings_and_boilerplate() {
        let text = "Harbour strike enters second week\nWorkers walked out on Monday.\nSubscribe to our newsletter for daily updates.\nA short line that ends.";
        assert_eq!(kinds(text), [BlockKind::Heading, BlockKind::Body, BlockKind::Boilerplate, BlockKind::Body]);
    }

    #[test]
    fn a_new_dateline_starts_a_new_story() {
        let text = "OSLO (AP) — One.\nTwo.\nFollow us on X for more updates.\nLIMA (AP) — Three.\n";
        let ps = paragraphs(text);
        let st = stories(&ps);
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].paragraphs, (0, 3));
        assert_eq!(st[1].dateline.as_ref().unwrap().place, "LIMA");
    }

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        let text = "Sen. Ada Roe met U.S. and U.N. envoys on Nov. 3 at 4.5 p.m. in St. Paul. John F. Kennedy was not there. \"Go. Now,\" she said. It ended!";
        let ps = paragraphs(text);
        let q0 = text.find("Go").unwrap();
        let prot = [Span::new(q0, q0 + 8)];
        let ss: Vec<&str> = sentences(text, &ps, &prot).iter().map(|s| s.span.slice(text)).collect();
        assert_eq!(
            ss,
            [
                "Sen. Ada Roe met U.S. and U.N. envoys on Nov. 3 at 4.5 p.m. in St. Paul.",
                "John F. Kennedy was not there.",
                "\"Go. Now,\" she said.",
                "It ended!"
            ]
        );
    }
}
