//! W3C Web Annotation (JSON-LD): the annotations as other annotation tools and archives read
//! them, and back.
//!
//! Written as one `AnnotationCollection` with its single `AnnotationPage` embedded:
//!
//! ```json
//! {
//!   "@context": "http://www.w3.org/ns/anno.jsonld",
//!   "id": "urn:quotelens:doc:doc-7#annotations",
//!   "type": "AnnotationCollection", "label": "…title…", "total": 1,
//!   "quotelens:document": {"schema_version": 1, "id": "doc-7", "title": "…", "created_ms": …,
//!                          "updated_ms": …, "next_ids": {…}, "speakers": […], "text": "…"},
//!   "first": {"type": "AnnotationPage", "startIndex": 0, "items": [{
//!     "id": "urn:quotelens:doc:doc-7#a1", "type": "Annotation", "motivation": "classifying",
//!     "body": [
//!       {"type": "TextualBody", "purpose": "classifying", "value": "claim", "format": "text/plain"},
//!       {"type": "TextualBody", "purpose": "identifying", "value": "Mara Quill", "format": "text/plain"},
//!       {"type": "TextualBody", "purpose": "assessing", "value": "disputed", "format": "text/plain"},
//!       {"type": "TextualBody", "purpose": "commenting", "value": "…note…", "format": "text/plain"},
//!       {"type": "TextualBody", "purpose": "tagging", "value": "budget", "format": "text/plain"},
//!       {"type": "SpecificResource", "purpose": "linking", "source": "https://…"}
//!     ],
//!     "target": {"source": "urn:quotelens:doc:doc-7", "selector": [
//!       {"type": "TextQuoteSelector", "exact": "…", "prefix": "…32 chars…", "suffix": "…32 chars…"},
//!       {"type": "TextPositionSelector", "start": 120, "end": 164}]},
//!     "quotelens:review": {"id": "a1", "kind": "claim", "status": "accepted", "origin": "extracted",
//!       "verdict": "disputed", "speaker": {"id": "s1", "name": "Mara Quill", "kind": "person"},
//!       "cue": {"start": 100, "end": 104, "exact": "said"}, "source": {…}}
//!   }]}
//! }
//! ```
//!
//! * Positions count Unicode code points, as `TextPositionSelector` is defined; prefix and
//!   suffix hold up to [`CONTEXT_CHARS`] code points.
//! * The bodies say what generic tools can show: the kind (`classifying`), the speaker's name
//!   (`identifying`), the verdict (`assessing`, when checked), the note (`commenting`), one
//!   `tagging` body per tag and one `linking` resource per evidence link. Every textual body is
//!   `text/plain`: consumers must not render it as HTML.
//! * What only Quotelens needs (ids, status, origin, roster ids, cue and source) sits under
//!   `quotelens:review` and, for the whole document with its text and roster,
//!   `quotelens:document`. JSON-LD reads these keys as IRIs of the `quotelens:` scheme and needs
//!   no extra context; Quotelens reads them as plain JSON.
//!
//! Reading takes the `AnnotationCollection` (first page embedded), an `AnnotationPage`, a list
//! of annotations or a single one. The document text is the one passed in, or else the one in
//! `quotelens:document`. Each annotation is placed by its `TextPositionSelector` when that
//! still selects its `exact` text; otherwise it is placed by [`crate::anchor`] (the one
//! re-anchoring policy: its words where `prefix`/`suffix` agree, nearest the old position on a
//! tie, or words that differ a little, such as a typo fixed) and listed as re-anchored; when
//! no place is good enough it becomes an [`Orphan`], never a guess. Annotations from other tools (no
//! `quotelens:review`) get fresh ids, kind from a `classifying` body (else `note`), status
//! `accepted` and origin `manual`.

use std::cell::OnceCell;
use std::collections::HashMap;

use super::json::{quoted, Map, Value};

use super::read::*;
use super::{parse, units, Format, ImportError, ImportErrorKind, Imported, Orphan, RosterBuilder};
use crate::anchor::{Anchored, Target, TextQuote, MIN_SCORE};
use crate::{
    id_number, normalize_link, obj, Origin, ReviewAnnotation, ReviewDoc, ReviewKind, Status, Verdict, SCHEMA_VERSION,
};
use quotelens_extract::offsets::{OffsetIndex, Unit};

/// The JSON-LD context of the Web Annotation model.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// The key of the Quotelens fields of one annotation.
pub const REVIEW_KEY: &str = "quotelens:review";
/// The key of the document (text, roster, metadata) on the collection.
pub const DOCUMENT_KEY: &str = "quotelens:document";
/// Code points of context in `prefix` and `suffix` (what re-anchoring compares).
pub const CONTEXT_CHARS: usize = crate::anchor::CONTEXT_CHARS;

/// The IRI that names a document as an annotation target.
pub fn document_iri(doc_id: &str) -> String {
    format!("urn:quotelens:doc:{}", pct(doc_id))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn textual(purpose: &str, value: &str) -> Value {
    obj! {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}
}

/// Up to `CONTEXT_CHARS` code points before `start` and after `end`.
fn context(text: &str, start: usize, end: usize) -> (String, String) {
    let before = text.get(..start).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    let cut = before.char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(i, _)| i);
    (before[cut..].to_string(), after.chars().take(CONTEXT_CHARS).collect())
}

