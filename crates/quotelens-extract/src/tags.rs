//! A sentence tagged once: every token's lower-case form and its classes (a word, capitalised,
//! inside a quotation, a cue verb), computed in one pass when the sentence is read, for the
//! rules that ask the same questions of the same tokens again and again.
//!
//! The speed tricks of that question live here: most tokens are lower case already, so their
//! form is the text itself and only the others are lower-cased, once, into one buffer.

use crate::words::{lower, Kind, Token};

/// A set of token classes, as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Class(u8);

impl Class {
    /// A word, not punctuation.
    pub const WORD: Class = Class(1);
    /// A word whose first letter is upper case.
    pub const CAPITALISED: Class = Class(1 << 1);
    /// Inside a quotation, its marks included.
    pub const QUOTED: Class = Class(1 << 2);
    /// A cue verb outside any quotation (see `attribution::Sent`).
    pub const CUE: Class = Class(1 << 3);
    /// The lower-case form differs from the text, and is kept in the buffer.
    const CHANGED: Class = Class(1 << 4);

    pub fn has(self, c: Class) -> bool {
        self.0 & c.0 == c.0
    }

    fn with(self, c: Class, on: bool) -> Class {
        if on {
            Class(self.0 | c.0)
        } else {
            self
        }
    }
}

impl std::ops::BitOr for Class {
    type Output = Class;
    fn bitor(self, other: Class) -> Class {
        Class(self.0 | other.0)
    }
}

/// (any upper-case ASCII letter, all ASCII) of the word `w` at byte `at` of `bytes`. Asked of
/// every token: a word of up to eight bytes with eight bytes of text from its start is
/// answered with arithmetic on one 64-bit load, every other one byte by byte.
#[inline]
fn case_of(bytes: &[u8], at: usize, w: &[u8]) -> (bool, bool) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if w.len() <= 8 {
        if let Some(chunk) = bytes.get(at..at + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            // the word's bytes only
            let mask = if w.len() == 8 { !0 } else { (1u64 << (8 * w.len())) - 1 };
            let x = x & mask;
            if x & HIGH != 0 {
                return (w.iter().any(u8::is_ascii_uppercase), false);
            }
            // with every byte below 0x80 no addition carries into the next byte: a byte is
            // 'A'..='Z' when adding 0x3F sets its top bit and adding 0x25 does not
            let upper = (x + 0x3F3F_3F3F_3F3F_3F3F) & !(x + 0x2525_2525_2525_2525) & HIGH & mask;
            return (upper != 0, true);
        }
    }
    (w.iter().any(u8::is_ascii_uppercase), w.is_ascii())
}

/// The tags of one sentence's tokens.
#[derive(Default)]
pub struct Tags {
    /// each token's classes and where its lower-case form is in `forms` (empty when the
    /// token is its own form), in one vector: one push per token
    tags: Vec<(Class, u32, u32)>,
    /// the lower-case forms of the tokens that are not lower case already, back to back
    forms: String,
}

impl Tags {
    /// Tags `toks` (of `text`), with `quoted` saying which are inside a quotation. The buffers
    /// are reused: the extraction tags thousands of sentences one after another.
    pub fn fill(&mut self, text: &str, toks: &[Token], quoted: &[bool]) {
        self.tags.clear();
        self.forms.clear();
        self.tags.reserve(toks.len());
        let bytes = text.as_bytes();
        for (t, &q) in toks.iter().zip(quoted) {
            let mut class = if q { Class::QUOTED } else { Class::default() };
            let mut at = (0, 0);
            match t.kind {
                Kind::Word => {
                    class.0 |= Class::WORD.0;
                    let w = &bytes[t.span.start..t.span.end];
                    let (upper, ascii) = case_of(bytes, t.span.start, w);
                    if (ascii && w.first().is_some_and(u8::is_ascii_uppercase)) || (!ascii && t.is_capitalized(text)) {
                        class.0 |= Class::CAPITALISED.0;
                    }
                    // lower-case ASCII, most words, is its own form; other ASCII is lowered in
                    // place in the buffer; only words with other letters go through `lower`
                    if upper || !ascii {
                        let start = self.forms.len();
                        if ascii {
                            self.forms.push_str(t.text(text));
                            self.forms[start..].make_ascii_lowercase();
                        } else {
                            let l = lower(t.text(text));
                            if *l != *t.text(text) {
                                self.forms.push_str(&l);
                            }
                        }
                        at = (start as u32, self.forms.len() as u32);
                    }
                }
                // punctuation (a char neither a letter, a digit nor a space) is its own lower
                // case: checked for every char in the tests below
                Kind::Punct(_) => {}
            }
            if at.1 > at.0 {
                class.0 |= Class::CHANGED.0;
            }
            self.tags.push((class, at.0, at.1));
        }
    }

    /// Marks token `i` a cue verb.
    pub fn set_cue(&mut self, i: usize, cue: bool) {
        self.tags[i].0 = self.tags[i].0.with(Class::CUE, cue);
    }

    /// The classes of token `i`.
    pub fn class(&self, i: usize) -> Class {
        self.tags[i].0
    }

