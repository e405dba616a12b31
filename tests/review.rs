//! The review model and its formats end to end: long edit sessions undone and redone, every
//! format read back to the same document, and reviewed files scored by the evaluation metric.

use quotelens_eval::{preds_from_json, score_one, Gold, GoldClaim, GoldQuote};
use quotelens_extract::offsets::Unit;
use quotelens_review::formats::{from_native_json, from_w3c_json, import, to_csv, to_native_json, to_w3c_json};
use quotelens_review::*;
use quotelens_tests::{slice_in, XorShift};
use serde_json::Value;

/// Invented for these tests: CRLF line ends, emoji (outside the BMP), several speakers.
const ARTICLE: &str = "LAKESIDE — The water board said on Monday that reservoir levels had fallen to 41 percent, the lowest since 2011.\r\n\r\n\"We are asking every household to cut use by a fifth 💧,\" said board chair Tomasz Wierzbicki. \"Lawns can wait.\"\r\n\r\nFarmers' groups said the restrictions would hit small growers hardest. According to the regional weather office, rain is not expected before October.\r\n\r\nResident Amara Okafor was unconvinced. \"They said the same thing in 2019 🙄,\" she said, adding that the board had never published its leak figures.\r\n";

fn content(d: &ReviewDoc) -> (String, Vec<Speaker>, Vec<ReviewAnnotation>) {
    (d.title.clone(), d.speakers.clone(), d.annotations.clone())
}

/// A random edit: mostly valid, some aimed at ids, speakers and offsets that do not exist.
fn random_edit(r: &mut XorShift, d: &ReviewDoc) -> Edit {
    let id = if d.annotations.is_empty() || r.below(20) == 0 {
        "a999".to_string()
    } else {
        d.annotations[r.below(d.annotations.len())].id.clone()
    };
    let sp = if d.speakers.is_empty() || r.below(20) == 0 {
        "s999".to_string()
    } else {
        d.speakers[r.below(d.speakers.len())].id.clone()
    };
    let sp2 = if d.speakers.is_empty() { "s998".to_string() } else { d.speakers[r.below(d.speakers.len())].id.clone() };
    let len = d.text.len();
    let (a, b) = (r.below(len + 3), r.below(len + 3)); // sometimes past the end, inside a char, reversed
    let names = ["Tomasz Wierzbicki", "the water board", "Night Desk", "amara okafor", " "];
    let name = names[r.below(names.len())].to_string();
    match r.below(18) {
        0 => Edit::accept(id),
        1 => Edit::reject(id),
        2 => Edit::reset(id),
        3 => Edit::SetSpeaker { id, speaker: SpeakerRef::Id(sp) },
        4 => Edit::SetSpeaker { id, speaker: SpeakerRef::Name { name, kind: SpeakerKind::Person } },
        5 => Edit::SetSpeaker { id, speaker: SpeakerRef::None },
        6 => Edit::RenameSpeaker { speaker: sp, name },
        7 => Edit::MergeSpeakers { from: sp, into: sp2 },
        8 => Edit::SetKind { id, kind: ReviewKind::ALL[r.below(4)] },
        9 => Edit::SetBounds { id, start: a, end: b },
        10 => Edit::Add(NewAnnotation {
            kind: ReviewKind::ALL[r.below(4)],
            start: a.min(b),
            end: a.max(b),
            speaker: SpeakerRef::None,
            note: "added".into(),
            tags: vec!["t".into()],
        }),
        11 => Edit::Delete { id },
        12 => Edit::SetNote { id, note: format!("note {}", r.next_u64() % 100) },
        13 => Edit::SetTags { id, tags: vec!["x".into(), "y".into()] },
        14 => Edit::SetVerdict { id, verdict: Verdict::ALL[r.below(5)] },
        15 => Edit::AddEvidence { id, link: format!("example.org/{}", r.below(3)) },
        16 => Edit::RemoveEvidence { id, link: format!("https://example.org/{}", r.below(3)) },
        _ => Edit::Batch(vec![
            Edit::accept(id.clone()),
            Edit::SetSpeakerKind { speaker: sp, kind: SpeakerKind::Group },
            Edit::SetTitle { title: format!("t{}", r.below(4)) },
        ]),
    }
}