fn annotation_json(doc: &ReviewDoc, idx: &OffsetIndex, source: &str, a: &ReviewAnnotation) -> Value {
    let c = |b: usize| units(idx, &doc.text, b, Unit::Char);
    let mut body = vec![textual("classifying", a.kind.as_str())];
    let speaker = doc.speaker_of(a);
    if let Some(s) = speaker {
        body.push(textual("identifying", &s.name));
    }
    if a.verdict != Verdict::Unchecked {
        body.push(textual("assessing", a.verdict.as_str()));
    }
    if !a.note.is_empty() {
        body.push(textual("commenting", &a.note));
    }
    body.extend(a.tags.iter().map(|t| textual("tagging", t)));
    body.extend(
        a.evidence.iter().map(|l| obj! {"type": "SpecificResource", "purpose": "linking", "source": l.as_str()}),
    );
    let (prefix, suffix) = context(&doc.text, a.start, a.end);
    let mut review = Map::new();
    review.insert("id".into(), Value::from(a.id.as_str()));
    review.insert("kind".into(), Value::from(a.kind.as_str()));
    review.insert("status".into(), Value::from(a.status.as_str()));
    review.insert("origin".into(), Value::from(a.origin.as_str()));
    review.insert("verdict".into(), Value::from(a.verdict.as_str()));
    review.insert(
        "speaker".into(),
        speaker.map_or(Value::Null, |s| obj! {"id": s.id.as_str(), "name": s.name.as_str(), "kind": s.kind.as_str()}),
    );
    for (key, span) in [("cue", a.cue), ("source", a.source)] {
        if let Some((s, e)) = span {
            review.insert(key.into(), obj! {"start": c(s), "end": c(e), "exact": doc.slice(s, e)});
        }
    }
    let mut m = Map::new();
    m.insert("id".into(), Value::from(format!("{source}#{}", pct(&a.id))));
    m.insert("type".into(), Value::from("Annotation"));
    m.insert("motivation".into(), Value::from(if a.kind == ReviewKind::Note { "commenting" } else { "classifying" }));
    m.insert("body".into(), Value::Array(body));
    m.insert(
        "target".into(),
        obj! {"source": source, "selector": vec![
            obj! {"type": "TextQuoteSelector", "exact": doc.text_of(a), "prefix": prefix, "suffix": suffix},
            obj! {"type": "TextPositionSelector", "start": c(a.start), "end": c(a.end)},
        ]},
    );
    m.insert(REVIEW_KEY.into(), Value::Object(review));
    Value::Object(m)
}

/// Every annotation as one W3C `AnnotationCollection` (pretty-printed, safe to inline in HTML).
pub fn to_w3c_json(doc: &ReviewDoc) -> String {
    json_string(&to_w3c_value(doc))
}

/// `value` pretty-printed and safe to inline in HTML, as [`to_w3c_json`] writes it: for callers
/// that edit [`to_w3c_value`] first (the widget adds the page to each target) without parsing
/// the string back.
pub fn json_string(value: &Value) -> String {
    super::json::to_pretty_html(value)
}

/// The collection [`to_w3c_json`] writes, as a JSON value.
pub fn to_w3c_value(doc: &ReviewDoc) -> Value {
    let idx = OffsetIndex::new(&doc.text);
    let source = document_iri(&doc.id);
    let items: Vec<Value> = doc.annotations.iter().map(|a| annotation_json(doc, &idx, &source, a)).collect();
    let finite = |ms: f64| if ms.is_finite() { ms } else { 0.0 };
    let speakers: Vec<Value> = doc
        .speakers
        .iter()
        .map(|s| obj! {"id": s.id.as_str(), "name": s.name.as_str(), "kind": s.kind.as_str()})
        .collect();
    let mut m = Map::new();
    m.insert("@context".into(), Value::from(ANNO_CONTEXT));
    m.insert("id".into(), Value::from(format!("{source}#annotations")));
    m.insert("type".into(), Value::from("AnnotationCollection"));
    m.insert("label".into(), Value::from(doc.title.as_str()));
    m.insert("total".into(), Value::from(items.len()));
    m.insert(
        DOCUMENT_KEY.into(),
        obj! {
            "schema_version": SCHEMA_VERSION, "id": doc.id.as_str(), "title": doc.title.as_str(),
            "created_ms": finite(doc.created_ms), "updated_ms": finite(doc.updated_ms),
            "next_ids": obj! {"annotation": doc.next_annotation, "speaker": doc.next_speaker},
            "speakers": speakers, "text": doc.text.as_str(),
        },
    );
    m.insert("first".into(), obj! {"type": "AnnotationPage", "startIndex": 0, "items": items});
    Value::Object(m)
}

/// Reads W3C Web Annotation JSON-LD onto `text` (or, when `None`, the text the file carries
/// under `quotelens:document`).
pub fn from_w3c_json(json: &str, text: Option<&str>) -> Result<Imported, ImportError> {
    from_w3c_value(&parse(json)?, text)
}

/// True when a `type` (a string or a list) names `ty`.
fn has_type(v: Option<&Value>, ty: &str) -> bool {
    match v {
        Some(Value::String(s)) => s == ty,
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str() == Some(ty)),
        _ => false,
    }
}

fn check_context(m: &Map, path: &str) -> Result<(), ImportError> {
    let ok = |v: &Value| {
        matches!(v.as_str(), Some("http://www.w3.org/ns/anno.jsonld" | "https://www.w3.org/ns/anno.jsonld"))
    };
    let ctx = req(m, "@context", path)?;
    let fine = match ctx {
        Value::Array(a) => a.iter().any(ok),
        v => ok(v),
    };
    if fine {
        Ok(())
    } else {
        Err(ImportError::new(
            ImportErrorKind::WrongFormat,
            at(path, "@context"),
            format!("does not include {ANNO_CONTEXT}: not a Web Annotation document"),
        ))
    }
}

/// The annotations of the file with their paths, and the collection's document object.
type Located<'v> = (Vec<(String, &'v Value)>, Option<&'v Map>);

fn list<'v>(items: &'v [Value], path: &str) -> Vec<(String, &'v Value)> {
    items.iter().enumerate().map(|(i, x)| (nth(path, i), x)).collect()
}

