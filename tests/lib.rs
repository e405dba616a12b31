//! Helpers shared by the project-level tests.

use quotelens_extract::offsets::{OffsetIndex, Unit};
use quotelens_extract::{Document, Span};

/// Every span of the document lies on char boundaries, inside the text, and converts to
/// UTF-16 and char offsets and back to the same bytes.
pub fn assert_spans_sound(text: &str, doc: &Document) {
    let idx = OffsetIndex::new(text);
    let mut spans: Vec<Span> = Vec::new();
    for a in &doc.annotations {
        spans.push(a.span);
        spans.extend(a.outer);
        spans.extend(a.source);
        spans.extend(a.cue);
    }
    spans.extend(doc.paragraphs.iter().map(|p| p.span));
    spans.extend(doc.sentences.iter().map(|s| s.span));
    spans.extend(doc.stories.iter().filter_map(|s| s.dateline.as_ref().map(|d| d.span)));
    for s in spans {
        assert!(s.start <= s.end && s.end <= text.len(), "span {s:?} outside a text of {} bytes", text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "span {s:?} splits a character");
        for unit in [Unit::Char, Unit::Utf16] {
            let (a, b) = (idx.from_byte(s.start, unit), idx.from_byte(s.end, unit));
            assert_eq!(idx.to_byte(a, unit), Some(s.start));
            assert_eq!(idx.to_byte(b, unit), Some(s.end));
        }
    }
}

/// Slices `text` by offsets counted in `unit`.
pub fn slice_in(text: &str, start: usize, end: usize, unit: Unit) -> String {
    match unit {
        Unit::Byte => text[start..end].to_string(),
        Unit::Char => text.chars().skip(start).take(end - start).collect(),
        Unit::Utf16 => {
            let u: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(&u[start..end]).expect("a UTF-16 slice that splits a surrogate pair")
        }
    }
}

/// A small deterministic generator, so that a failure reproduces from its seed.
pub struct XorShift(pub u64);

impl XorShift {
    /// A generator for a small seed: spread over the bits (wrapping, as a debug build would
    /// otherwise panic on the overflow), never zero for a seed that is not.
    pub fn seeded(seed: u64) -> XorShift {
        XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}
