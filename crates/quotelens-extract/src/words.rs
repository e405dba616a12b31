//! A small tokenizer: words and punctuation with their byte spans.
//!
//! Words keep their inner apostrophes and hyphens ("Hezbollah's", "Ho-jin") and the periods of
//! dotted acronyms and abbreviations ("U.S.", "Sen."), because the source rules look at whole
//! words and at their capitalisation.

use std::borrow::Cow;

use crate::lexicon;
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// Any other non-space character (punctuation, quote marks, symbols).
    Punct(char),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: Kind,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.slice(text)
    }

    /// [`is_capitalized`] of the token's text, without slicing it when it starts with ASCII.
    #[inline]
    pub fn is_capitalized(&self, text: &str) -> bool {
        match text.as_bytes().get(self.span.start) {
            Some(&b) if b.is_ascii() && self.span.end > self.span.start => b.is_ascii_uppercase(),
            _ => is_capitalized(self.text(text)),
        }
    }
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&')
}

/// Does a word go on at byte `at` of `s`? Returns the length of the char that continues it.
fn continues_word(s: &str, at: usize) -> Option<usize> {
    let b = *s.as_bytes().get(at)?;
    if b < 128 {
        return b.is_ascii_alphanumeric().then_some(1);
    }
    let c = s[at..].chars().next()?;
    (!is_common_punct(c) && (c.is_alphanumeric() || is_mark(c))).then(|| c.len_utf8())
}

/// U+2010 to U+2027: dashes, curly quotes, bullets, the ellipsis. News text is full of them,
/// and none is a letter, digit, mark or space: answered without the Unicode tables.
fn is_common_punct(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}')
}

/// `u8::is_ascii_alphanumeric` as a table: one load per byte in the loops over words.
pub(crate) static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Tokenizes `text[span]`. ASCII bytes take a fast path: this runs over every sentence.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, span, &mut out);
    out
}

/// [`tokenize`] into `out`, which is cleared first (its buffer is kept).
pub fn tokenize_into(text: &str, span: Span, out: &mut Vec<Token>) {
    let s = span.slice(text);
    let bytes = s.as_bytes();
    out.clear();
    // about one token per four bytes of news text: room for most sentences at once
    out.reserve(s.len() / 4 + 4);
    let mut i = 0;
    'tokens: while i < bytes.len() {
        let b = bytes[i];
        let (c, len) = if b < 128 {
            // ASCII: a letter or digit starts a word, a space is skipped, anything else is
            // punctuation (`char::is_whitespace` on ASCII is exactly these bytes)
            if !ASCII_ALNUM[b as usize] {
                if !matches!(b, b' ' | b'\t'..=b'\r') {
                    out.push(Token {
                        span: Span::new(span.start + i, span.start + i + 1),
                        kind: Kind::Punct(b as char),
                    });
                }
                i += 1;
                continue;
            }
            (b as char, 1)
        } else {
            let c = s[i..].chars().next().unwrap();
            let len = c.len_utf8();
            if is_common_punct(c) || !c.is_alphanumeric() {
                if is_common_punct(c) || !c.is_whitespace() {
                    out.push(Token { span: Span::new(span.start + i, span.start + i + len), kind: Kind::Punct(c) });
                }
                i += len;
                continue;
            }
            (c, len)
        };
        let mut end = i + len;
        loop {
            // ASCII letters and digits, the common case, without decoding a char
            while bytes.get(end).is_some_and(|&b| ASCII_ALNUM[b as usize]) {
                end += 1;
            }
            // most words end at a space or at ASCII punctuation that can neither join them nor
            // follow them (an apostrophe, a period): the rules below have nothing to add then
            if bytes.get(end).is_none_or(|&b| b < 128 && !matches!(b, b'\'' | b'-' | b'.' | b'&' | b'/')) {
                out.push(Token { span: Span::new(span.start + i, span.start + end), kind: Kind::Word });
                // the space after it has no token
                i = end + usize::from(bytes.get(end) == Some(&b' '));
                continue 'tokens;
            }
            // past the ASCII run only a non-ASCII char can continue the word
            if let Some(n) = bytes.get(end).filter(|b| !b.is_ascii()).and_then(|_| continues_word(s, end)) {
                end += n;
                continue;
            }
            // inner joiners: don't, Ho-jin, U.S, AT&T, and a slash between digits: 9/11, 24/7
            // (only their lead bytes are looked at)
            let joiner = match bytes.get(end) {
                Some(b'\'' | b'-' | b'.' | b'&') => 1,
                Some(b'/') if bytes[end - 1].is_ascii_digit() && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => {
                    1
                }
                Some(0xE2) => s[end..].chars().next().filter(|&j| is_inner_joiner(j)).map_or(0, char::len_utf8),
                _ => 0,
            };
            if joiner > 0 && continues_word(s, end + joiner).is_some() {
                end += joiner;
            } else {
                break;
            }
        }
        // a plural possessive keeps its apostrophe ("the Supporters’ Trust", "Workers' Union")
        if bytes[end - 1] == b's' {
            for ap in ['\'', '’'] {
                if s[end..].starts_with(ap) && s[end + ap.len_utf8()..].starts_with(' ') {
                    end += ap.len_utf8();
                    break;
                }
            }
        }
        // a trailing period belongs to acronyms ("U.S."), initials ("F.") and abbreviations
        if bytes.get(end) == Some(&b'.') && {
            let word = &s[i..end];
            word.contains('.') || (word.len() == len && c.is_uppercase()) || lexicon::is_abbreviation(word)
        } {
            end += 1;
        }
        out.push(Token { span: Span::new(span.start + i, span.start + end), kind: Kind::Word });
        i = end;
    }
}

