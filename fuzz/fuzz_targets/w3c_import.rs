//! The W3C reader on any bytes, with and without the text given: an error or a document
//! that passes its check, and whose export reads back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotelens_review::formats::{from_w3c_json, import, to_w3c_json};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    // an optional text after the first NUL: re-anchoring against a changed document
    let (json, text) = match input.split_once('\0') {
        Some((j, t)) => (j, Some(t)),
        None => (input, None),
    };
    let _ = import(json, text);
    if let Ok(im) = from_w3c_json(json, text) {
        assert!(im.doc.check().is_ok(), "{:?}", im.doc.check());
        let again = from_w3c_json(&to_w3c_json(&im.doc), None).expect("an export reads back");
        assert_eq!(again.doc, im.doc);
    }
});
