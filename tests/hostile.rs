//! Hostile input and archive-sized work (issue 13): every input family stays linear with
//! bounded output, the JSON is written as it is produced, and the round trips hold.
//!
//! Timing is never asserted: the sizes here take well under a second each when linear and
//! minutes or gigabytes when a quadratic path comes back. The figures are in
//! `quotelens bench --adversarial`.

use quotelens_extract::export::{to_json, to_json_string, write_json};
use quotelens_extract::offsets::Unit;
use quotelens_extract::{extract, SAMPLE};
use quotelens_tests::assert_spans_sound;
use serde_json::{json, Value};

fn articles() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![SAMPLE.to_string()];
    out.extend(families(20_000).into_iter().map(|(_, t)| t));
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

/// A megabyte in release builds (the test command), a tenth of it in debug.
fn size() -> usize {
    if cfg!(debug_assertions) {
        100_000
    } else {
        1_000_000
    }
}

fn repeated(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len() + 1)
}

/// The input families of the issue, at `bytes` each (invented text).
pub fn families(bytes: usize) -> Vec<(String, String)> {
    let mut out = vec![("news".to_string(), repeated(&format!("{SAMPLE}\n"), bytes))];
    for mark in ["\"", "“", "”", "'", "‘", "’", "«", "»", "„", "‹", "›"] {
        out.push((format!("only {mark}"), repeated(mark, bytes)));
    }
    out.push(("\"He said that\" chain".into(), repeated("He said that ", bytes)));
    let mut surnames = String::new();
    let mut i = 0;
    while surnames.len() < bytes {
        surnames.push_str(&format!("“We act,” Ann{i} Okafor said. Okafor told reporters that it works.\n"));
        i += 1;
    }
    out.push(("shared surnames".into(), surnames));
    out.push(("one line, no punctuation".into(), repeated("word and more words without any stop ", bytes)));
    let depth = bytes / 8;
    out.push(("deep nesting".into(), format!("She said {}deep{} today.", "“‘".repeat(depth), "’”".repeat(depth))));
    out.push(("quoted control bytes".into(), repeated("\"\u{1}\u{2}\" ", bytes)));
    out.push(("short paragraphs".into(), repeated("a\n\n", bytes)));
    out
}

#[test]
fn every_family_gives_bounded_output_and_sound_spans() {
    use quotelens_extract::bounds::{BYTES_OUT_PER_BYTE_IN, FLOOR};
    for (name, text) in families(size()) {
        let doc = extract(&text);
        assert_spans_sound(&text, &doc);
        for unit in [Unit::Utf16, Unit::Byte] {
            let out = to_json_string(&text, &doc, unit);
            assert!(
                out.len() <= BYTES_OUT_PER_BYTE_IN * text.len() + FLOOR,
                "{name}: {} bytes of JSON for {} bytes of text",
                out.len(),
                text.len()
            );
            let v: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["truncated"].as_u64().unwrap_or(0), doc.truncated as u64);
        }
    }
}

#[test]
fn claims_nest_three_deep_and_no_deeper() {
    let text = "Ann Lee said that Tom Roe said that Kim Ode said that Pat Wu said that Eve Ng said that it rained.";
    let doc = extract(text);
    let claims: Vec<&str> = doc.claims().map(|c| c.span.slice(text)).collect();
    assert_eq!(claims.len(), quotelens_extract::bounds::MAX_CLAIM_DEPTH, "{claims:?}");
    // the outer ones are kept (the rules find four here)
    assert!(claims[0].starts_with("Tom Roe said"), "{claims:?}");
    assert!(claims[2].starts_with("Pat Wu said"), "{claims:?}");
}

#[test]
fn claims_nest_three_deep_in_each_sentence_of_a_chain() {
    // deep claims are left out sentence by sentence as they are made: every sentence keeps its
    // own three, and a long chain keeps three per sentence, not three in all
    let one = "Ann Lee said that Tom Roe said that Kim Ode said that Pat Wu said that Eve Ng said that it rained. ";
    let text = one.repeat(3);
    let doc = extract(&text);
    let depth = quotelens_extract::bounds::MAX_CLAIM_DEPTH;
    assert_eq!(doc.claims().count(), 3 * depth);
    for (i, c) in doc.claims().enumerate() {
        assert_eq!(c.span.start / one.len(), i / depth, "claim {i} is in the wrong sentence");
    }
    let chain = repeated("He said that ", size());
    let doc = extract(&chain);
    let sentences = doc.sentences.len();
    assert!(doc.claims().count() <= depth * sentences, "{} claims in {sentences} sentences", doc.claims().count());
}