/// Combining marks continue a word ("Zoë" written with U+0308).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A word in lower case: borrowed when it already is, kept inline when it is short ASCII,
/// allocated only otherwise. The rules ask this of many tokens, and an allocation each time
/// was a tenth of the run time.
pub enum Lower<'a> {
    Borrowed(&'a str),
    Inline(Inline),
    Owned(String),
}

/// Up to 24 bytes of UTF-8 on the stack. Its fields are private and its one constructor
/// takes a `str`, so no safe code can put bytes that are not UTF-8 in it (a public tuple
/// variant let any caller do so, and `Deref` then made an invalid `str`).
///
/// ```compile_fail
/// let bad = quotelens_extract::words::Inline { bytes: [0xff; 24], len: 3 };
/// ```
#[derive(Clone, Copy)]
pub struct Inline {
    bytes: [u8; 24],
    len: u8,
}

impl Inline {
    /// `w` with its ASCII letters lower-cased, when it fits, and whether `w` is all ASCII
    /// (noted in the same pass). Still UTF-8 without checking again: ASCII bytes become
    /// ASCII bytes, and every other byte stays as it was.
    fn ascii_lowered(w: &str) -> Option<(Inline, bool)> {
        let mut bytes = [0u8; 24];
        let mut all_bits = 0;
        for (d, &c) in bytes.get_mut(..w.len())?.iter_mut().zip(w.as_bytes()) {
            all_bits |= c;
            *d = c.to_ascii_lowercase();
        }
        Some((Inline { bytes, len: w.len() as u8 }, all_bits.is_ascii()))
    }

    /// `w` itself, when it fits.
    fn copied(w: &str) -> Option<Inline> {
        let mut bytes = [0u8; 24];
        bytes.get_mut(..w.len())?.copy_from_slice(w.as_bytes());
        Some(Inline { bytes, len: w.len() as u8 })
    }

    fn as_str(&self) -> &str {
        // SAFETY: the constructors copy a `str`, changing only ASCII bytes, into ASCII bytes;
        // the fields are private. This runs for most words the rules look at, so it skips
        // the re-validation.
        unsafe { std::str::from_utf8_unchecked(&self.bytes[..self.len as usize]) }
    }
}

/// A name or a name's key that the entities keep for a few sentences: inline when it fits in
/// 24 bytes, as nearly all do, else on the heap. Every speaker named and every subject a
/// pronoun may mean made two `String`s, an allocation and a free each.
#[derive(Clone)]
pub enum Small {
    Inline(Inline),
    Heap(Box<str>),
}

