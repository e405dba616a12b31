//! Text -> review document -> native and W3C export -> import: the same document back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotelens_review::formats::{from_native_json, from_w3c_json, to_native_json, to_w3c_json};
use quotelens_review::ReviewDoc;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = ReviewDoc::from_text("fuzz", "a title", text.as_ref(), 1_733_011_200_123.25);
    assert!(doc.check().is_ok());
    let native = from_native_json(&to_native_json(&doc)).expect("a native export reads back");
    assert_eq!(native, doc);
    let w3c = to_w3c_json(&doc);
    for given in [None, Some(doc.text.as_str())] {
        let im = from_w3c_json(&w3c, given).expect("a W3C export reads back");
        assert_eq!(im.doc, doc);
        assert!(im.reanchored.is_empty() && im.orphans.is_empty());
    }
});