fn locate(v: &Value) -> Result<Located<'_>, ImportError> {
    match v {
        Value::Array(items) => Ok((list(items, ""), None)),
        Value::Object(m) => {
            check_context(m, "")?;
            let ty = m.get("type");
            if has_type(ty, "AnnotationCollection") {
                let document = opt(m, DOCUMENT_KEY).map(|d| obj(d, DOCUMENT_KEY)).transpose()?;
                let Some(first) = opt(m, "first") else { return Ok((Vec::new(), document)) };
                let page = match first {
                    Value::String(_) => {
                        return Err(ImportError::new(ImportErrorKind::BadValue, "first", "the first page is only linked, not embedded: export the collection with its annotations inside"));
                    }
                    other => obj(other, "first")?,
                };
                if opt(page, "next").is_some() {
                    return Err(ImportError::new(ImportErrorKind::BadValue, "first.next", "the collection goes on over further pages, which cannot be fetched here: export it as one page"));
                }
                Ok((list(array(req(page, "items", "first")?, "first.items")?, "first.items"), document))
            } else if has_type(ty, "AnnotationPage") {
                Ok((list(array(req(m, "items", "")?, "items")?, "items"), None))
            } else if has_type(ty, "Annotation") {
                Ok((vec![(String::new(), v)], None))
            } else {
                Err(ImportError::new(
                    ImportErrorKind::WrongFormat,
                    "type",
                    "expected an Annotation, AnnotationPage or AnnotationCollection",
                ))
            }
        }
        other => Err(ImportError::new(
            ImportErrorKind::WrongType,
            "",
            format!("expected an object or a list, found {}", type_name(other)),
        )),
    }
}

pub(crate) fn from_w3c_value(v: &Value, text: Option<&str>) -> Result<Imported, ImportError> {
    let (items, document) = locate(v)?;
    let dp = DOCUMENT_KEY;
    let dget = |key: &str| document.and_then(|d| opt(d, key));
    if let Some(sv) = dget("schema_version") {
        let n = uint(sv, &at(dp, "schema_version"))?;
        if n > SCHEMA_VERSION as usize {
            return Err(ImportError::new(
                ImportErrorKind::Version,
                at(dp, "schema_version"),
                format!("{n} was written by a newer Quotelens; this one reads versions up to {SCHEMA_VERSION}"),
            ));
        }
    }
    let stored_text = dget("text").map(|t| string(t, &at(dp, "text"))).transpose()?;
    let Some(text) = text.or(stored_text) else {
        return Err(ImportError::new(
            ImportErrorKind::Missing,
            at(dp, "text"),
            "the file does not carry the document text: open it together with the text it annotates",
        ));
    };
    let get_str = |key: &str| dget(key).map(|s| string(s, &at(dp, key)).map(str::to_string)).transpose();
    let get_ms = |key: &str| dget(key).map(|s| number(s, &at(dp, key))).transpose().map(|s| s.unwrap_or(0.0));
    let title = match get_str("title")? {
        Some(t) => t,
        None => v.get("label").and_then(Value::as_str).unwrap_or("").to_string(),
    };
    let (mut next_a, mut next_s) = (1u64, 1u64);
    if let Some(n) = dget("next_ids") {
        let np = at(dp, "next_ids");
        let m = obj(n, &np)?;
        if let Some(a) = opt(m, "annotation") {
            next_a = counter(a, &at(&np, "annotation"))?;
        }
        if let Some(s) = opt(m, "speaker") {
            next_s = counter(s, &at(&np, "speaker"))?;
        }
    }
    let mut roster = RosterBuilder::new(roster(dget("speakers"), &at(dp, "speakers"))?, next_s);
    let idx = OffsetIndex::new(text);
    // prepared once, and only when some annotation is not where its position says
    let target = OnceCell::new();
    let mut placed: Vec<(ReviewAnnotation, bool)> = Vec::new();
    let mut orphans = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for (index, (path, item)) in items.iter().enumerate() {
        match annotation(item, path, text, &idx, &target, &mut roster)? {
            Ok((a, moved)) => {
                if !a.id.is_empty() {
                    if let Some(first) = seen.insert(a.id.clone(), path.clone()) {
                        return Err(ImportError::new(
                            ImportErrorKind::Duplicate,
                            at(&at(path, REVIEW_KEY), "id"),
                            format!("{} is used twice (also {first})", quoted(&a.id)),
                        ));
                    }
                }
                placed.push((a, moved));
            }
            Err((id, exact, reason)) => orphans.push(Orphan { index, id, exact, reason }),
        }
    }
    let mut doc = ReviewDoc::new(get_str("id")?.unwrap_or_default(), title, text, get_ms("created_ms")?);
    doc.updated_ms = get_ms("updated_ms")?;
    doc.next_annotation = next_a;
    for (a, _) in &placed {
        if let Some(n) = id_number(&a.id, 'a') {
            doc.next_annotation = doc.next_annotation.max(n.saturating_add(1));
        }
    }
    // annotations from other tools: fresh ids, above every id in the file
    for (a, _) in placed.iter_mut().filter(|(a, _)| a.id.is_empty()) {
        a.id = format!("a{}", doc.next_annotation);
        doc.next_annotation = doc.next_annotation.saturating_add(1);
    }
    let reanchored = placed.iter().filter(|(_, moved)| *moved).map(|(a, _)| a.id.clone()).collect();
    doc.next_speaker = roster.next();
    doc.speakers = roster.speakers;
    doc.annotations = placed.into_iter().map(|(a, _)| a).collect();
    crate::sort_annotations(&mut doc.annotations);
    doc.fix_counters();
    doc.check().map_err(|e| ImportError::new(ImportErrorKind::BadValue, e.path, e.reason))?;
    Ok(Imported { doc, format: Format::W3c, reanchored, orphans })
}

/// What the selectors say: a code-point position and a quote.
#[derive(Default)]
struct Selectors {
    position: Option<(usize, usize)>,
    exact: Option<String>,
    prefix: String,
    suffix: String,
}

