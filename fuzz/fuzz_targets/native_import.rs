//! The native reader on any bytes: an error or a document that passes its check, and whose
//! export reads back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotelens_review::formats::{from_native_json, to_native_json};

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else { return };
    if let Ok(doc) = from_native_json(json) {
        assert!(doc.check().is_ok(), "{:?}", doc.check());
        let again = from_native_json(&to_native_json(&doc)).expect("an export reads back");
        assert_eq!(again, doc);
    }
});
