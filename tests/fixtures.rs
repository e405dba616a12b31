//! The fixture articles in `tests/fixtures/` (written for this project, hand-annotated in the
//! gold format of the evaluation contract) run through the extractor and are scored with the
//! same metric as the corpus evaluation. A regression in any rule shows here.

use std::fs;
use std::path::{Path, PathBuf};

use quotelens_eval::{self as eval, Gold};
use quotelens_extract::export::to_json;
use quotelens_extract::offsets::Unit;
use quotelens_extract::segment::BlockKind;
use quotelens_extract::{extract, AnnotationKind};
use quotelens_tests::{assert_spans_sound, slice_in};
use serde_json::Value;

fn fixtures() -> Vec<(PathBuf, String, Value)> {
    // fixtures/: the first set, the rules were tuned on it; holdout/: written later by
    // someone who had not seen the rules, kept to catch overfitting
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let entries = ["fixtures", "holdout"]
        .iter()
        .flat_map(|d| fs::read_dir(root.join(d)).expect("tests/fixtures and tests/holdout exist"));
    for e in entries {
        let p = e.unwrap().path();
        if p.to_string_lossy().ends_with(".gold.json") {
            let gold: Value = serde_json::from_str(&fs::read_to_string(&p).unwrap()).unwrap();
            let txt = p.with_file_name(gold["document"].as_str().unwrap());
            out.push((p, fs::read_to_string(txt).unwrap(), gold));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 14, "expected the fixture articles, found {}", out.len());
    out
}

#[test]
fn fixtures_score_above_the_bar() {
    let mut rows = Vec::new();
    for (path, raw, gold_v) in fixtures() {
        // the evaluation contract reads text with universal newlines
        let text = eval::universal_newlines(&raw);
        let doc = extract(&text);
        let json = to_json(&text, &doc, Unit::Utf16);
        let (preds, unit) = eval::preds_from_json(&json);
        let gold: Gold = serde_json::from_value(gold_v).unwrap();
        let row = eval::score_one(&text, &gold, &preds, &unit);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(row.offsets_ok, row.offsets_checked, "{name}: offsets that do not slice to their text");
        // no article may fall far behind, whatever the average does
        let s = eval::summarize(std::slice::from_ref(&row));
        assert!(
            s.quote_f1 >= 0.85,
            "{name}: quote F1 {:.3}; missed {:?}; spurious {:?}",
            s.quote_f1,
            row.missed_quotes,
            row.spurious_quotes
        );
        assert!(s.claim_f1 >= 0.6, "{name}: claim F1 {:.3}; missed {:?}", s.claim_f1, row.missed_claims);
        rows.push(row);
    }
    let s = eval::summarize(&rows);
    println!("fixtures: {s}");
    assert!(s.attributed_quote_f1 >= 0.90, "attributed-quote F1 fell to {:.3}: {s}", s.attributed_quote_f1);
    assert!(s.claim_f1 >= 0.85, "claim F1 fell to {:.3}: {s}", s.claim_f1);
    assert!(s.source_acc >= 0.88, "source accuracy fell to {:.3}: {s}", s.source_acc);
}

#[test]
fn datelines_headings_and_boilerplate_match_the_gold() {
    for (path, raw, gold) in fixtures() {
        let doc = extract(&raw);
        let name = path.file_name().unwrap().to_string_lossy();
        let datelines: Vec<&str> =
            doc.stories.iter().filter_map(|s| s.dateline.as_ref()).map(|d| d.span.slice(&raw)).collect();
        let want: Vec<&str> = gold["datelines"]
            .as_array()
            .map(|a| a.iter().map(|d| d["text"].as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(datelines, want, "{name}: datelines");
        assert_eq!(doc.stories.len(), want.len().max(1), "{name}: one story per dateline");
        for (kind, key) in [(BlockKind::Heading, "headings"), (BlockKind::Boilerplate, "boilerplate")] {
            let got: Vec<&str> = doc.paragraphs.iter().filter(|p| p.kind == kind).map(|p| p.span.slice(&raw)).collect();
            let want: Vec<&str> =
                gold[key].as_array().map(|a| a.iter().map(|d| d.as_str().unwrap()).collect()).unwrap_or_default();
            assert_eq!(got, want, "{name}: {key}");
        }
    }
}

#[test]
fn offsets_slice_the_raw_text_in_every_unit() {
    // CRLF, emoji and combining marks included: offsets index the text exactly as given
    for (_, raw, _) in fixtures() {
        let doc = extract(&raw);
        assert_spans_sound(&raw, &doc);
        for unit in [Unit::Byte, Unit::Char, Unit::Utf16] {
            let json = to_json(&raw, &doc, unit);
            for a in json["annotations"].as_array().unwrap() {
                let (s, e) = (a["start"].as_u64().unwrap() as usize, a["end"].as_u64().unwrap() as usize);
                assert_eq!(slice_in(&raw, s, e, unit), a["text"].as_str().unwrap(), "{unit:?}");
            }
        }
    }
}

#[test]
fn unicode_fixture_keeps_crlf_emoji_and_combining_marks() {
    let (_, raw, _) =
        fixtures().into_iter().find(|f| f.0.ends_with("unicode-crlf.gold.json")).expect("unicode fixture");
    assert!(raw.contains("\r\n") && raw.contains('🚢') && raw.contains('\u{308}'));
    let doc = extract(&raw);
    let with_emoji = doc
        .quotes()
        .find(|a| a.span.slice(&raw).chars().any(|c| c as u32 >= 0x1F300))
        .expect("a quote holding an emoji");
    let json = to_json(&raw, &doc, Unit::Utf16);
    let a = &json["annotations"][with_emoji.id];
    // in UTF-16, each emoji is two units: the offsets differ from char offsets
    let chars = to_json(&raw, &doc, Unit::Char);
    assert_ne!(a["end"], chars["annotations"][with_emoji.id]["end"]);
    assert!(doc.annotations.iter().all(|a| a.kind != AnnotationKind::Quote || !a.span.slice(&raw).contains('\r')));
}
