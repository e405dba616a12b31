//! Offsets in the three units a caller may want.
//!
//! The core works in UTF-8 byte offsets (what Rust slices with). The browser counts UTF-16 code
//! units and the W3C Web Annotation model counts Unicode scalar values, so every span can be
//! converted. Converting one offset must not cost a walk from the start of a 50 MB text, so the
//! index keeps a checkpoint at every multiple of [`STRIDE`] bytes (the char boundary at or
//! after it): a byte offset finds its checkpoint by a division, and walks at most that far.

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
    /// (byte, char, utf16) at checkpoint `k`: the first char boundary at or after byte
    /// `k × STRIDE`, and a last one at the end of the text.
    checkpoints: Vec<(usize, usize, usize)>,
}

/// Chars and UTF-16 units in `bytes` (whole chars): a char starts at every byte that is not
/// a continuation byte (`10xxxxxx`), and takes two units when it is four bytes long (its
/// first byte `11110xxx`). Eight bytes at a time: decoding each char cost 15 instructions a
/// byte of text.
fn count(bytes: &[u8]) -> (usize, usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // about half the strides of news text are all ASCII: an OR of their bytes tells them
    // (a loop the compiler vectorises)
    if bytes.iter().fold(0u8, |acc, &b| acc | b) < 0x80 {
        return (bytes.len(), bytes.len());
    }
    let (mut cont, mut wide) = (0u32, 0u32);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        // bit 0 of each byte: bit 7 set and bit 6 clear; bits 7 to 4 all set
        cont += ((x >> 7) & !(x >> 6) & ONES).count_ones();
        wide += ((x >> 7) & (x >> 6) & (x >> 5) & (x >> 4) & ONES).count_ones();
    }
    for &b in chunks.remainder() {
        cont += u32::from(b & 0xC0 == 0x80);
        wide += u32::from(b >= 0xF0);
    }
    let chars = bytes.len() - cont as usize;
    (chars, chars + wide as usize)
}

impl<'t> OffsetIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 2);
        let (mut chars, mut units) = (0usize, 0usize);
        let mut b = 0usize;
        while b < text.len() {
            checkpoints.push((b, chars, units));
            // the next checkpoint: the first char boundary at or after the next multiple of
            // STRIDE (a char is at most 4 bytes, so each stays in its stride)
            let mut end = (checkpoints.len() * STRIDE).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let (c, u) = count(&text.as_bytes()[b..end]);
            chars += c;
            units += u;
            b = end;
        }
        checkpoints.push((text.len(), chars, units));
        OffsetIndex { text, checkpoints }
    }

    /// Converts a byte offset (which must lie on a char boundary) into `unit`.
    pub fn from_byte(&self, byte: usize, unit: Unit) -> usize {
        if unit == Unit::Byte {
            return byte;
        }
        let cps = &self.checkpoints;
        // checkpoint `byte / STRIDE` starts at or a few bytes after that multiple: when after
        // `byte`, the one before covers it (a search over a large text's checkpoints for each
        // offset missed the cache at every step)
        let mut i = (byte / STRIDE).min(cps.len() - 1);
        if cps[i].0 > byte {
            i -= 1;
        }
        let (b0, c0, u0) = cps[i];
        // a stretch with as many chars as bytes up to the next checkpoint is all ASCII (about
        // half of them in news text): its offsets are counted by subtraction
        if cps.get(i + 1).is_some_and(|&(b1, c1, _)| c1 - c0 == b1 - b0) {
            return match unit {
                Unit::Char => c0 + (byte - b0),
                _ => u0 + (byte - b0),
            };
        }
        let (c, u) = count(&self.text.as_bytes()[b0..byte]);
        match unit {
            Unit::Char => c0 + c,
            Unit::Utf16 => u0 + u,
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
    fn counts_chars_and_units_eight_bytes_at_a_time() {
        let text = "a😀é\r\nz̈ €x".repeat(5);
        for a in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            for b in (a..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let piece = &text[a..b];
                let expected = (piece.chars().count(), piece.encode_utf16().count());
                assert_eq!(count(piece.as_bytes()), expected, "{piece:?}");
            }
        }
    }

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
        // out of order too, and a byte offset a few bytes past a multiple of the stride (inside
        // the four-byte char that checkpoint moved past)
        let starts: Vec<(usize, usize)> =
            text.char_indices().map(|(b, _)| (b, text[..b].encode_utf16().count())).collect();
        for &(b, units) in starts.iter().rev().step_by(7) {
            assert_eq!(idx.from_byte(b, Unit::Utf16), units);
            assert_eq!(idx.from_byte(b / 3, Unit::Byte), b / 3);
        }
        // the middle of a surrogate pair is not a position
        assert_eq!(idx.to_byte(2, Unit::Utf16), None);
    }
}