#[test]
fn marks_with_no_word_between_them_quote_nothing() {
    // a flood of marks was an empty quotation every two bytes: 19 bytes of JSON and 120 bytes
    // of memory per byte of text
    for mark in ["\"", "'", "“”", "‘’", "«»", "\" \"", "“…” "] {
        let text = repeated(mark, size());
        let doc = extract(&text);
        assert!(doc.annotations.is_empty(), "{mark:?}: {} annotations", doc.annotations.len());
        assert_eq!(doc.truncated, 0, "{mark:?}");
    }
    let text = "He typed \"\" and “…” into the form. “Yes,” Ann Lee said, \"it is 2026.\"";
    let doc = extract(text);
    let quoted: Vec<&str> = doc.annotations.iter().map(|a| a.span.slice(text)).collect();
    assert_eq!(quoted, ["Yes,", "it is 2026."]);
}

#[test]
fn dense_quotations_are_truncated_and_say_so() {
    // a one-letter quotation every three bytes: far more JSON than the bound allows
    let text = repeated("\"a\"", size());
    let doc = extract(&text);
    assert!(doc.truncated > 0);
    let v: Value = serde_json::from_str(&to_json_string(&text, &doc, Unit::Utf16)).unwrap();
    assert_eq!(v["truncated"], doc.truncated);
    assert_eq!(v["annotations"].as_array().unwrap().len(), doc.annotations.len());
    // what is kept is the start of the text, in order, with ids from zero
    assert_eq!(v["annotations"][0]["start"], 1);
    assert!(doc.annotations.iter().enumerate().all(|(i, a)| a.id == i));
    // every quotation is either kept or counted, though those past the bound are let go as
    // they are made (one per three bytes, each a term)
    assert_eq!(doc.annotations.len() + doc.truncated, text.len() / 3);
    assert!(doc.annotations.iter().all(|a| a.span.len() == 1));
}

#[test]
fn paragraphs_of_questions_and_answers_past_the_bound_count_every_answer() {
    // answers after a question continue the speaker the Q&A rule looks back for, in
    // paragraphs long past the point where the output bound was reached
    let turn = "Ann Lee said: “We will win.”\nWhy?\n“Because we can.”\n\"A.\" \"B.\" \"C.\" \"D.\" \"E.\" \"F.\" \"G.\" \"H.\" \"I.\" \"J.\"\n";
    let text = turn.repeat(size() / turn.len() / 10);
    let doc = extract(&text);
    let whole = extract(turn);
    let per_turn = whole.annotations.len();
    assert!(whole.annotations.iter().any(|a| a.rule == "qa_answer"), "{:?}", whole.annotations);
    assert!(doc.truncated > 0);
    assert_eq!(doc.annotations.len() + doc.truncated, per_turn * (text.len() / turn.len()));
    // the kept ones are those of the first turns, the same as a turn alone gives
    for (a, b) in doc.annotations.iter().zip(whole.annotations.iter().cycle()) {
        assert_eq!((a.rule, a.span.len(), a.speaker.is_some()), (b.rule, b.span.len(), b.speaker.is_some()));
    }
}

#[test]
fn the_text_listing_holds_every_quote_and_claim_of_a_large_text() {
    // counting inside the sort key made this quadratic (1 MB took 15 s)
    for (name, text) in families(size()).into_iter().filter(|(n, _)| n == "shared surnames" || n == "news") {
        let doc = extract(&text);
        let listing = quotelens_extract::export::to_text(&text, &doc);
        let items = listing.lines().filter(|l| l.starts_with("    ")).count();
        let expected = doc.annotations.iter().filter(|a| a.kind != quotelens_extract::AnnotationKind::Term).count();
        assert_eq!(items, expected, "{name}");
    }
}
