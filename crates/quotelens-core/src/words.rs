//! A small tokenizer: words and punctuation with their byte spans.
//!
//! Words keep their inner apostrophes and hyphens ("Hezbollah's", "Ho-jin") and the periods of
//! dotted acronyms and abbreviations ("U.S.", "Sen."), because the source rules look at whole
//! words and at their capitalisation.

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
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&')
}

/// Tokenizes `text[span]`.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    let s = span.slice(text);
    let mut out = Vec::with_capacity(s.len() / 5);
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Token { span: Span::new(span.start + i, span.start + i + c.len_utf8()), kind: Kind::Punct(c) });
            continue;
        }
        let mut end = i + c.len_utf8();
        loop {
            let rest = &s[end..];
            let mut cs = rest.chars();
            match cs.next() {
                Some(n) if n.is_alphanumeric() || is_mark(n) => end += n.len_utf8(),
                Some(n) if is_inner_joiner(n) && cs.next().is_some_and(char::is_alphanumeric) => end += n.len_utf8(),
                _ => break,
            }
        }
        // a trailing period belongs to acronyms ("U.S."), initials ("F.") and abbreviations
        let word = &s[i..end];
        if s[end..].starts_with('.')
            && (word.contains('.') || (word.chars().count() == 1 && c.is_uppercase()) || lexicon::is_abbreviation(word))
        {
            end += 1;
        }
        while it.peek().is_some_and(|&(j, _)| j < end) {
            it.next();
        }
        out.push(Token { span: Span::new(span.start + i, span.start + end), kind: Kind::Word });
    }
    out
}

/// Combining marks continue a word ("Zoë" written with U+0308).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Lower-cased word with a possessive ending removed ("Russia's" → "russia").
pub fn lower_base(w: &str) -> String {
    let l = w.to_lowercase();
    for suf in ["'s", "’s", "'", "’"] {
        if let Some(b) = l.strip_suffix(suf) {
            if !b.is_empty() {
                return b.to_string();
            }
        }
    }
    l
}

pub fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

pub fn is_possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'") || w.ends_with("s’")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_acronyms_possessives_and_hyphens() {
        let text = "Sen. Ho-jin met U.S. officials at Hezbollah's office, Zoe\u{308} said.";
        let toks: Vec<&str> = tokenize(text, Span::new(0, text.len())).iter().map(|t| t.text(text)).collect();
        assert_eq!(toks, ["Sen.", "Ho-jin", "met", "U.S.", "officials", "at", "Hezbollah's", "office", ",", "Zoe\u{308}", "said", "."]);
    }
}
