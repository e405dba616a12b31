//! Hostile input and archive-sized work (issue 13): every input family stays linear with
//! bounded output, the JSON is written as it is produced, and the round trips hold.
//!
//! Timing is never asserted: the sizes here take well under a second each when linear and
//! minutes or gigabytes when a quadratic path comes back. The figures are in
//! `quotelens bench --adversarial`.

use quotelens_core::export::{to_json, to_json_string, write_json};
use quotelens_core::offsets::Unit;
use quotelens_core::{extract, SAMPLE};
use quotelens_tests::assert_spans_sound;
use serde_json::{json, Value};

fn articles() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![SAMPLE.to_string()];
    for dir in ["fixtures", "holdout"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                out.push(std::fs::read_to_string(p).unwrap());
            }
        }
    }
    out
}

#[test]
fn the_streaming_writer_prints_what_a_json_value_prints() {
    // the CLI printed a serde_json::Value (sorted keys); the writer must print the same bytes
    for text in articles() {
        let doc = extract(&text);
        for unit in [Unit::Utf16, Unit::Char, Unit::Byte] {
            let streamed = to_json_string(&text, &doc, unit);
            let value: Value = serde_json::from_str(&streamed).expect("valid JSON");
            assert_eq!(serde_json::to_string(&value).unwrap(), streamed);
            assert_eq!(to_json(&text, &doc, unit), value);
            let mut with_id = Vec::new();
            write_json(&mut with_id, &text, &doc, unit, Some(&json!("doc-7"))).unwrap();
            let mut v = value.clone();
            v["id"] = json!("doc-7");
            assert_eq!(String::from_utf8(with_id).unwrap(), serde_json::to_string(&v).unwrap());
        }
    }
}
