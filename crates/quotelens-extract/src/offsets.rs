//! Offsets in the three units a caller may want.
//!
//! The core works in UTF-8 byte offsets (what Rust slices with). The browser counts UTF-16 code
//! units and the W3C Web Annotation model counts Unicode scalar values, so every span can be
//! converted. Converting one offset must not cost a walk from the start of a 50 MB text, so the
//! index keeps a checkpoint every [`STRIDE`] bytes and walks at most that far.

use serde::{Deserialize, Serialize};

/// The unit an offset is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// UTF-8 bytes.
    Byte,
    /// Unicode scalar values (Rust `char`s, Python `str` indices).
    Char,
    /// UTF-16 code units (JavaScript strings, DOM ranges).
    #[default]
    Utf16,
}

impl Unit {
    pub fn parse(s: &str) -> Option<Unit> {
        match s {
            "byte" | "utf8" | "bytes" => Some(Unit::Byte),
            "char" | "chars" | "codepoint" => Some(Unit::Char),
            "utf16" => Some(Unit::Utf16),
            _ => None,
        }
    }
}

const STRIDE: usize = 64;

/// Converts UTF-8 byte offsets of one text into char and UTF-16 offsets, and back.
pub struct OffsetIndex<'t> {
    text: &'t str,
    /// (byte, char, utf16) at char boundaries near every multiple of STRIDE bytes.
    checkpoints: Vec<(usize, usize, usize)>,
}

impl<'t> OffsetIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 2);
        let (mut chars, mut units) = (0usize, 0usize);
        let mut next = 0usize;
        for (b, c) in text.char_indices() {
            if b >= next {
                checkpoints.push((b, chars, units));
                next = b + STRIDE;
            }
            chars += 1;
            units += c.len_utf16();
        }
        checkpoints.push((text.len(), chars, units));
        OffsetIndex { text, checkpoints }
    }

    /// Converts a byte offset (which must lie on a char boundary) into `unit`.
    pub fn from_byte(&self, byte: usize, unit: Unit) -> usize {
        if unit == Unit::Byte {
            return byte;
        }
        let i = self.checkpoints.partition_point(|c| c.0 <= byte).saturating_sub(1);
        let (b0, c0, u0) = self.checkpoints[i];
        let piece = &self.text[b0..byte];
        match unit {
            Unit::Char => c0 + piece.chars().count(),
            Unit::Utf16 => u0 + piece.chars().map(char::len_utf16).sum::<usize>(),
            Unit::Byte => unreachable!(),
        }
    }

    /// Converts an offset counted in `unit` back into a byte offset. Offsets past the end, or
    /// in the middle of a surrogate pair, give `None`.
    pub fn to_byte(&self, offset: usize, unit: Unit) -> Option<usize> {
        let key = |c: &(usize, usize, usize)| match unit {
            Unit::Byte => c.0,
            Unit::Char => c.1,
            Unit::Utf16 => c.2,
        };
        if unit == Unit::Byte {
            return self.text.is_char_boundary(offset).then_some(offset);
        }
        let i = self.checkpoints.partition_point(|c| key(c) <= offset).saturating_sub(1);
        let (mut b, c0, u0) = self.checkpoints[i];
        let mut at = if unit == Unit::Char { c0 } else { u0 };
        for ch in self.text[b..].chars() {
            if at >= offset {
                break;
            }
            at += if unit == Unit::Char { 1 } else { ch.len_utf16() };
            b += ch.len_utf8();
        }
        (at == offset).then_some(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_both_ways_across_checkpoints() {
        let text = "a😀é\r\nz̈".repeat(200);
        let idx = OffsetIndex::new(&text);
        let mut units = 0;
        for (chars, (b, c)) in text.char_indices().enumerate() {
            assert_eq!(idx.from_byte(b, Unit::Char), chars);
            assert_eq!(idx.from_byte(b, Unit::Utf16), units);
            assert_eq!(idx.to_byte(chars, Unit::Char), Some(b));
            assert_eq!(idx.to_byte(units, Unit::Utf16), Some(b));
            units += c.len_utf16();
        }
        assert_eq!(idx.from_byte(text.len(), Unit::Utf16), units);
        // the middle of a surrogate pair is not a position
        assert_eq!(idx.to_byte(2, Unit::Utf16), None);
    }
}