#[test]
fn random_sessions_undo_and_redo_exactly() {
    for seed in 1..=6u64 {
        let mut r = XorShift::seeded(seed);
        let start = ReviewDoc::from_text(format!("seed-{seed}"), "Reservoir", ARTICLE, 1.0);
        let mut d = start.clone();
        let mut h = History::with_limit(10_000);
        let (mut ok, mut refused) = (0, 0);
        for step in 0..400 {
            let edit = random_edit(&mut r, &d);
            let before = d.clone();
            match h.apply(&mut d, edit.clone(), f64::from(step)) {
                Ok(()) => ok += 1,
                Err(e) => {
                    refused += 1;
                    assert_eq!(d, before, "seed {seed}: refused {edit:?} ({e}) but changed the document");
                }
            }
            assert!(d.check().is_ok(), "seed {seed} step {step} {edit:?}: {:?}", d.check());
            if step % 50 == 0 {
                assert_eq!(from_native_json(&to_native_json(&d)).unwrap(), d, "seed {seed} step {step}");
            }
        }
        assert!(ok > 100 && refused > 10, "seed {seed}: {ok} applied, {refused} refused");
        let end = d.clone();
        while h.undo(&mut d, 0.0) {}
        assert_eq!(content(&d), content(&start), "seed {seed}: undoing everything");
        while h.redo(&mut d, 0.0) {}
        assert_eq!(content(&d), content(&end), "seed {seed}: redoing everything");
    }
}

#[test]
fn formats_agree_with_each_other() {
    let mut d = ReviewDoc::from_text("lakeside", "Reservoir at 41%", ARTICLE, 1_767_000_000_000.0);
    let ids: Vec<String> = d.annotations.iter().map(|a| a.id.clone()).collect();
    d.apply(Edit::Batch(ids.iter().step_by(2).map(Edit::accept).collect())).unwrap();
    d.apply(Edit::reject(&ids[1])).unwrap();
    let crlf = ARTICLE.find("\r\n\r\n\"We").unwrap();
    d.apply(Edit::Add(NewAnnotation {
        note: "spans a CRLF".into(),
        ..NewAnnotation::new(ReviewKind::Note, crlf - 10, crlf + 8)
    }))
    .unwrap();
    let native = to_native_json(&d);
    let via_w3c = from_w3c_json(&to_w3c_json(&d), None).unwrap().doc;
    assert_eq!(via_w3c, d);
    assert_eq!(to_native_json(&via_w3c), native);
    assert_eq!(import(&native, None).unwrap().doc, d);
    let csv = to_csv(&d);
    assert!(csv.starts_with("id,kind,text,speaker,cue,status,verdict,note,tags,evidence\r\n"));
    assert!(csv.matches("\r\n").count() > d.annotations.len());

    // offsets: UTF-16 in the native file, code points in W3C, both slicing to the same text
    let v: Value = serde_json::from_str(&native).unwrap();
    for a in v["annotations"].as_array().unwrap().iter().chain(v["rejected"].as_array().unwrap()) {
        let (s, e) = (a["start"].as_u64().unwrap() as usize, a["end"].as_u64().unwrap() as usize);
        assert_eq!(slice_in(ARTICLE, s, e, Unit::Utf16), a["text"].as_str().unwrap());
    }
    let w: Value = serde_json::from_str(&to_w3c_json(&d)).unwrap();
    for item in w["first"]["items"].as_array().unwrap() {
        let sel = &item["target"]["selector"];
        let (s, e) = (sel[1]["start"].as_u64().unwrap() as usize, sel[1]["end"].as_u64().unwrap() as usize);
        assert_eq!(slice_in(ARTICLE, s, e, Unit::Char), sel[0]["exact"].as_str().unwrap());
    }
    let note = d.annotations.iter().find(|a| a.note == "spans a CRLF").unwrap();
    assert!(d.text_of(note).contains("\r\n\r\n"));
}