fn selectors(target: &Value, tp: &str) -> Result<Selectors, ImportError> {
    let mut out = Selectors::default();
    // a target is an IRI, an object with a selector, or a list of those (the first with a selector counts)
    let (t, tp) = match target {
        Value::String(_) => return Ok(out),
        Value::Object(_) => (target, tp.to_string()),
        Value::Array(list) => match list.iter().position(|t| t.get("selector").is_some()) {
            Some(i) => (&list[i], nth(tp, i)),
            None => return Ok(out),
        },
        other => {
            return Err(ImportError::new(
                ImportErrorKind::WrongType,
                tp,
                format!("expected an object, found {}", type_name(other)),
            ))
        }
    };
    let Some(sel) = t.get("selector") else { return Ok(out) };
    let sp = at(&tp, "selector");
    let sels: Vec<(String, &Value)> = match sel {
        Value::Array(list) => list.iter().enumerate().map(|(i, s)| (nth(&sp, i), s)).collect(),
        s => vec![(sp.clone(), s)],
    };
    for (p, s) in sels {
        let m = obj(s, &p)?;
        if has_type(m.get("type"), "TextPositionSelector") {
            let start = uint(req(m, "start", &p)?, &at(&p, "start"))?;
            let end = uint(req(m, "end", &p)?, &at(&p, "end"))?;
            out.position = Some((start, end));
        } else if has_type(m.get("type"), "TextQuoteSelector") {
            out.exact = Some(string(req(m, "exact", &p)?, &at(&p, "exact"))?.to_string());
            out.prefix = opt(m, "prefix").map(|x| string(x, &at(&p, "prefix"))).transpose()?.unwrap_or("").to_string();
            out.suffix = opt(m, "suffix").map(|x| string(x, &at(&p, "suffix"))).transpose()?.unwrap_or("").to_string();
        }
        // other selectors (XPath, CSS, ranges) point into HTML pages: nothing to read here
    }
    Ok(out)
}

/// Where the selectors put the annotation in `text` (byte offsets) and whether it moved, or
/// why it cannot be placed. A position that still selects the quote stands; otherwise the
/// quote is placed by [`crate::anchor`], the policy every re-anchoring follows: its words with
/// an agreeing context, or words that differ a little (a typo fixed), and never a look-alike.
fn anchor<'t>(
    text: &'t str,
    idx: &OffsetIndex,
    target: &OnceCell<Target<'t>>,
    sel: &Selectors,
) -> Result<(usize, usize, bool), String> {
    let at_position = sel
        .position
        .and_then(|(s, e)| Some((idx.to_byte(s, Unit::Char)?, idx.to_byte(e, Unit::Char)?)))
        .filter(|(s, e)| s < e);
    if let Some((s, e)) = at_position {
        match &sel.exact {
            None => return Ok((s, e, false)),
            Some(x) if text[s..e] == **x => return Ok((s, e, false)),
            _ => {}
        }
    }
    let Some(exact) = sel.exact.as_deref().filter(|x| !x.is_empty()) else {
        return Err(match sel.position {
            Some(_) => "its position lies outside the text, and it has no quote to search for".into(),
            None => "it has no TextPositionSelector or TextQuoteSelector".into(),
        });
    };
    // where it was, in bytes: ties go to the nearest
    let hint = sel.position.map_or(0, |(s, _)| {
        let chars = idx.from_byte(text.len(), Unit::Char);
        idx.to_byte(s.min(chars), Unit::Char).unwrap_or(0)
    });
    let target = target.get_or_init(|| Target::new(text));
    match target.anchor(&TextQuote::given(exact, &sel.prefix, &sel.suffix, hint), MIN_SCORE) {
        Anchored::Exact { start, end, .. } | Anchored::Fuzzy { start, end, .. } => Ok((start, end, true)),
        // as `{:.0}` rounds (half to even), through an integer: no float formatting in the wasm
        Anchored::Lost { best } => Err(format!(
            "its quoted text is not in the document (the best place matched {}%)",
            (best * 100.0).round_ties_even() as i64
        )),
    }
}