impl Small {
    pub fn new(s: &str) -> Small {
        Inline::copied(s).map_or_else(|| Small::Heap(s.into()), Small::Inline)
    }
}

impl From<String> for Small {
    fn from(s: String) -> Small {
        Inline::copied(&s).map_or_else(|| Small::Heap(s.into_boxed_str()), Small::Inline)
    }
}

impl From<Lower<'_>> for Small {
    fn from(l: Lower<'_>) -> Small {
        match l {
            Lower::Inline(i) => Small::Inline(i),
            Lower::Owned(s) => Small::from(s),
            Lower::Borrowed(s) => Small::new(s),
        }
    }
}

impl std::ops::Deref for Small {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Small::Inline(i) => i.as_str(),
            Small::Heap(s) => s,
        }
    }
}

impl PartialEq for Small {
    fn eq(&self, other: &Small) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Small {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl std::fmt::Display for Small {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Lower::Borrowed(s) => s,
            Lower::Inline(i) => i.as_str(),
            Lower::Owned(s) => s,
        }
    }
}

impl Default for Lower<'_> {
    fn default() -> Self {
        Lower::Borrowed("")
    }
}

impl PartialEq<&str> for Lower<'_> {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl AsRef<str> for Lower<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl<'a> Lower<'a> {
    pub fn into_cow(self) -> Cow<'a, str> {
        match self {
            Lower::Borrowed(s) => Cow::Borrowed(s),
            other => Cow::Owned(other.to_string()),
        }
    }
}

pub fn lower(w: &str) -> Lower<'_> {
    let bytes = w.as_bytes();
    // one pass to the first byte that needs work: most words are lower-case ASCII already
    if !bytes.iter().any(|&b| b.is_ascii_uppercase() || !b.is_ascii()) {
        return Lower::Borrowed(w);
    }
    if let Some((i, true)) = Inline::ascii_lowered(w) {
        return Lower::Inline(i);
    }
    lower_non_ascii(w)
}

/// [`lower`] of a word with non-ASCII bytes or of more than 24 bytes, out of line (rare).
/// Chars U+2000 to U+203F (curly quotes, dashes) have no lower case: a word whose only
/// non-ASCII chars are these, "Biden’s", "don’t", is lower-cased as ASCII on the stack
/// rather than allocated.
#[inline(never)]
fn lower_non_ascii(w: &str) -> Lower<'_> {
    if w.len() <= 24 && w.chars().all(|c| c.is_ascii() || matches!(c, '\u{2000}'..='\u{203F}')) {
        if let Some((i, _)) = Inline::ascii_lowered(w) {
            return Lower::Inline(i);
        }
    }
    // (a long ASCII phrase, "the Department of Homeland Security", is lowered a word at a time)
    if w.is_ascii() {
        return Lower::Owned(w.to_ascii_lowercase());
    }
    Lower::Owned(crate::case::to_lowercase(w))
}

/// Lower-cased word with a possessive ending removed ("Russia's" → "russia").
pub fn lower_base(w: &str) -> Lower<'_> {
    // strip the possessive from the original (its case does not matter), then lower-case;
    // every ending below ends in one of these bytes (’ in 0x99), and most words in none
    if !matches!(w.as_bytes().last(), Some(b's' | b'S' | b'\'' | 0x99)) {
        return lower(w);
    }
    for suf in ["'s", "’s", "'S", "'", "’"] {
        if let Some(b) = w.strip_suffix(suf) {
            if !b.is_empty() {
                return lower(b);
            }
        }
    }
    lower(w)
}

/// [`lower_base`] of `w` when `l` is [`lower`] of it already: most words have no possessive
/// ending, and are not lower-cased again.
pub fn lower_base_of<'a>(w: &'a str, l: &'a str) -> Lower<'a> {
    if matches!(w.as_bytes().last(), Some(b's' | b'S' | b'\'' | 0x99)) {
        lower_base(w)
    } else {
        Lower::Borrowed(l)
    }
}

