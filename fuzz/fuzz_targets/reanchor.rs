//! Re-anchoring a review document in a changed text: every annotation is placed or listed
//! lost, the result passes its check, and an unchanged text changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotelens_review::anchor::reanchor;
use quotelens_review::ReviewDoc;

fuzz_target!(|data: &[u8]| {
    // the old text, then after the first 0xFF byte the new one
    let (old, new) = match data.iter().position(|&b| b == 0xff) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
    let doc = ReviewDoc::from_text("fuzz", "", old.as_ref(), 0.0);
    let r = reanchor(&doc, &new, 0.75);
    assert!(r.doc.check().is_ok(), "{:?}", r.doc.check());
    assert_eq!(r.doc.annotations.len() + r.lost.len(), doc.annotations.len());
    if old == new {
        assert!(r.lost.is_empty() && r.moved.is_empty());
        assert_eq!(r.doc.annotations, doc.annotations);
    }
});