/// Values of a `purpose` (a string or a list).
fn purposes(m: &Map) -> Vec<&str> {
    match m.get("purpose") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

type Placement = Result<(ReviewAnnotation, bool), (Option<String>, String, String)>;

/// One annotation: placed (with whether it moved), or an orphan (id, exact, reason). An empty
/// id means "give it a fresh one".
fn annotation<'t>(
    v: &Value,
    p: &str,
    text: &'t str,
    idx: &OffsetIndex,
    target: &OnceCell<Target<'t>>,
    roster: &mut RosterBuilder,
) -> Result<Placement, ImportError> {
    let m = obj(v, p)?;
    if m.get("type").is_some() && !has_type(m.get("type"), "Annotation") {
        return Err(ImportError::new(ImportErrorKind::BadValue, at(p, "type"), "expected \"Annotation\""));
    }
    let rp = at(p, REVIEW_KEY);
    let review = opt(m, REVIEW_KEY).map(|r| obj(r, &rp)).transpose()?;
    let id = match review {
        Some(r) => {
            let id = string(req(r, "id", &rp)?, &at(&rp, "id"))?;
            if id.is_empty() {
                return Err(ImportError::new(ImportErrorKind::BadValue, at(&rp, "id"), "is empty"));
            }
            id.to_string()
        }
        None => String::new(),
    };
    let sel = selectors(req(m, "target", p)?, &at(p, "target"))?;
    let (start, end, moved) = match anchor(text, idx, target, &sel) {
        Ok(x) => x,
        Err(reason) => return Ok(Err(((!id.is_empty()).then_some(id), sel.exact.unwrap_or_default(), reason))),
    };

    // bodies: what generic tools show
    let (mut notes, mut tags, mut evidence) = (Vec::<&str>::new(), Vec::<String>::new(), Vec::<String>::new());
    // links listed so far, for a duplicate check that does not walk the list per body
    let mut linked = std::collections::HashSet::<String>::new();
    let (mut body_kind, mut body_speaker, mut body_verdict) = (None, None, None);
    let bp = at(p, "body");
    let bodies: Vec<(String, &Value)> = match opt(m, "body") {
        None => Vec::new(),
        Some(Value::Array(list)) => list.iter().enumerate().map(|(i, b)| (nth(&bp, i), b)).collect(),
        Some(b) => vec![(bp.clone(), b)],
    };
    for (bp, b) in bodies {
        let link_of = |l: &str, lp: &str| {
            normalize_link(l).map_err(|e| ImportError::new(ImportErrorKind::BadValue, lp, e.to_string()))
        };
        let bm = match b {
            Value::String(iri) => {
                // a body given by IRI: evidence when it is a web link
                if let Ok(l) = normalize_link(iri) {
                    if iri.starts_with("http") && linked.insert(l.clone()) {
                        evidence.push(l);
                    }
                }
                continue;
            }
            other => obj(other, &bp)?,
        };
        let ps = purposes(bm);
        let purpose = ps.first().copied();
        if has_type(bm.get("type"), "TextualBody") || bm.contains_key("value") {
            let value = string(req(bm, "value", &bp)?, &at(&bp, "value"))?;
            match purpose {
                Some("classifying") => body_kind = body_kind.or(ReviewKind::parse(value)),
                Some("identifying") => body_speaker = body_speaker.or(Some(value)),
                Some("assessing") => body_verdict = body_verdict.or(Verdict::parse(value)),
                Some("tagging") => tags.push(value.to_string()),
                None | Some("commenting" | "describing" | "replying" | "questioning") => notes.push(value),
                Some(_) => {}
            }
        } else if purpose == Some("linking") {
            let (l, lp) = match (opt(bm, "source"), opt(bm, "id")) {
                (Some(s), _) => (string(s, &at(&bp, "source"))?, at(&bp, "source")),
                (None, Some(i)) => (string(i, &at(&bp, "id"))?, at(&bp, "id")),
                (None, None) => {
                    return Err(ImportError::new(
                        ImportErrorKind::Missing,
                        at(&bp, "source"),
                        "a linking body needs a source",
                    ))
                }
            };
            let l = link_of(l, &lp)?;
            if linked.insert(l.clone()) {
                evidence.push(l);
            }
        }
    }

    // what only Quotelens knows, or defaults for annotations from other tools
    let a = match review {
        Some(r) => {
            let kind = named(req(r, "kind", &rp)?, &at(&rp, "kind"), ReviewKind::ALL, ReviewKind::as_str)?;
            let status = opt(r, "status")
                .map(|s| named(s, &at(&rp, "status"), Status::ALL, Status::as_str))
                .transpose()?
                .unwrap_or(Status::Suggested);
            let origin = opt(r, "origin")
                .map(|s| named(s, &at(&rp, "origin"), Origin::ALL, Origin::as_str))
                .transpose()?
                .unwrap_or(Origin::Extracted);
            let verdict = opt(r, "verdict")
                .map(|s| named(s, &at(&rp, "verdict"), Verdict::ALL, Verdict::as_str))
                .transpose()?
                .unwrap_or(Verdict::Unchecked);
            let speaker = match r.get("speaker") {
                None => None,
                Some(s) => roster.resolve(s, &at(&rp, "speaker"))?,
            };
            let mut spans = [None, None];
            for (k, key) in ["cue", "source"].into_iter().enumerate() {
                if let Some(s) = opt(r, key) {
                    let sp = at(&rp, key);
                    let sm = obj(s, &sp)?;
                    let (cs, ce) = (
                        uint(req(sm, "start", &sp)?, &at(&sp, "start"))?,
                        uint(req(sm, "end", &sp)?, &at(&sp, "end"))?,
                    );
                    let exact = opt(sm, "exact").map(|x| string(x, &at(&sp, "exact"))).transpose()?;
                    // kept only where it still stands: a changed text drops it rather than misplace it
                    spans[k] = idx
                        .to_byte(cs, Unit::Char)
                        .zip(idx.to_byte(ce, Unit::Char))
                        .filter(|&(s, e)| s <= e && exact.is_none_or(|x| text[s..e] == *x));
                }
            }
            ReviewAnnotation {
                id,
                kind,
                start,
                end,
                speaker,
                cue: spans[0],
                source: spans[1],
                status,
                origin,
                verdict,
                evidence,
                note: notes.join("\n\n"),
                tags: crate::clean_tags(&tags),
            }
        }
        None => {
            let speaker = match body_speaker {
                Some(name) => roster.resolve(&Value::String(name.to_string()), &at(p, "body"))?,
                None => None,
            };
            ReviewAnnotation {
                id,
                kind: body_kind.unwrap_or(ReviewKind::Note),
                start,
                end,
                speaker,
                cue: None,
                source: None,
                status: Status::Accepted,
                origin: Origin::Manual,
                verdict: body_verdict.unwrap_or(Verdict::Unchecked),
                evidence,
                note: notes.join("\n\n"),
                tags: crate::clean_tags(&tags),
            }
        }
    };
    Ok(Ok((a, moved)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testdoc::{find, rich, TEXT};
    use crate::formats::{import, Format};
    use serde_json::json;
    // the tests read what the writers wrote with serde_json, independent of our reader
    use serde_json::Value;

    fn items(v: &Value) -> &Vec<Value> {
        v["first"]["items"].as_array().unwrap()
    }

    fn chars(text: &str, start: usize, end: usize) -> String {
        text.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn round_trip_is_identical() {
        let d = rich();
        let json = to_w3c_json(&d);
        let im = from_w3c_json(&json, None).unwrap();
        assert_eq!(im.doc, d);
        assert!(im.reanchored.is_empty() && im.orphans.is_empty());
        assert_eq!(im.format, Format::W3c);
        // with the text given, the same
        assert_eq!(from_w3c_json(&json, Some(TEXT)).unwrap().doc, d);
        assert_eq!(import(&json, None).unwrap().doc, d);
        assert_eq!(to_w3c_json(&im.doc), json);
        // markup in the text, notes and names stays data, and cannot end a <script> element
        for raw in ["<script>", "</script>", "<img", "<b>"] {
            assert!(!json.contains(raw), "{raw} written raw");
        }
        assert_eq!(
            im.doc.annotation(&find(&d, "<script>")).map(|a| im.doc.text_of(a)),
            Some("the increase was <script>alert(1)</script> unfair")
        );
        assert_eq!(im.doc.title, "Fares </script><b>rise</b>");
    }

    #[test]
    fn shape_follows_the_model() {
        let d = rich();
        let v: Value = serde_json::from_str(&to_w3c_json(&d)).unwrap();
        assert_eq!(v["@context"], ANNO_CONTEXT);
        assert_eq!(v["type"], "AnnotationCollection");
        assert_eq!(v["total"], d.annotations.len());
        assert_eq!(v["first"]["type"], "AnnotationPage");
        assert_eq!(items(&v).len(), d.annotations.len());
        for (item, a) in items(&v).iter().zip(&d.annotations) {
            assert_eq!(item["type"], "Annotation");
            assert!(item["id"].as_str().unwrap().starts_with("urn:quotelens:doc:doc%2F7%20%C3%BC#"));
            assert_eq!(item["target"]["source"], "urn:quotelens:doc:doc%2F7%20%C3%BC");
            let sel = item["target"]["selector"].as_array().unwrap();
            let quote = sel.iter().find(|s| s["type"] == "TextQuoteSelector").unwrap();
            let pos = sel.iter().find(|s| s["type"] == "TextPositionSelector").unwrap();
            let exact = quote["exact"].as_str().unwrap();
            assert_eq!(exact, d.text_of(a));
            // positions in code points
            let (s, e) = (pos["start"].as_u64().unwrap() as usize, pos["end"].as_u64().unwrap() as usize);
            assert_eq!(chars(TEXT, s, e), exact);
            let (prefix, suffix) = (quote["prefix"].as_str().unwrap(), quote["suffix"].as_str().unwrap());
            assert!(prefix.chars().count() <= CONTEXT_CHARS && suffix.chars().count() <= CONTEXT_CHARS);
            assert!(TEXT[..a.start].ends_with(prefix) && TEXT[a.end..].starts_with(suffix));
            assert_eq!(item[REVIEW_KEY]["id"], a.id.as_str());
            assert_eq!(item[REVIEW_KEY]["status"], a.status.as_str());
            for b in item["body"].as_array().unwrap() {
                if b["type"] == "TextualBody" {
                    assert_eq!(b["format"], "text/plain");
                }
            }
        }
        // the emoji counts one code point (two UTF-16 units) before the note
        let note = items(&v).iter().find(|i| i[REVIEW_KEY]["kind"] == "note").unwrap();
        assert_eq!(note["target"]["selector"][1]["start"], 17);
        assert_eq!(note["motivation"], "commenting");
        assert_eq!(note["target"]["selector"][0]["prefix"], "Ferry fares rise ");
        // bodies carry what generic viewers show
        let claim = items(&v).iter().find(|i| i[REVIEW_KEY]["verdict"] == "disputed").unwrap();
        let body = claim["body"].as_array().unwrap();
        let by = |purpose: &str| {
            body.iter()
                .filter(|b| b["purpose"] == purpose)
                .map(|b| b.get("value").or(b.get("source")).unwrap().as_str().unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(by("classifying"), ["claim"]);
        assert_eq!(by("identifying"), ["Critics"]);
        assert_eq!(by("assessing"), ["disputed"]);
        assert_eq!(by("tagging"), ["=SUM(A1:A9)", "fares, fuel", "-1"]);
        assert_eq!(by("linking"), ["https://example.org/fares?a=1&b=2", "https://example.net/petition"]);
        assert!(by("commenting")[0].contains("<img src=x onerror=alert(3)>"));
    }

    #[test]
    fn edited_text_reanchors_by_quote_and_context() {
        let d = rich();
        let json = to_w3c_json(&d);
        // the text gained a line at the top and lost the last one
        let last = TEXT.find("One sign").unwrap();
        let edited = format!("Updated 09:40 ✎\r\n{}", &TEXT[..last]);
        let im = from_w3c_json(&json, Some(&edited)).unwrap();
        assert_eq!(im.doc.text, edited);
        assert!(im.doc.check().is_ok());
        let gone: Vec<&str> = d.annotations.iter().filter(|a| a.start >= last).map(|a| a.id.as_str()).collect();
        assert_eq!(im.orphans.iter().map(|o| o.id.clone().unwrap()).collect::<Vec<_>>(), gone);
        assert!(im.orphans.iter().all(|o| !o.exact.is_empty() && o.reason.contains("not in the document")));
        assert_eq!(im.doc.annotations.len() + gone.len(), d.annotations.len());
        for a in &im.doc.annotations {
            let old = d.annotation(&a.id).unwrap();
            assert_eq!(im.doc.text_of(a), d.text_of(old), "{}", a.id);
            assert_eq!(
                (a.status, a.verdict, &a.note, &a.tags, &a.evidence),
                (old.status, old.verdict, &old.note, &old.tags, &old.evidence)
            );
            // cue and source no longer stand where they stood: dropped rather than misplaced
            assert_eq!(a.cue, None);
        }
        assert_eq!(im.reanchored.len(), im.doc.annotations.len());
    }

    #[test]
    fn a_long_prefix_is_scored_in_linear_time_and_still_places_the_quote() {
        // every byte of the text matches the quote, and the prefix is as long as the text:
        // scoring the whole prefix at every match was quadratic
        let n = if cfg!(debug_assertions) { 20_000 } else { 200_000 };
        let text = format!("{}b", "a".repeat(n));
        let mut d = ReviewDoc::new("r", "", text.as_str(), 0.0);
        d.apply(crate::Edit::Add(crate::NewAnnotation::new(ReviewKind::Quote, n - 1, n))).unwrap();
        let mut v: Value = serde_json::from_str(&to_w3c_json(&d)).unwrap();
        let sel = v["first"]["items"][0]["target"]["selector"].as_array_mut().unwrap();
        sel.retain(|s| s["type"] == "TextQuoteSelector");
        sel[0]["prefix"] = json!("a".repeat(n));
        sel[0]["suffix"] = json!("b");
        let im = from_w3c_json(&v.to_string(), Some(&text)).unwrap();
        assert_eq!((im.doc.annotations[0].start, im.doc.annotations[0].end), (n - 1, n));
    }

    #[test]
    fn prefix_and_suffix_choose_between_repeats() {
        let text = "He said \"no\" on Monday. She said \"no\" on Friday. They said \"no\" again.";
        let mut d = ReviewDoc::new("r", "", text, 0.0);
        let second = text.find("\"no\" on Friday").unwrap() + 1;
        d.apply(crate::Edit::Add(crate::NewAnnotation::new(ReviewKind::Quote, second, second + 2))).unwrap();
        let json = to_w3c_json(&d);
        // positions broken (the text moved by 3): the context still finds the Friday "no"
        let moved = format!("-- {text}");
        let im = from_w3c_json(&json, Some(&moved)).unwrap();
        let a = &im.doc.annotations[0];
        assert_eq!((a.start, &moved[a.end..a.end + 10]), (second + 3, "\" on Frida"));
        assert_eq!(im.reanchored, ["a1"]);
        // no context to tell them apart: the nearest to the old position wins
        let mut bare: Value = serde_json::from_str(&json).unwrap();
        for sel in bare["first"]["items"][0]["target"]["selector"].as_array_mut().unwrap() {
            if sel["type"] == "TextQuoteSelector" {
                (sel["prefix"], sel["suffix"]) = (json!(""), json!(""));
            }
        }
        let im = from_w3c_json(&bare.to_string(), Some(&moved)).unwrap();
        assert_eq!(im.doc.annotations[0].start, second + 3);
    }

    /// Import places annotations by the same policy as every re-anchoring ([`crate::anchor`]):
    /// an annotation whose words had a typo fixed is placed on the corrected words (it was
    /// dropped when import matched exact words only), and one whose sentence is gone is an
    /// orphan rather than put on the same words elsewhere.
    #[test]
    fn import_places_a_fixed_typo_and_never_a_look_alike() {
        let old = "The council met on Monday. \"We will rebiuld the pier before the summer season,\" said Mayor Ana Ruiz. Boats queued at the pier all week.";
        let mut d = ReviewDoc::new("r", "", old, 0.0);
        let q = old.find("We will").unwrap();
        let q_end = old.find("season,").unwrap() + "season,".len();
        d.apply(crate::Edit::Add(crate::NewAnnotation::new(ReviewKind::Quote, q, q_end))).unwrap();
        let pier = old.find("the pier all week").unwrap();
        d.apply(crate::Edit::Add(crate::NewAnnotation::new(ReviewKind::Note, pier, pier + "the pier".len()))).unwrap();
        let json = to_w3c_json(&d);

        // the typo fixed: the quote is found on the corrected words, and listed as moved
        let fixed = old.replace("rebiuld", "rebuild");
        let im = from_w3c_json(&json, Some(&fixed)).unwrap();
        assert!(im.orphans.is_empty(), "{:?}", im.orphans);
        let a = im.doc.annotation("a1").expect("placed, not dropped");
        assert_eq!(im.doc.text_of(a), "We will rebuild the pier before the summer season,");
        assert_eq!(im.reanchored, ["a1"]);
        assert_eq!(im.doc.text_of(im.doc.annotation("a2").unwrap()), "the pier");

        // the last sentence rewritten: "the pier" still stands in the quote, in another context;
        // the note is an orphan rather than moved onto those words
        let cut = fixed.find("Boats").unwrap();
        let rewritten = format!("{}Fishing resumed on Friday.", &fixed[..cut]);
        let im = from_w3c_json(&json, Some(&rewritten)).unwrap();
        assert_eq!(im.doc.annotations.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a1"]);
        assert_eq!(im.orphans.len(), 1);
        let o = &im.orphans[0];
        assert_eq!((o.id.as_deref(), o.exact.as_str()), (Some("a2"), "the pier"));
        assert!(o.reason.contains("not in the document"), "{}", o.reason);
    }

    #[test]
    fn annotations_from_other_tools() {
        let one = r##"{
          "@context": "http://www.w3.org/ns/anno.jsonld",
          "id": "https://annotations.example/a/1", "type": "Annotation", "motivation": "commenting",
          "body": [
            {"type": "TextualBody", "value": "Check this figure", "format": "text/html"},
            {"type": "TextualBody", "purpose": "tagging", "value": "numbers"},
            {"type": "TextualBody", "purpose": "identifying", "value": "Harbor Board"},
            "https://example.org/source-doc"
          ],
          "target": {"source": "https://news.example/story", "selector": {"type": "TextQuoteSelector", "exact": "fuel costs", "prefix": "follow ", "suffix": ","}}
        }"##;
        let im = from_w3c_json(one, Some(TEXT)).unwrap();
        let a = &im.doc.annotations[0];
        assert_eq!(im.doc.text_of(a), "fuel costs");
        assert_eq!(
            (a.id.as_str(), a.kind, a.status, a.origin),
            ("a1", ReviewKind::Note, Status::Accepted, Origin::Manual)
        );
        assert_eq!(
            (a.note.as_str(), a.tags.clone(), a.evidence.clone()),
            ("Check this figure", vec!["numbers".to_string()], vec!["https://example.org/source-doc".to_string()])
        );
        assert_eq!(im.doc.speaker_of(a).map(|s| s.name.as_str()), Some("Harbor Board"));
        // a page, and a bare list
        let page = format!(r#"{{"@context": "{ANNO_CONTEXT}", "type": "AnnotationPage", "items": [{one}]}}"#);
        assert_eq!(from_w3c_json(&page, Some(TEXT)).unwrap().doc.annotations.len(), 1);
        let list = format!("[{one}, {one}]");
        let im = import(&list, Some(TEXT)).unwrap();
        assert_eq!(im.format, Format::W3c);
        assert_eq!(im.doc.annotations.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a1", "a2"]);
        // classifying and assessing bodies from elsewhere are understood when they name our values
        let typed = one
            .replace(
                "\"purpose\": \"tagging\", \"value\": \"numbers\"",
                "\"purpose\": \"classifying\", \"value\": \"claim\"",
            )
            .replace("\"identifying\"", "\"assessing\"")
            .replace("Harbor Board", "false");
        let a = from_w3c_json(&typed, Some(TEXT)).unwrap().doc.annotations[0].clone();
        assert_eq!((a.kind, a.verdict, a.speaker), (ReviewKind::Claim, Verdict::False, None));
    }

    #[test]
    fn bad_files_name_the_problem() {
        use ImportErrorKind::*;
        let good = to_w3c_json(&rich());
        let without_text = {
            let mut v: Value = serde_json::from_str(&good).unwrap();
            v[DOCUMENT_KEY].as_object_mut().unwrap().remove("text");
            v.to_string()
        };
        let first_status = {
            let mut v: Value = serde_json::from_str(&good).unwrap();
            v["first"]["items"][0][REVIEW_KEY]["status"] = json!("pending");
            v.to_string()
        };
        let dup = {
            let mut v: Value = serde_json::from_str(&good).unwrap();
            let id = v["first"]["items"][0][REVIEW_KEY]["id"].clone();
            v["first"]["items"][2][REVIEW_KEY]["id"] = id;
            v.to_string()
        };
        let bad_link = {
            let mut v: Value = serde_json::from_str(&good).unwrap();
            v["first"]["items"][0]["body"] =
                json!([{"type": "SpecificResource", "purpose": "linking", "source": "javascript:alert(1)"}]);
            v.to_string()
        };
        let bad_position = {
            let mut v: Value = serde_json::from_str(&good).unwrap();
            v["first"]["items"][1]["target"]["selector"][1]["start"] = json!("12");
            v.to_string()
        };
        let unknown_speaker = {
            let mut v: Value = serde_json::from_str(&good).unwrap();
            v["first"]["items"][1][REVIEW_KEY]["speaker"] = json!({"id": "s77"});
            v.to_string()
        };
        let cases: Vec<(String, ImportErrorKind, &str, &str)> = vec![
            (good[..good.len() - 40].to_string(), Syntax, "", "ends too early"),
            (good.replace(ANNO_CONTEXT, "http://schema.org/"), WrongFormat, "@context", "anno.jsonld"),
            (r#"{"type": "AnnotationCollection"}"#.into(), Missing, "@context", "missing"),
            (without_text, Missing, "quotelens:document.text", "text it annotates"),
            (
                good.replace("\"schema_version\": 1", "\"schema_version\": 3"),
                Version,
                "quotelens:document.schema_version",
                "newer",
            ),
            (first_status, BadValue, "first.items[0].quotelens:review.status", "pending"),
            (dup, Duplicate, "first.items[2].quotelens:review.id", "used twice (also first.items[0])"),
            (bad_link, BadValue, "first.items[0].body[0].source", "only http and https"),
            (bad_position, WrongType, "first.items[1].target.selector[1].start", "whole number"),
            (unknown_speaker, Reference, "first.items[1].quotelens:review.speaker.id", "s77"),
            (
                format!(
                    r#"{{"@context": "{ANNO_CONTEXT}", "type": "AnnotationCollection", "first": "https://x.example/page1"}}"#
                ),
                BadValue,
                "first",
                "only linked",
            ),
            (
                format!(
                    r#"{{"@context": "{ANNO_CONTEXT}", "type": "AnnotationCollection", "first": {{"items": [], "next": "p2"}}}}"#
                ),
                BadValue,
                "first.next",
                "further pages",
            ),
            (
                format!(r#"{{"@context": "{ANNO_CONTEXT}", "type": "Person"}}"#),
                WrongFormat,
                "type",
                "expected an Annotation",
            ),
            (format!(r#"{{"@context": "{ANNO_CONTEXT}", "type": "Annotation"}}"#), Missing, "target", "missing"),
            ("\"just a string\"".into(), WrongType, "", "expected an object or a list"),
        ];
        for (json, kind, path, words) in cases {
            let text = (path != "quotelens:document.text").then_some(TEXT);
            let e = from_w3c_json(&json, text).expect_err(&json);
            assert_eq!((e.kind, e.path.as_str()), (kind, path), "{e}");
            assert!(e.to_string().contains(words), "{e:?} lacks {words:?}");
        }
        // an annotation with nothing to place it by is an orphan, not an error
        let lost = format!(
            r#"{{"@context": "{ANNO_CONTEXT}", "type": "Annotation", "target": "https://news.example/story"}}"#
        );
        let im = from_w3c_json(&lost, Some(TEXT)).unwrap();
        assert!(im.doc.annotations.is_empty());
        assert_eq!(im.orphans.len(), 1);
    }

    #[test]
    fn positions_inside_characters_fall_back_to_the_quote() {
        let d = rich();
        let mut v: Value = serde_json::from_str(&to_w3c_json(&d)).unwrap();
        // a position past the end, and one whose quote no longer matches
        for item in v["first"]["items"].as_array_mut().unwrap() {
            item["target"]["selector"][1]["start"] = json!(100_000);
            item["target"]["selector"][1]["end"] = json!(100_010);
        }
        let im = from_w3c_json(&v.to_string(), None).unwrap();
        assert_eq!(im.doc.annotations.len(), d.annotations.len());
        for a in &im.doc.annotations {
            assert_eq!(im.doc.text_of(a), d.text_of(d.annotation(&a.id).unwrap()));
        }
        assert_eq!(find(&im.doc, "onmouseover"), find(&d, "onmouseover"));
    }
}