/// Do tokens `i..i + 3` make a nickname in quotes inside a name: a mark, one capitalised
/// word, a mark, between two capitalised words (Della “Sparky” Maguire)?
pub fn nickname_at(text: &str, toks: &[Token], i: usize) -> bool {
    let mark = |t: &Token| matches!(t.kind, Kind::Punct('"' | '“' | '”' | '‘' | '’' | '\''));
    let name = |t: &Token| t.is_word() && t.is_capitalized(text);
    i > 0
        && i + 3 < toks.len()
        && mark(&toks[i])
        && name(&toks[i + 1])
        && mark(&toks[i + 2])
        && name(&toks[i - 1])
        && name(&toks[i + 3])
}

pub fn is_capitalized(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(&b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => w.chars().next().is_some_and(char::is_uppercase),
    }
}

pub fn is_possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'") || w.ends_with("s’")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name or key reads the same inline or on the heap, at every length around the 24
    /// bytes that fit inline (with a char of two and of three bytes across the edge), from
    /// every kind of `Lower`; equal strings are equal whichever way each is kept.
    #[test]
    fn small_strings_keep_their_text() {
        for n in 0..30 {
            for s in ["a".repeat(n), format!("{}é", "b".repeat(n)), format!("{}“", "c".repeat(n))] {
                let small = Small::new(&s);
                assert_eq!(&*small, s, "{s:?}");
                assert_eq!(matches!(small, Small::Inline(_)), s.len() <= 24, "{s:?}");
                assert_eq!(&*Small::from(s.clone()), s);
                assert!(Small::from(s.clone()) == small && small.to_string() == s);
                let upper = s.to_uppercase();
                assert_eq!(&*Small::from(lower(&upper)), upper.to_lowercase(), "{upper:?}");
                assert_eq!(&*Small::from(lower(&s)), s.to_lowercase(), "{s:?}");
            }
        }
        let long = "x".repeat(40);
        assert!(Small::Heap(long.clone().into_boxed_str()) == Small::from(long));
        assert!(Small::new("ann lee") != Small::new("ann le"));
    }

    #[test]
    fn an_inline_word_holds_only_utf8() {
        let (i, ascii) = Inline::ascii_lowered("AbC’s Δ").unwrap();
        assert_eq!((i.as_str(), ascii), ("abc’s Δ", false));
        assert!(Inline::ascii_lowered(&"a".repeat(25)).is_none());
        let (i, ascii) = Inline::ascii_lowered(&"A".repeat(24)).unwrap();
        assert_eq!((i.as_str(), ascii), ("a".repeat(24).as_str(), true));
        assert_eq!(&*lower("Biden’s"), "biden’s");
        assert!(matches!(lower("Biden’s"), Lower::Inline(_)));
        assert_eq!(&*lower("WASHINGTON"), "washington");
    }

    /// A slash between digits joins ("9/11", "24/7", "12/25/2016"); any other slash splits.
    #[test]
    fn joins_a_slash_between_digits_only() {
        let text = "The 9/11 widow works 24/7 since 12/25/2016 and/or 3/ x/4 a/b.";
        let toks: Vec<&str> = tokenize(text, Span::new(0, text.len())).iter().map(|t| t.text(text)).collect();
        assert_eq!(
            toks,
            [
                "The",
                "9/11",
                "widow",
                "works",
                "24/7",
                "since",
                "12/25/2016",
                "and",
                "/",
                "or",
                "3",
                "/",
                "x",
                "/",
                "4",
                "a",
                "/",
                "b",
                "."
            ]
        );
    }

    #[test]
    fn keeps_acronyms_possessives_and_hyphens() {
        let text = "Sen. Ho-jin met U.S. officials at Hezbollah's office, Zoe\u{308} said of the Workers’ Union.";
        let toks: Vec<&str> = tokenize(text, Span::new(0, text.len())).iter().map(|t| t.text(text)).collect();
        assert_eq!(
            toks,
            [
                "Sen.",
                "Ho-jin",
                "met",
                "U.S.",
                "officials",
                "at",
                "Hezbollah's",
                "office",
                ",",
                "Zoe\u{308}",
                "said",
                "of",
                "the",
                "Workers’",
                "Union",
                "."
            ]
        );
    }
}