/// A reviewed file is scored on what the reviewer kept: suggestions and accepted annotations,
/// with the speakers as corrected; rejected ones never count.
#[test]
fn reviewed_files_score_what_the_reviewer_kept() {
    let mut d = ReviewDoc::from_text("lakeside", "", ARTICLE, 0.0);
    // the reviewer rejects the first claim, names the speaker of the last quote, and adds a
    // quote by hand (whatever extraction found: these tests leave extraction's rules alone)
    let first_claim =
        d.annotations.iter().find(|a| a.kind == ReviewKind::Claim).map(|a| a.id.clone()).expect("a claim");
    let rejected_text = d.text_of(d.annotation(&first_claim).unwrap()).to_string();
    let last_quote =
        d.annotations.iter().rev().find(|a| a.kind == ReviewKind::Quote).map(|a| a.id.clone()).expect("a quote");
    d.apply(Edit::reject(&first_claim)).unwrap();
    d.apply(Edit::SetSpeaker {
        id: last_quote,
        speaker: SpeakerRef::Name { name: "Amara Okafor".into(), kind: SpeakerKind::Person },
    })
    .unwrap();
    let lawns = ARTICLE.find("Lawns can wait.").unwrap();
    d.apply(Edit::Add(NewAnnotation {
        speaker: SpeakerRef::Name { name: "Tomasz Wierzbicki".into(), kind: SpeakerKind::Person },
        ..NewAnnotation::new(ReviewKind::Quote, lawns, lawns + 15)
    }))
    .unwrap();
    let kept: Vec<&ReviewAnnotation> = d.annotations.iter().filter(|a| a.is_live()).collect();
    let gold = Gold {
        document: "lakeside.txt".into(),
        quotes: kept
            .iter()
            .filter(|a| a.kind == ReviewKind::Quote)
            .map(|a| GoldQuote {
                text: d.text_of(a).into(),
                speaker: d.speaker_of(a).map(|s| s.name.clone()),
                speaker_accept: vec![],
                speaker_match: None,
            })
            .collect(),
        claims: kept
            .iter()
            .filter(|a| a.kind == ReviewKind::Claim)
            .map(|a| GoldClaim {
                content: d.text_of(a).into(),
                source: d.speaker_of(a).map(|s| s.name.clone()),
                source_accept: vec![],
                source_match: None,
                source_pronoun: false,
            })
            .collect(),
    };
    assert!(!gold.quotes.is_empty() && gold.quotes.iter().any(|q| q.text == "Lawns can wait."), "{gold:?}");
    let v: Value = serde_json::from_str(&to_native_json(&d)).unwrap();
    let (preds, unit) = preds_from_json(&v);
    let s = score_one(ARTICLE, &gold, &preds, &unit);
    assert_eq!((s.offsets_ok, s.offsets_checked), (preds.len(), preds.len()));
    assert_eq!((s.quote_hits, s.pred_quotes, s.gold_quotes), (gold.quotes.len(), gold.quotes.len(), gold.quotes.len()));
    assert_eq!(
        (s.claim_hits, s.pred_claims),
        (gold.claims.len(), gold.claims.len()),
        "the rejected claim is not a prediction"
    );
    assert!(!preds.iter().any(|p| p.kind == "claim" && p.text == rejected_text));
    assert_eq!(s.speaker_hits, s.speaker_scored);
}

#[test]
fn search_ignores_accents_and_case() {
    assert_eq!(fold_for_search("Wróbel"), "wrobel");
    assert_eq!(
        fold_for_search("São Paulo, Ærø, Straße, Œuvre, Łódź, İzmir"),
        "sao paulo, aero, strasse, oeuvre, lodz, izmir"
    );
    // a decomposed accent (e + U+0301) folds like the composed one
    assert_eq!(fold_for_search("Re\u{301}sume\u{301}"), "resume");
    // other scripts are only lower-cased
    assert_eq!(fold_for_search("Ελλάδα שלום"), "ελλάδα שלום");
    assert_eq!(fold_for_search("× ÷ Þ"), "× ÷ þ");

    let text = "\"The port must close,\" said Anna Wróbel, the harbour master.";
    let doc = ReviewDoc::from_text("d", "t", text, 0.0);
    assert!(!doc.annotations.is_empty());
    let a = &doc.annotations[0];
    for q in ["wrobel", "WRÓBEL", "Wrobel"] {
        let f = Filter { search: q.into(), ..Filter::default() };
        assert!(f.matches(&doc, a), "{q} does not find Wróbel");
    }
    let f = Filter { search: "wrobelx".into(), ..Filter::default() };
    assert!(!f.matches(&doc, a));
}