    /// Does token `i` have class `c`?
    pub fn is(&self, i: usize, c: Class) -> bool {
        self.tags[i].0.has(c)
    }

    /// The lower-case form of token `i` (`text` is the text the tokens index).
    pub fn lower<'a>(&'a self, text: &'a str, toks: &[Token], i: usize) -> &'a str {
        let (class, a, b) = self.tags[i];
        if class.has(Class::CHANGED) {
            &self.forms[a as usize..b as usize]
        } else {
            toks[i].text(text)
        }
    }
}

/// A sentence's tokens with their tags, as the noun-phrase rules (`crate::sources`) take them:
/// they index and slice it as the tokens (it derefs to them) and read each token's lower-case
/// form from the tags, made once when the sentence was read, where lower-casing the token
/// again at every look cost 2.6 % of the extraction's instructions.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    toks: &'a [Token],
    tags: &'a Tags,
}

impl<'a> Words<'a> {
    /// `tags` must be those of `toks` (`Tags::fill` of the same tokens).
    pub fn new(toks: &'a [Token], tags: &'a Tags) -> Words<'a> {
        debug_assert_eq!(toks.len(), tags.tags.len());
        Words { toks, tags }
    }

    /// The lower-case form of token `i` (what `words::lower` gives for its text).
    pub fn form(&self, text: &'a str, i: usize) -> &'a str {
        self.tags.lower(text, self.toks, i)
    }

    /// Does token `i` start with an upper-case letter (`words::is_capitalized` of its text)?
    pub fn is_capitalized(&self, i: usize) -> bool {
        self.tags.is(i, Class::CAPITALISED)
    }

    /// [`Words::form`] as the `Lower` that `words::lower` returns, for the rules written for it.
    pub fn lower(&self, text: &'a str, i: usize) -> crate::words::Lower<'a> {
        crate::words::Lower::Borrowed(self.form(text, i))
    }
}

impl std::ops::Deref for Words<'_> {
    type Target = [Token];
    fn deref(&self) -> &[Token] {
        self.toks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use crate::words::tokenize;

    /// Every token's form is what `words::lower` gives, and the classes are right.
    #[test]
    fn forms_and_classes() {
        let text = "“Ça va,” Élodie O’Neil SAID — the iPhone’s maker didn’t, Ⓐ ǅ Ⅻ ⒜ 7 U.S. officials said.";
        let toks = tokenize(text, Span::new(0, text.len()));
        let quoted: Vec<bool> = (0..toks.len()).map(|i| i < 4).collect();
        let mut tags = Tags::default();
        tags.fill(text, &toks, &quoted);
        for (i, t) in toks.iter().enumerate() {
            assert_eq!(tags.lower(text, &toks, i), &*lower(t.text(text)), "{}", t.text(text));
            assert_eq!(tags.is(i, Class::WORD), t.is_word());
            assert_eq!(tags.is(i, Class::CAPITALISED), t.is_word() && crate::words::is_capitalized(t.text(text)));
            assert_eq!(tags.is(i, Class::QUOTED), i < 4);
        }
        assert!(!tags.is(0, Class::WORD) && tags.is(1, Class::CAPITALISED | Class::QUOTED));
    }

    /// For every char up to U+33FF and the enclosed letters of U+1F100..: a token is tagged
    /// capitalised exactly when `words::is_capitalized` says so of its text, punctuation
    /// included (the rules ask either).
    #[test]
    fn capitalised_as_is_capitalized_for_every_char() {
        for c in (0..0x3400u32).chain(0x1F100..0x1F200).filter_map(char::from_u32) {
            let text = format!("a {c}b {c} x{c} .");
            let toks = tokenize(&text, Span::new(0, text.len()));
            let mut tags = Tags::default();
            tags.fill(&text, &toks, &vec![false; toks.len()]);
            let words = Words::new(&toks, &tags);
            for (i, t) in toks.iter().enumerate() {
                assert_eq!(words.is_capitalized(i), crate::words::is_capitalized(t.text(&text)), "{c:?} in {text:?}");
            }
        }
    }

    /// The word-at-once answer agrees with the byte-by-byte one, for every byte value in
    /// every position of words of every length up to nine, with text after them or none.
    #[test]
    fn case_of_agrees_with_bytes() {
        for len in 1..=9 {
            for pos in 0..len {
                for b in 0..=255u8 {
                    let mut w = vec![b'a'; len];
                    w[pos] = b;
                    for tail in [&b"xxxxxxxx"[..], b"Z\xff", b""] {
                        let text = [&w[..], tail].concat();
                        let expect = (w.iter().any(u8::is_ascii_uppercase), w.is_ascii());
                        assert_eq!(case_of(&text, 0, &w), expect, "{w:?} {tail:?}");
                    }
                }
            }
        }
    }

    /// The premise of the fast path: every char that is neither a letter, a digit nor a space
    /// (what a punctuation token holds) is its own lower case.
    #[test]
    fn punctuation_has_no_case() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if !c.is_alphanumeric() && !c.is_whitespace() {
                assert!(c.to_lowercase().eq([c]), "{c:?}");
            }
        }
    }
}
