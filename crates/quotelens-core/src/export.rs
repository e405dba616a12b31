//! Writing a document out: the annotation JSON (the evaluation contract of
//! `shared/corpus/README.md`, extended) and a plain-text listing for people.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use crate::model::{AnnotationKind, Document};
use crate::offsets::{OffsetIndex, Unit};
use crate::segment::BlockKind;
use crate::span::Span;

/// The JSON an extractor prints: `offset_unit`, `annotations` (each with `kind`, `start`,
/// `end`, `text`, `speaker`), plus `stories`, `blocks` and `speakers` for richer front ends.
pub fn to_json(text: &str, doc: &Document, unit: Unit) -> Value {
    let idx = OffsetIndex::new(text);
    let span = |s: Span| -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("start".into(), json!(idx.from_byte(s.start, unit)));
        m.insert("end".into(), json!(idx.from_byte(s.end, unit)));
        m.insert("text".into(), json!(s.slice(text)));
        m
    };
    let annotations: Vec<Value> = doc
        .annotations
        .iter()
        .map(|a| {
            let mut m = Map::new();
            m.insert("id".into(), json!(a.id));
            m.insert("kind".into(), json!(a.kind));
            m.extend(span(a.span));
            m.insert(
                "speaker".into(),
                match a.speaker {
                    Some(i) => {
                        let e = &doc.entities[i];
                        json!({"id": e.id, "name": e.name, "kind": e.kind})
                    }
                    None => Value::Null,
                },
            );
            if let Some(f) = a.form {
                m.insert("form".into(), json!(f));
            }
            if let Some(s) = a.source {
                m.insert("source".into(), Value::Object(span(s)));
            }
            if let Some(c) = a.cue {
                m.insert("cue".into(), Value::Object(span(c)));
            }
            if let Some(e) = a.evidence {
                m.insert("evidence".into(), json!(e));
            }
            m.insert("rule".into(), json!(a.rule));
            m.insert("story".into(), json!(a.story));
            Value::Object(m)
        })
        .collect();
    let stories: Vec<Value> = doc
        .stories
        .iter()
        .map(|s| {
            let mut m = span(s.span);
            m.remove("text");
            if let Some(d) = &s.dateline {
                let mut dm = span(d.span);
                dm.insert("place".into(), json!(d.place));
                if let Some(a) = &d.agency {
                    dm.insert("agency".into(), json!(a));
                }
                if let Some(t) = &d.date {
                    dm.insert("date".into(), json!(t));
                }
                m.insert("dateline".into(), Value::Object(dm));
            }
            Value::Object(m)
        })
        .collect();
    let blocks: Vec<Value> = doc
        .paragraphs
        .iter()
        .filter(|p| p.kind != BlockKind::Body)
        .map(|p| {
            let mut m = span(p.span);
            m.insert("kind".into(), json!(p.kind));
            Value::Object(m)
        })
        .collect();
    let mut counts = vec![(0usize, 0usize); doc.entities.len()];
    for a in &doc.annotations {
        if let Some(i) = a.speaker {
            match a.kind {
                AnnotationKind::Quote => counts[i].0 += 1,
                AnnotationKind::Claim => counts[i].1 += 1,
                AnnotationKind::Term => {}
            }
        }
    }
    let speakers: Vec<Value> = doc
        .entities
        .iter()
        .zip(&counts)
        .map(|(e, (quotes, claims))| json!({"id": e.id, "name": e.name, "kind": e.kind, "gender": e.gender, "quotes": quotes, "claims": claims}))
        .collect();
    json!({
        "offset_unit": unit,
        "annotations": annotations,
        "stories": stories,
        "blocks": blocks,
        "speakers": speakers,
    })
}

/// A listing for people: each story with its dateline, then its speakers (most quoted first)
/// with their quotes and claims, then what nobody is named for.
pub fn to_text(text: &str, doc: &Document) -> String {
    let mut out = String::new();
    let oneline = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (si, story) in doc.stories.iter().enumerate() {
        let head = match &story.dateline {
            Some(d) => oneline(d.span.slice(text)).trim_end_matches([':', '—', '-', '–', ' ']).to_string(),
            None => "(no dateline)".to_string(),
        };
        let _ = writeln!(out, "Story {} — {}", si + 1, head);
        let items: Vec<_> =
            doc.annotations.iter().filter(|a| a.story == si && a.kind != AnnotationKind::Term).collect();
        let mut speakers: Vec<Option<usize>> = Vec::new();
        for a in &items {
            if !speakers.contains(&a.speaker) {
                speakers.push(a.speaker);
            }
        }
        let count = |sp: Option<usize>| items.iter().filter(|a| a.speaker == sp).count();
        speakers.sort_by_key(|&sp| (sp.is_none(), std::cmp::Reverse(count(sp))));
        for sp in speakers {
            let name = sp.map_or("(speaker not named)".to_string(), |i| {
                format!("{} ({})", doc.entities[i].name, crate::entity_kind_name(doc.entities[i].kind))
            });
            let q = items.iter().filter(|a| a.speaker == sp && a.kind == AnnotationKind::Quote).count();
            let c = items.iter().filter(|a| a.speaker == sp && a.kind == AnnotationKind::Claim).count();
            let _ = writeln!(out, "  {name}: {q} quote(s), {c} claim(s)");
            for a in items.iter().filter(|a| a.speaker == sp) {
                let body = oneline(a.span.slice(text));
                match a.kind {
                    AnnotationKind::Quote => {
                        let _ = writeln!(out, "    “{body}”");
                    }
                    _ => {
                        let cue = a.cue.map(|c| c.slice(text)).unwrap_or("");
                        let _ = writeln!(out, "    [{cue}] {body}");
                    }
                }
            }
        }
        out.push('\n');
    }
    out
}
