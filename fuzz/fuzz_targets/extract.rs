//! Extraction of any text: never a panic, every span sound in all three units, the JSON
//! valid, within the output bound, and its offsets slicing to its texts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotelens_extract::bounds::{BYTES_OUT_PER_BYTE_IN, FLOOR};
use quotelens_extract::export::to_json_string;
use quotelens_extract::offsets::{OffsetIndex, Unit};
use quotelens_extract::{extract, Span};

fn slice_in(text: &str, start: usize, end: usize, unit: Unit) -> String {
    match unit {
        Unit::Byte => text[start..end].to_string(),
        Unit::Char => text.chars().skip(start).take(end - start).collect(),
        Unit::Utf16 => {
            let u: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(&u[start..end]).expect("a span split a surrogate pair")
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = extract(&text);
    let idx = OffsetIndex::new(&text);
    let mut spans: Vec<Span> = Vec::new();
    for a in &doc.annotations {
        spans.extend([Some(a.span), a.outer, a.source, a.cue].into_iter().flatten());
    }
    spans.extend(doc.paragraphs.iter().map(|p| p.span));
    spans.extend(doc.sentences.iter().map(|s| s.span));
    spans.extend(doc.stories.iter().map(|s| s.span));
    spans.extend(doc.stories.iter().filter_map(|s| s.dateline.as_ref().map(|d| d.span)));
    for s in spans {
        assert!(s.start <= s.end && s.end <= text.len(), "{s:?} outside the text");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{s:?} splits a char");
        for unit in [Unit::Byte, Unit::Char, Unit::Utf16] {
            let (a, b) = (idx.from_byte(s.start, unit), idx.from_byte(s.end, unit));
            assert_eq!(idx.to_byte(a, unit), Some(s.start));
            assert_eq!(idx.to_byte(b, unit), Some(s.end));
            assert_eq!(slice_in(&text, a, b, unit), s.slice(&text), "{unit:?}");
        }
    }
    for unit in [Unit::Utf16, Unit::Char] {
        let json = to_json_string(&text, &doc, unit);
        assert!(json.len() <= BYTES_OUT_PER_BYTE_IN * text.len() + FLOOR, "{} bytes out", json.len());
        let v: serde_json::Value = serde_json::from_str(&json).expect("the writer writes JSON");
        for a in v["annotations"].as_array().unwrap() {
            let (s, e) = (a["start"].as_u64().unwrap() as usize, a["end"].as_u64().unwrap() as usize);
            assert_eq!(slice_in(&text, s, e, unit), a["text"].as_str().unwrap());
        }
    }
});
