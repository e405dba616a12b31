//! The native JSON: everything a [`ReviewDoc`] holds, readable by the evaluation scorer too.
//!
//! ```json
//! {
//!   "format": "quotelens-review",
//!   "schema_version": 1,
//!   "offset_unit": "utf16",
//!   "id": "doc-7", "title": "…", "created_ms": 1767225600000.0, "updated_ms": 1767225660000.0,
//!   "next_ids": {"annotation": 14, "speaker": 4},
//!   "speakers": [{"id": "s1", "name": "Mara Quill", "kind": "person"}],
//!   "annotations": [
//!     {"id": "a1", "kind": "quote", "start": 10, "end": 42, "text": "…",
//!      "speaker": {"id": "s1", "name": "Mara Quill", "kind": "person"},
//!      "status": "accepted", "origin": "extracted", "verdict": "unchecked",
//!      "cue": {"start": 44, "end": 48, "text": "said"}, "source": {"start": 49, "end": 53, "text": "Mara"},
//!      "evidence": ["https://…"], "note": "…", "tags": ["…"]}
//!   ],
//!   "rejected": [ …annotations of status "rejected", same shape… ],
//!   "text": "…the whole document…"
//! }
//! ```
//!
//! * `annotations` is what the scorer of `shared/corpus/README.md` reads: `kind`, `start`/`end`
//!   in `offset_unit`, `text`, `speaker.name`. Rejected annotations go to `rejected` instead,
//!   which the scorer never looks at, so that a reviewed file scores what the reviewer kept.
//!   Notes (`kind: "note"`) and terms are in `annotations` too: the scorer counts only
//!   quotes and claims.
//! * `speaker` in an annotation copies the roster entry for the scorer; on reading, its `id` is
//!   what counts. A speaker given only by `name` (a hand-made file) joins the roster.
//! * Reading accepts `offset_unit` `utf16`, `char` or `byte`; `text`, `status`, `origin`,
//!   `verdict`, `cue`, `source`, `evidence`, `note`, `tags`, `speakers`, `rejected`,
//!   `next_ids`, `id`, `title` and the times may be left out (defaults: suggested, extracted,
//!   unchecked, empty). A `text` that is given must equal the document text at the offsets.
//! * Unknown fields are ignored, so a newer minor addition does not lock older builds out;
//!   anything that changes meaning raises `schema_version`, and [`migrate`] upgrades old files.
//!
//! Schema history:
//! * 0 — the prototype's save files, before `schema_version` existed:
//!   `{"doc", "title", "text", "saved", "items": [{"id": 3, "type": "quote"|"claim"|"note",
//!   "span": [start, end] (chars), "speaker": "Name"|null, "state": "pending"|"accepted"|"rejected",
//!   "comment", "labels"}]}`.
//! * 1 — this shape.

use std::collections::HashMap;

use super::json::{quoted, Map, Value};

use super::json::Pretty;
use super::read::*;
use super::{parse, units, ImportError, ImportErrorKind, RosterBuilder};
use crate::{
    clean_name, clean_tags, normalize_link, obj, Origin, ReviewAnnotation, ReviewDoc, ReviewKind, Speaker, Status,
    Verdict, SCHEMA_VERSION,
};
use quotelens_extract::offsets::{OffsetIndex, Unit};

/// The value of the `format` field.
pub const FORMAT: &str = "quotelens-review";

fn finite(ms: f64) -> f64 {
    if ms.is_finite() {
        ms
    } else {
        0.0
    }
}

/// The document as native JSON (pretty-printed, safe to inline in HTML), its fields in the
/// order of the example above.
pub fn to_native_json(doc: &ReviewDoc) -> String {
    let mut w = NativeWriter::new(doc);
    while !w.write(usize::MAX) {}
    w.finish()
}

/// [`to_native_json`] in steps, so that a large document can be written with a page running
/// in between: [`NativeWriter::write`] writes its annotations a slice at a time.
pub struct NativeWriter<'d> {
    doc: &'d ReviewDoc,
    idx: OffsetIndex<'d>,
    w: Pretty,
    /// The list being written (0: `annotations`, 1: `rejected`, 2: done) and its next item.
    list: usize,
    next: usize,
}

impl<'d> NativeWriter<'d> {
    pub fn new(doc: &'d ReviewDoc) -> NativeWriter<'d> {
        NativeWriter::with(doc, false)
    }

    /// `compact`: without line breaks and indent (the widget's storage, about half the size).
    pub fn with(doc: &'d ReviewDoc, compact: bool) -> NativeWriter<'d> {
        // safe to inline in HTML: escaped as it is written
        let mut w = Pretty::html();
        w.compact = compact;
        w.open(b'{');
        for (k, v) in [
            ("format", FORMAT),
            ("schema_version", ""),
            ("offset_unit", "utf16"),
            ("id", &doc.id),
            ("title", &doc.title),
        ] {
            w.key(k);
            if k == "schema_version" {
                w.uint(SCHEMA_VERSION.into());
            } else {
                w.str(v);
            }
        }
        w.key("created_ms");
        w.float(finite(doc.created_ms));
        w.key("updated_ms");
        w.float(finite(doc.updated_ms));
        w.key("next_ids");
        w.open(b'{');
        w.key("annotation");
        w.uint(doc.next_annotation);
        w.key("speaker");
        w.uint(doc.next_speaker);
        w.close(b'}');
        w.key("speakers");
        w.open(b'[');
        for s in &doc.speakers {
            w.item();
            speaker(&mut w, s);
        }
        w.close(b']');
        w.key("annotations");
        w.open(b'[');
        NativeWriter { doc, idx: OffsetIndex::new(&doc.text), w, list: 0, next: 0 }
    }

    /// Writes up to `n` more annotations (of those the list holds): true when all are written.
    pub fn write(&mut self, mut n: usize) -> bool {
        let w = &mut self.w;
        while self.list < 2 {
            let live = self.list == 0;
            while let Some(a) = self.doc.annotations.get(self.next) {
                if n == 0 {
                    return false;
                }
                n -= 1;
                self.next += 1;
                if a.is_live() == live {
                    w.item();
                    native_annotation(w, self.doc, &self.idx, a);
                }
            }
            w.close(b']');
            if live {
                w.key("rejected");
                w.open(b'[');
            }
            (self.list, self.next) = (self.list + 1, 0);
        }
        true
    }

    /// The JSON, once [`NativeWriter::write`] wrote everything.
    pub fn finish(mut self) -> String {
        self.w.key("text");
        self.w.str(&self.doc.text);
        self.w.close(b'}');
        self.w.out
    }
}

fn speaker(w: &mut Pretty, s: &Speaker) {
    w.open(b'{');
    for (k, v) in [("id", s.id.as_str()), ("name", &s.name), ("kind", s.kind.as_str())] {
        w.key(k);
        w.str(v);
    }
    w.close(b'}');
}

fn string_list(w: &mut Pretty, list: &[String]) {
    w.open(b'[');
    for x in list {
        w.item();
        w.str(x);
    }
    w.close(b']');
}

fn native_annotation(w: &mut Pretty, doc: &ReviewDoc, idx: &OffsetIndex, a: &ReviewAnnotation) {
    let u = |b: usize| units(idx, &doc.text, b, Unit::Utf16) as u64;
    w.open(b'{');
    w.key("id");
    w.str(&a.id);
    w.key("kind");
    w.str(a.kind.as_str());
    w.key("start");
    w.uint(u(a.start));
    w.key("end");
    w.uint(u(a.end));
    w.key("text");
    w.str(doc.text_of(a));
    w.key("speaker");
    match doc.speaker_of(a) {
        Some(s) => speaker(w, s),
        None => w.out.push_str("null"),
    }
    for (k, v) in [("status", a.status.as_str()), ("origin", a.origin.as_str()), ("verdict", a.verdict.as_str())] {
        w.key(k);
        w.str(v);
    }
    // (left out when there is none)
    for (k, span) in [("cue", a.cue), ("source", a.source)] {
        if let Some((s, e)) = span {
            w.key(k);
            w.open(b'{');
            w.key("start");
            w.uint(u(s));
            w.key("end");
            w.uint(u(e));
            w.key("text");
            w.str(doc.slice(s, e));
            w.close(b'}');
        }
    }
    w.key("evidence");
    string_list(w, &a.evidence);
    w.key("note");
    w.str(&a.note);
    w.key("tags");
    string_list(w, &a.tags);
    w.close(b'}');
}

/// Reads native JSON of any schema version this build knows.
pub fn from_native_json(json: &str) -> Result<ReviewDoc, ImportError> {
    from_native_value(parse(json)?)
}

/// [`from_native_json`] on an already parsed value (the widget's store holds documents inside
/// a record of its own).
pub fn from_native_value(value: Value) -> Result<ReviewDoc, ImportError> {
    decode(&migrate(value)?)
}

/// Upgrades a native document of an older `schema_version` (none means 0) to the current one,
/// one version at a time. Newer versions are refused: this build cannot know their meaning.
pub fn migrate(mut value: Value) -> Result<Value, ImportError> {
    let root = obj(&value, "")?;
    if root.contains_key("@context") {
        return Err(ImportError::new(
            ImportErrorKind::WrongFormat,
            "@context",
            "this is W3C Web Annotation JSON-LD, not a Quotelens document: import it as W3C",
        ));
    }
    let mut version = match root.get("schema_version") {
        None => 0,
        Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => n,
            None => {
                return Err(ImportError::new(
                    ImportErrorKind::Version,
                    "schema_version",
                    format!("expected a whole number, found {}", type_name(v)),
                ))
            }
        },
    };
    if version > SCHEMA_VERSION {
        return Err(ImportError::new(
            ImportErrorKind::Version,
            "schema_version",
            format!("{version} was written by a newer Quotelens; this one reads versions up to {SCHEMA_VERSION}"),
        ));
    }
    while version < SCHEMA_VERSION {
        value = match version {
            0 => v0_to_v1(&value)?,
            _ => {
                return Err(ImportError::new(
                    ImportErrorKind::Version,
                    "schema_version",
                    format!("no migration from version {version}"),
                ))
            }
        };
        version += 1;
    }
    Ok(value)
}

/// The prototype's files: items with char spans, speaker names instead of a roster, states
/// instead of statuses.
fn v0_to_v1(v: &Value) -> Result<Value, ImportError> {
    let root = obj(v, "")?;
    let text = string(req(root, "text", "")?, "text")?;
    let doc_id = opt(root, "doc").map(|d| string(d, "doc")).transpose()?.unwrap_or("");
    let title = opt(root, "title").map(|t| string(t, "title")).transpose()?.unwrap_or("");
    let saved = opt(root, "saved").map(|s| number(s, "saved")).transpose()?.unwrap_or(0.0);
    let mut names: Vec<String> = Vec::new();
    // the index in `names` by lower-cased name: one lookup per item, not a walk of the names
    let mut name_index: HashMap<String, usize> = HashMap::new();
    let (mut live, mut rejected) = (Vec::new(), Vec::new());
    for (i, item) in array(req(root, "items", "")?, "items")?.iter().enumerate() {
        let p = nth("items", i);
        let m = obj(item, &p)?;
        let id = uint(req(m, "id", &p)?, &at(&p, "id"))?;
        let kind = string(req(m, "type", &p)?, &at(&p, "type"))?;
        if !["quote", "claim", "note"].contains(&kind) {
            return Err(ImportError::new(
                ImportErrorKind::BadValue,
                at(&p, "type"),
                format!("unknown value {} (expected one of: quote, claim, note)", quoted(kind)),
            ));
        }
        let sp = at(&p, "span");
        let span = array(req(m, "span", &p)?, &sp)?;
        if span.len() != 2 {
            return Err(ImportError::new(
                ImportErrorKind::BadValue,
                sp,
                format!("expected [start, end], found {} numbers", span.len()),
            ));
        }
        let (start, end) = (uint(&span[0], &nth(&sp, 0))?, uint(&span[1], &nth(&sp, 1))?);
        let speaker = match opt(m, "speaker") {
            None => Value::Null,
            Some(s) => {
                let name = clean_name(string(s, &at(&p, "speaker"))?);
                if name.is_empty() {
                    Value::Null
                } else {
                    let k = *name_index.entry(quotelens_extract::case::to_lowercase(&name)).or_insert_with(|| {
                        names.push(name);
                        names.len() - 1
                    });
                    obj! {"id": format!("s{}", k + 1)}
                }
            }
        };
        let state = opt(m, "state").map(|s| string(s, &at(&p, "state"))).transpose()?.unwrap_or("pending");
        let status = match state {
            "pending" => "suggested",
            "accepted" => "accepted",
            "rejected" => "rejected",
            other => {
                return Err(ImportError::new(
                    ImportErrorKind::BadValue,
                    at(&p, "state"),
                    format!("unknown value {} (expected one of: pending, accepted, rejected)", quoted(other)),
                ))
            }
        };
        let note = opt(m, "comment").map(|c| string(c, &at(&p, "comment"))).transpose()?.unwrap_or("");
        let tags = opt(m, "labels").map(|l| strings(l, &at(&p, "labels"))).transpose()?.unwrap_or_default();
        let item = obj! {
            "id": format!("a{id}"), "kind": kind, "start": start, "end": end, "speaker": speaker,
            "status": status, "origin": "extracted", "verdict": "unchecked", "evidence": Vec::<Value>::new(), "note": note, "tags": tags,
        };
        if status == "rejected" {
            rejected.push(item);
        } else {
            live.push(item);
        }
    }
    let speakers: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(k, n)| obj! {"id": format!("s{}", k + 1), "name": n.as_str(), "kind": "unknown"})
        .collect();
    Ok(obj! {
        "format": FORMAT, "schema_version": 1, "offset_unit": "char",
        "id": doc_id, "title": title, "created_ms": saved, "updated_ms": saved,
        "speakers": speakers, "annotations": live, "rejected": rejected, "text": text,
    })
}

/// Reads the current version.
fn decode(v: &Value) -> Result<ReviewDoc, ImportError> {
    let mut r = NativeReader::new(v)?;
    while !r.read(usize::MAX)? {}
    r.finish()
}

/// A native document (of the current version: see [`migrate`]) read in steps, so that a
/// large file can be read with a page running in between: [`NativeReader::new`] reads all but
/// the annotations, [`NativeReader::read`] the annotations a slice at a time, and
/// [`NativeReader::finish`] checks the whole. The errors are those of [`from_native_value`].
pub struct NativeReader<'v> {
    root: &'v Map,
    text: &'v str,
    idx: OffsetIndex<'v>,
    unit: Unit,
    next_a: u64,
    roster: RosterBuilder,
    annotations: Vec<ReviewAnnotation>,
    seen: HashMap<String, String>,
    /// The list being read (0: `annotations`, 1: `rejected`, 2: done) and its next item.
    list: usize,
    next: usize,
    sorted: bool,
}

impl<'v> NativeReader<'v> {
    pub fn new(v: &'v Value) -> Result<NativeReader<'v>, ImportError> {
        let root = obj(v, "")?;
        if let Some(f) = opt(root, "format") {
            let f = string(f, "format")?;
            if f != FORMAT {
                return Err(ImportError::new(
                    ImportErrorKind::WrongFormat,
                    "format",
                    format!("is {}, expected {}", quoted(f), quoted(FORMAT)),
                ));
            }
        }
        let unit = match opt(root, "offset_unit") {
            None => Unit::Utf16,
            Some(u) => match string(u, "offset_unit")? {
                "utf16" => Unit::Utf16,
                "char" => Unit::Char,
                "byte" => Unit::Byte,
                other => {
                    return Err(ImportError::new(
                        ImportErrorKind::BadValue,
                        "offset_unit",
                        format!("unknown value {} (expected one of: utf16, char, byte)", quoted(other)),
                    ))
                }
            },
        };
        let text = string(req(root, "text", "")?, "text")?;
        let (mut next_a, mut next_s) = (1u64, 1u64);
        if let Some(n) = opt(root, "next_ids") {
            let m = obj(n, "next_ids")?;
            if let Some(a) = opt(m, "annotation") {
                next_a = counter(a, "next_ids.annotation")?;
            }
            if let Some(s) = opt(m, "speaker") {
                next_s = counter(s, "next_ids.speaker")?;
            }
        }
        let roster = RosterBuilder::new(roster(opt(root, "speakers"), "speakers")?, next_s);
        Ok(NativeReader {
            root,
            text,
            idx: OffsetIndex::new(text),
            unit,
            next_a,
            roster,
            annotations: Vec::new(),
            seen: HashMap::new(),
            list: 0,
            next: 0,
            sorted: true,
        })
    }

    /// Reads up to `n` more annotations: true when all are read.
    pub fn read(&mut self, mut n: usize) -> Result<bool, ImportError> {
        while self.list < 2 {
            let (key, rejected) = if self.list == 0 { ("annotations", false) } else { ("rejected", true) };
            let list = if rejected { opt(self.root, key) } else { Some(req(self.root, key, "")?) };
            let items: &[Value] = match list {
                Some(list) => array(list, key)?,
                None => &[],
            };
            while let Some(item) = items.get(self.next) {
                if n == 0 {
                    return Ok(false);
                }
                n -= 1;
                let p = nth(key, self.next);
                self.next += 1;
                let a = annotation(item, &p, rejected, self.text, &self.idx, self.unit, &mut self.roster)?;
                if let Some(first) = self.seen.insert(a.id.clone(), p.clone()) {
                    return Err(ImportError::new(
                        ImportErrorKind::Duplicate,
                        at(&p, "id"),
                        format!("{} is used twice (also {first})", quoted(&a.id)),
                    ));
                }
                self.annotations.push(a);
                self.sorted = false;
            }
            (self.list, self.next) = (self.list + 1, 0);
        }
        Ok(true)
    }

    /// Puts the annotations read so far in the document's order: [`NativeReader::finish`]
    /// does it too; a step of its own for the widget.
    pub fn sort(&mut self) {
        crate::sort_annotations(&mut self.annotations);
        self.sorted = true;
    }

    /// The document, once [`NativeReader::read`] read everything, checked as a whole.
    pub fn finish(self) -> Result<ReviewDoc, ImportError> {
        let root = self.root;
        let get_str =
            |key: &str| opt(root, key).map(|s| string(s, key)).transpose().map(|s| s.unwrap_or("").to_string());
        let get_ms = |key: &str| opt(root, key).map(|s| number(s, key)).transpose().map(|s| s.unwrap_or(0.0));
        let mut doc = ReviewDoc::new(get_str("id")?, get_str("title")?, self.text, get_ms("created_ms")?);
        doc.updated_ms = get_ms("updated_ms")?;
        doc.next_annotation = self.next_a;
        doc.next_speaker = self.roster.next();
        doc.speakers = self.roster.speakers;
        doc.annotations = self.annotations;
        if !self.sorted {
            crate::sort_annotations(&mut doc.annotations);
        }
        doc.fix_counters();
        doc.check().map_err(|e| ImportError::new(ImportErrorKind::BadValue, e.path, e.reason))?;
        Ok(doc)
    }
}

/// A span object `{"start", "end", "text"?}` (or the annotation itself) in bytes.
fn span_of(
    m: &Map,
    p: &str,
    text: &str,
    idx: &OffsetIndex,
    unit: Unit,
    allow_empty: bool,
) -> Result<(usize, usize), ImportError> {
    let start = offset(idx, text, req(m, "start", p)?, unit, &at(p, "start"))?;
    let end = offset(idx, text, req(m, "end", p)?, unit, &at(p, "end"))?;
    if end < start || (end == start && !allow_empty) {
        let (s, e) = (idx.from_byte(start, unit), idx.from_byte(end, unit));
        return Err(ImportError::new(ImportErrorKind::Offset, at(p, "end"), format!("{e} is not after the start {s}")));
    }
    if let Some(t) = opt(m, "text") {
        let t = string(t, &at(p, "text"))?;
        if t != &text[start..end] {
            let preview: String = text[start..end].chars().take(40).collect();
            return Err(ImportError::new(
                ImportErrorKind::BadValue,
                at(p, "text"),
                format!("does not match the document text at these offsets ({})", quoted(&preview)),
            ));
        }
    }
    Ok((start, end))
}

fn annotation(
    v: &Value,
    p: &str,
    in_rejected: bool,
    text: &str,
    idx: &OffsetIndex,
    unit: Unit,
    roster: &mut RosterBuilder,
) -> Result<ReviewAnnotation, ImportError> {
    let m = obj(v, p)?;
    let id = string(req(m, "id", p)?, &at(p, "id"))?;
    if id.is_empty() {
        return Err(ImportError::new(ImportErrorKind::BadValue, at(p, "id"), "is empty"));
    }
    let kind = named(req(m, "kind", p)?, &at(p, "kind"), ReviewKind::ALL, ReviewKind::as_str)?;
    let (start, end) = span_of(m, p, text, idx, unit, false)?;
    let speaker = match m.get("speaker") {
        None => None,
        Some(s) => roster.resolve(s, &at(p, "speaker"))?,
    };
    let status = match opt(m, "status") {
        Some(s) => named(s, &at(p, "status"), Status::ALL, Status::as_str)?,
        None if in_rejected => Status::Rejected,
        None => Status::Suggested,
    };
    if in_rejected != (status == Status::Rejected) {
        let reason = if in_rejected {
            "only rejected annotations belong in `rejected`"
        } else {
            "a rejected annotation belongs in `rejected`, where the scorer does not count it"
        };
        return Err(ImportError::new(ImportErrorKind::BadValue, at(p, "status"), reason));
    }
    let origin = opt(m, "origin")
        .map(|o| named(o, &at(p, "origin"), Origin::ALL, Origin::as_str))
        .transpose()?
        .unwrap_or(Origin::Extracted);
    let verdict = opt(m, "verdict")
        .map(|o| named(o, &at(p, "verdict"), Verdict::ALL, Verdict::as_str))
        .transpose()?
        .unwrap_or(Verdict::Unchecked);
    let mut spans = [None, None];
    for (k, key) in ["cue", "source"].into_iter().enumerate() {
        if let Some(s) = opt(m, key) {
            let sp = at(p, key);
            spans[k] = Some(span_of(obj(s, &sp)?, &sp, text, idx, unit, true)?);
        }
    }
    let mut evidence: Vec<String> = Vec::new();
    if let Some(e) = opt(m, "evidence") {
        let ep = at(p, "evidence");
        let mut seen = std::collections::HashSet::new();
        for (k, link) in strings(e, &ep)?.iter().enumerate() {
            let link = normalize_link(link)
                .map_err(|err| ImportError::new(ImportErrorKind::BadValue, nth(&ep, k), err.to_string()))?;
            if !seen.insert(link.clone()) {
                return Err(ImportError::new(
                    ImportErrorKind::Duplicate,
                    nth(&ep, k),
                    format!("{} is listed twice", quoted(&link)),
                ));
            }
            evidence.push(link);
        }
    }
    let note = opt(m, "note").map(|n| string(n, &at(p, "note"))).transpose()?.unwrap_or("").to_string();
    let tags = opt(m, "tags").map(|t| strings(t, &at(p, "tags"))).transpose()?.unwrap_or_default();
    Ok(ReviewAnnotation {
        id: id.to_string(),
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
        note,
        tags: clean_tags(&tags),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testdoc::{find, rich, TEXT};
    use crate::formats::{import, Format};
    use crate::{Edit, SpeakerKind};
    // the tests read what the writers wrote with serde_json, independent of our reader
    use serde_json::Value;

    // The writer before formats/json.rs: these structs through serde_json, which the
    // hand-written writer must match byte for byte.
    mod through_serde {
        use super::*;
        use serde::Serialize;

        #[derive(Serialize)]
        struct NDoc<'a> {
            format: &'static str,
            schema_version: u32,
            offset_unit: &'static str,
            id: &'a str,
            title: &'a str,
            created_ms: f64,
            updated_ms: f64,
            next_ids: NIds,
            speakers: Vec<NSpeaker<'a>>,
            annotations: Vec<NAnn<'a>>,
            rejected: Vec<NAnn<'a>>,
            text: &'a str,
        }

        #[derive(Serialize)]
        struct NIds {
            annotation: u64,
            speaker: u64,
        }

        #[derive(Serialize)]
        struct NSpeaker<'a> {
            id: &'a str,
            name: &'a str,
            kind: &'static str,
        }

        #[derive(Serialize)]
        struct NSpan<'a> {
            start: usize,
            end: usize,
            text: &'a str,
        }

        #[derive(Serialize)]
        struct NAnn<'a> {
            id: &'a str,
            kind: &'static str,
            start: usize,
            end: usize,
            text: &'a str,
            speaker: Option<NSpeaker<'a>>,
            status: &'static str,
            origin: &'static str,
            verdict: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            cue: Option<NSpan<'a>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            source: Option<NSpan<'a>>,
            evidence: &'a [String],
            note: &'a str,
            tags: &'a [String],
        }

        pub fn serde_native_json(doc: &ReviewDoc) -> String {
            let idx = OffsetIndex::new(&doc.text);
            let ann = |a| serde_annotation(doc, &idx, a);
            let n = NDoc {
                format: FORMAT,
                schema_version: SCHEMA_VERSION,
                offset_unit: "utf16",
                id: &doc.id,
                title: &doc.title,
                created_ms: finite(doc.created_ms),
                updated_ms: finite(doc.updated_ms),
                next_ids: NIds { annotation: doc.next_annotation, speaker: doc.next_speaker },
                speakers: doc
                    .speakers
                    .iter()
                    .map(|s| NSpeaker { id: &s.id, name: &s.name, kind: s.kind.as_str() })
                    .collect(),
                annotations: doc.annotations.iter().filter(|a| a.is_live()).map(ann).collect(),
                rejected: doc.annotations.iter().filter(|a| !a.is_live()).map(ann).collect(),
                text: &doc.text,
            };
            // serializing these plain structs cannot fail (no maps with non-string keys, no NaN left)
            crate::formats::html_safe(serde_json::to_string_pretty(&n).unwrap_or_default())
        }

        fn serde_annotation<'a>(doc: &'a ReviewDoc, idx: &OffsetIndex, a: &'a ReviewAnnotation) -> NAnn<'a> {
            let u = |b: usize| units(idx, &doc.text, b, Unit::Utf16);
            let span = |(s, e): (usize, usize)| NSpan { start: u(s), end: u(e), text: doc.slice(s, e) };
            NAnn {
                id: &a.id,
                kind: a.kind.as_str(),
                start: u(a.start),
                end: u(a.end),
                text: doc.text_of(a),
                speaker: doc.speaker_of(a).map(|s| NSpeaker { id: &s.id, name: &s.name, kind: s.kind.as_str() }),
                status: a.status.as_str(),
                origin: a.origin.as_str(),
                verdict: a.verdict.as_str(),
                cue: a.cue.map(span),
                source: a.source.map(span),
                evidence: &a.evidence,
                note: &a.note,
                tags: &a.tags,
            }
        }
    }

    #[test]
    fn the_writer_writes_what_serde_json_wrote() {
        let mut d = rich();
        assert_eq!(to_native_json(&d), through_serde::serde_native_json(&d));
        d.title = "<b>&\u{2028}\"\\\u{1}".into();
        d.created_ms = f64::NAN;
        d.updated_ms = 1767225600123.5;
        assert_eq!(to_native_json(&d), through_serde::serde_native_json(&d));
        let empty = ReviewDoc::new(String::new(), String::new(), String::new(), 0.0);
        assert_eq!(to_native_json(&empty), through_serde::serde_native_json(&empty));
    }

    #[test]
    fn the_writer_in_steps_and_compact_writes_the_same_document() {
        let d = rich();
        for (compact, n) in [(false, 1), (true, 1), (true, 3), (true, usize::MAX)] {
            let mut w = NativeWriter::with(&d, compact);
            let mut steps = 0;
            while !w.write(n) {
                steps += 1;
            }
            let out = w.finish();
            assert!(n > d.annotations.len() || steps > 1, "{n}: {steps} steps");
            let theirs: Value = serde_json::from_str(&to_native_json(&d)).unwrap();
            assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), theirs);
            assert_eq!(out.contains('\n'), !compact);
            if !compact {
                assert_eq!(out, to_native_json(&d));
            }
            assert_eq!(from_native_json(&out).unwrap(), d);
        }
    }

    #[test]
    fn the_reader_in_steps_reads_what_the_reader_reads() {
        let d = rich();
        let v = crate::formats::json::parse(&to_native_json(&d)).unwrap();
        let mut r = NativeReader::new(&v).unwrap();
        let mut steps = 0;
        while !r.read(1).unwrap() {
            steps += 1;
        }
        assert!(steps >= d.annotations.len() - 1, "{steps}");
        r.sort();
        assert_eq!(r.finish().unwrap(), d);
        // an error in a later slice is the same error
        let mut bad = to_native_json(&d);
        bad = bad.replacen("\"kind\": \"claim\"", "\"kind\": \"quip\"", 1);
        let v = crate::formats::json::parse(&bad).unwrap();
        let mut r = NativeReader::new(&v).unwrap();
        let e = loop {
            match r.read(1) {
                Ok(true) => panic!("read"),
                Ok(false) => {}
                Err(e) => break e,
            }
        };
        assert_eq!(e, from_native_json(&bad).unwrap_err());
    }
    use serde_json::json;

    fn utf16_slice(text: &str, start: usize, end: usize) -> String {
        let u: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&u[start..end]).unwrap()
    }

    fn err(json: &str) -> ImportError {
        from_native_json(json).expect_err("accepted a bad file")
    }

    /// A valid file to break in one place.
    fn small(annotation: &str) -> String {
        format!(
            r#"{{"schema_version": 1, "offset_unit": "utf16", "text": "Añ 😀 said \"hi\".", "speakers": [{{"id": "s1", "name": "Ana"}}], "annotations": [{annotation}]}}"#
        )
    }

    #[test]
    fn round_trip_is_identical() {
        let d = rich();
        assert!(d.check().is_ok());
        let json = to_native_json(&d);
        let back = from_native_json(&json).unwrap();
        assert_eq!(back, d);
        // and stable: writing the read document gives the same bytes
        assert_eq!(to_native_json(&back), json);
        let im = import(&json, None).unwrap();
        assert_eq!((im.format, &im.doc), (Format::Native, &d));
    }

    #[test]
    fn the_scorer_reads_it() {
        let d = rich();
        let v: Value = serde_json::from_str(&to_native_json(&d)).unwrap();
        let (preds, unit) = quotelens_eval::preds_from_json(&v);
        assert_eq!(unit, "utf16");
        let live = d.annotations.iter().filter(|a| a.is_live()).count();
        assert_eq!(preds.len(), live);
        for p in &preds {
            assert_eq!(utf16_slice(TEXT, p.start.unwrap() as usize, p.end.unwrap() as usize), p.text);
        }
        assert!(preds
            .iter()
            .any(|p| p.kind == "quote" && p.text == "Prices must follow fuel costs," && p.speaker == "Ilse Varga"));
        // the rejected quote is kept, but where the scorer does not look
        assert!(!preds.iter().any(|p| p.text.contains("onmouseover")));
        let rejected = v["rejected"].as_array().unwrap();
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0]["status"], "rejected");
        assert_eq!(rejected[0]["text"], " onmouseover=alert(2) x=");
        // offsets count UTF-16 units: the emoji is two
        let note = v["annotations"].as_array().unwrap().iter().find(|a| a["kind"] == "note").unwrap();
        assert_eq!((note["start"].as_u64(), note["end"].as_u64()), (Some(17), Some(25)));
        assert_eq!(note["speaker"]["name"], "<b>Desk</b> & Co");
    }

    #[test]
    fn payloads_stay_data_and_cannot_end_a_script_element() {
        let d = rich();
        let json = to_native_json(&d);
        for raw in ["<script>", "</script>", "<b>", "<img", "&"] {
            assert!(!json.contains(raw), "{raw} written raw");
        }
        assert!(json.contains(r"\u003cscript\u003ealert(1)\u003c/script\u003e"));
        let back = from_native_json(&json).unwrap();
        assert_eq!(back.title, "Fares </script><b>rise</b>");
        let claim = back.annotation(&find(&back, "<script>")).unwrap();
        assert_eq!(back.text_of(claim), "the increase was <script>alert(1)</script> unfair");
        assert!(claim.note.contains("<img src=x onerror=alert(3)>") && claim.note.contains("\r\n"));
        assert_eq!(claim.evidence[0], "https://example.org/fares?a=1&b=2");
        let sign = back.annotation(&find(&back, "onmouseover")).unwrap();
        assert_eq!(sign.note, "\" onmouseover=alert(1) \"");
    }

    #[test]
    fn version_0_files_migrate() {
        // the prototype's shape: char offsets, speaker names, states
        let v0 = r#"{
          "doc": "proto-3", "title": "Old save", "saved": 1700000000000,
          "text": "Zoë 👋 said: \"Rates will fall.\" Officials said rates would rise.",
          "items": [
            {"id": 4, "type": "quote", "span": [13, 29], "speaker": "Zoë", "state": "accepted", "comment": "on tape", "labels": ["rates", "rates", " "]},
            {"id": 9, "type": "claim", "span": [46, 62], "speaker": "Officials", "state": "pending"},
            {"id": 2, "type": "note", "span": [0, 3], "speaker": " zoë ", "state": "rejected"}
          ]
        }"#;
        let d = from_native_json(v0).unwrap();
        assert_eq!(
            (d.id.as_str(), d.title.as_str(), d.created_ms, d.updated_ms),
            ("proto-3", "Old save", 1.7e12, 1.7e12)
        );
        assert_eq!(
            d.speakers.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect::<Vec<_>>(),
            [("s1", "Zoë"), ("s2", "Officials")]
        );
        let texts: Vec<(&str, &str, Status, Option<&str>)> =
            d.annotations.iter().map(|a| (a.id.as_str(), d.text_of(a), a.status, a.speaker.as_deref())).collect();
        assert_eq!(
            texts,
            [
                ("a2", "Zoë", Status::Rejected, Some("s1")),
                ("a4", "Rates will fall.", Status::Accepted, Some("s1")),
                ("a9", "rates would rise", Status::Suggested, Some("s2")),
            ]
        );
        let q = d.annotation("a4").unwrap();
        assert_eq!(
            (q.note.as_str(), q.tags.clone(), q.kind),
            ("on tape", vec!["rates".to_string()], ReviewKind::Quote)
        );
        assert_eq!((d.next_annotation, d.next_speaker), (10, 3));
        // migrated documents save as the current version and read back the same
        let json = to_native_json(&d);
        assert!(json.contains("\"schema_version\": 1"));
        assert_eq!(from_native_json(&json).unwrap(), d);
        // a bad v0 file is named in v0 terms
        let e = err(r#"{"text": "abc", "items": [{"id": 1, "type": "quote", "span": [0], "state": "pending"}]}"#);
        assert_eq!((e.kind, e.path.as_str()), (ImportErrorKind::BadValue, "items[0].span"));
        let e = err(r#"{"text": "abc", "items": [{"id": 1, "type": "quote", "span": [0, 2], "state": "maybe"}]}"#);
        assert_eq!((e.kind, e.path.as_str()), (ImportErrorKind::BadValue, "items[0].state"));
        let e = err(r#"{"text": "abc", "items": [{"id": 1, "type": "quote", "span": [0, 9]}]}"#);
        assert_eq!((e.kind, e.path.as_str()), (ImportErrorKind::Offset, "annotations[0].end"));
    }

    #[test]
    fn hand_made_files_get_defaults_and_a_roster() {
        let d = from_native_json(&small(r#"{"id": "x", "kind": "quote", "start": 12, "end": 14, "speaker": {"name": " Bo "}}, {"id": "a7", "kind": "claim", "start": 0, "end": 2, "text": "Añ", "speaker": {"id": "s1"}}"#)).unwrap();
        assert_eq!(d.speakers.len(), 2);
        assert_eq!(
            (d.speakers[1].id.as_str(), d.speakers[1].name.as_str(), d.speakers[1].kind),
            ("s2", "Bo", SpeakerKind::Unknown)
        );
        let x = d.annotation("x").unwrap();
        assert_eq!(
            (d.text_of(x), x.status, x.origin, x.verdict),
            ("hi", Status::Suggested, Origin::Extracted, Verdict::Unchecked)
        );
        assert_eq!(d.annotations[0].id, "a7", "sorted by position");
        assert_eq!(d.next_annotation, 8, "above every id in use");
        // other units
        let by_char = r#"{"schema_version": 1, "offset_unit": "char", "text": "😀 é ab", "annotations": [{"id": "a1", "kind": "note", "start": 4, "end": 6, "text": "ab"}]}"#;
        assert_eq!(
            from_native_json(by_char).unwrap().text_of(&from_native_json(by_char).unwrap().annotations[0]),
            "ab"
        );
        let by_byte = r#"{"schema_version": 1, "offset_unit": "byte", "text": "😀 é ab", "annotations": [{"id": "a1", "kind": "note", "start": 8, "end": 10}]}"#;
        let d = from_native_json(by_byte).unwrap();
        assert_eq!(d.text_of(&d.annotations[0]), "ab");
    }

    #[test]
    fn bad_files_name_the_problem() {
        use ImportErrorKind::*;
        let good = to_native_json(&rich());
        let cases: Vec<(String, ImportErrorKind, &str, &str)> = vec![
            (good[..good.len() / 2].to_string(), Syntax, "", "ends too early"),
            ("{\"schema_version\": 1,, }".into(), Syntax, "", "not valid JSON"),
            (good.replace("\"schema_version\": 1", "\"schema_version\": 2"), Version, "schema_version", "newer"),
            (good.replace("\"schema_version\": 1", "\"schema_version\": \"1\""), Version, "schema_version", "whole number"),
            ("[1, 2]".into(), WrongType, "", "expected an object"),
            (r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection"}"#.into(), WrongFormat, "@context", "W3C"),
            (r#"{"schema_version": 1, "annotations": []}"#.into(), Missing, "text", "missing"),
            (r#"{"schema_version": 1, "text": "abc"}"#.into(), Missing, "annotations", "missing"),
            (r#"{"schema_version": 1, "format": "other", "text": "", "annotations": []}"#.into(), WrongFormat, "format", "other"),
            (r#"{"schema_version": 1, "offset_unit": "words", "text": "", "annotations": []}"#.into(), BadValue, "offset_unit", "words"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 0, "end": 99}"#), Offset, "annotations[0].end", "outside the text, which is 16 UTF-16 units long"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 4, "end": 6}"#), Offset, "annotations[0].start", "surrogate pair"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 6, "end": 6}"#), Offset, "annotations[0].end", "not after the start"),
            (small(r#"{"id": "a1", "kind": "quote", "start": -1, "end": 6}"#), WrongType, "annotations[0].start", "whole number"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 1.5, "end": 6}"#), WrongType, "annotations[0].start", "whole number"),
            (small(r#"{"id": "a1", "kind": "quip", "start": 0, "end": 2}"#), BadValue, "annotations[0].kind", "expected one of: quote, claim, term, note"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 0, "end": 2, "status": "maybe"}"#), BadValue, "annotations[0].status", "maybe"),
            (small(r#"{"id": "a1", "kind": "claim", "start": 0, "end": 2, "verdict": "true"}"#), BadValue, "annotations[0].verdict", "supported"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 0, "end": 2, "status": "rejected"}"#), BadValue, "annotations[0].status", "belongs in `rejected`"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 0, "end": 2}, {"id": "a1", "kind": "claim", "start": 3, "end": 5}"#), Duplicate, "annotations[1].id", "used twice (also annotations[0])"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 0, "end": 2, "speaker": {"id": "s9"}}"#), Reference, "annotations[0].speaker.id", "s9"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 0, "end": 2, "text": "Ab"}"#), BadValue, "annotations[0].text", "does not match"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 0, "end": 2, "evidence": ["javascript:alert(1)"]}"#), BadValue, "annotations[0].evidence[0]", "only http and https"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 0, "end": 2, "tags": "x"}"#), WrongType, "annotations[0].tags", "expected a list"),
            (small(r#"{"id": "a1", "kind": "quote", "start": 0, "end": 2, "cue": {"start": 5, "end": 99}}"#), Offset, "annotations[0].cue.end", "outside"),
            (small(r#"{"id": "", "kind": "quote", "start": 0, "end": 2}"#), BadValue, "annotations[0].id", "empty"),
            (
                r#"{"schema_version": 1, "text": "ab", "speakers": [{"id": "s1", "name": "A"}, {"id": "s1", "name": "B"}], "annotations": []}"#.into(),
                Duplicate,
                "speakers[1].id",
                "used twice",
            ),
            (r#"{"schema_version": 1, "text": "ab", "speakers": [{"id": "s1", "name": "A", "kind": "robot"}], "annotations": []}"#.into(), BadValue, "speakers[0].kind", "robot"),
            (r#"{"schema_version": 1, "text": "ab", "next_ids": {"annotation": 18446744073709551615}, "annotations": []}"#.into(), BadValue, "next_ids.annotation", "larger than ids go"),
            (r#"{"schema_version": 1, "text": "ab", "annotations": [], "rejected": [{"id": "a1", "kind": "quote", "start": 0, "end": 1, "status": "accepted"}]}"#.into(), BadValue, "rejected[0].status", "only rejected"),
        ];
        for (json, kind, path, words) in cases {
            let e = err(&json);
            assert_eq!((e.kind, e.path.as_str()), (kind, path), "{e} ← {json}");
            assert!(e.to_string().contains(words), "{e:?} lacks {words:?}");
        }
        // a multi-byte char split in byte units
        let e = err(
            r#"{"schema_version": 1, "offset_unit": "byte", "text": "é", "annotations": [{"id": "a1", "kind": "note", "start": 0, "end": 1}]}"#,
        );
        assert_eq!((e.kind, e.path.as_str()), (ImportErrorKind::Offset, "annotations[0].end"));
        assert!(e.reason.contains("inside a multi-byte character"), "{e}");
    }

    #[test]
    fn any_cut_or_byte_flip_is_an_error_not_a_panic() {
        let mut d = rich();
        d.apply(Edit::SetTitle { title: "t".into() }).unwrap();
        let json = to_native_json(&d);
        let mut cuts = 0;
        for n in (0..json.len()).step_by(3).filter(|&n| json.is_char_boundary(n)) {
            assert!(from_native_json(&json[..n]).is_err());
            cuts += 1;
        }
        assert!(cuts > 100);
        // digits changed anywhere: read or refused, never a panic
        for (i, _) in json.match_indices(|c: char| c.is_ascii_digit()) {
            let mut bad = json.clone();
            bad.replace_range(i..=i, "9");
            if let Ok(doc) = from_native_json(&bad) {
                assert!(doc.check().is_ok());
            }
        }
    }

    #[test]
    fn unchecked_documents_write_without_panicking() {
        // a document changed behind the edits' back: offsets mid-character or past the end
        let mut d = rich();
        d.annotations[0].end = d.text.len() + 10;
        d.annotations[1].start = TEXT.find('😀').unwrap() + 1;
        d.created_ms = f64::NAN;
        let json = to_native_json(&d);
        assert!(json.contains("\"created_ms\": 0.0"));
    }

    #[test]
    fn fractional_millisecond_times_come_back_the_same() {
        let mut d = rich();
        // times as a browser's performance clock gives them, and odd ones: without serde_json's
        // float_roundtrip some of these read back one unit in the last place off
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut times = vec![0.1, 1.0 / 3.0, 1e-7, 9_007_199_254_740.993];
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            times.push(1.7e12 + (x % 100_000_000_000) as f64 / 1e3 + (x >> 40) as f64 / 7e6);
        }
        for ms in times {
            (d.created_ms, d.updated_ms) = (ms, ms + 0.25);
            let back = from_native_json(&to_native_json(&d)).unwrap();
            assert_eq!((back.created_ms.to_bits(), back.updated_ms.to_bits()), (ms.to_bits(), (ms + 0.25).to_bits()));
        }
    }

    #[test]
    fn a_counter_at_the_last_id_reads_and_refuses_new_ids_instead_of_a_bad_export() {
        use crate::{Edit, EditError, NewAnnotation, ReviewKind, SpeakerKind, SpeakerRef, MAX_ID_NUMBER};
        let mut d = rich();
        d.next_annotation = MAX_ID_NUMBER + 1;
        d.next_speaker = MAX_ID_NUMBER + 1;
        let mut back = from_native_json(&to_native_json(&d)).unwrap();
        assert_eq!(back.next_annotation, MAX_ID_NUMBER + 1);
        // one more annotation used to give a counter the importer then refused
        let add = NewAnnotation::new(ReviewKind::Quote, 0, 3);
        assert_eq!(back.apply(Edit::Add(add.clone())), Err(EditError::IdsUsedUp));
        let named = NewAnnotation {
            speaker: SpeakerRef::Name { name: "Someone New".into(), kind: SpeakerKind::Person },
            ..add
        };
        assert_eq!(back.apply(Edit::Add(named)), Err(EditError::IdsUsedUp));
        assert!(from_native_json(&to_native_json(&back)).is_ok());
        // the last id itself can still be given
        back.next_annotation = MAX_ID_NUMBER;
        back.apply(Edit::Add(NewAnnotation::new(ReviewKind::Quote, 0, 3))).unwrap();
        assert!(back.annotation(&format!("a{MAX_ID_NUMBER}")).is_some());
        let again = from_native_json(&to_native_json(&back)).unwrap();
        assert_eq!(again.next_annotation, MAX_ID_NUMBER + 1);
        // past that, the importer names the field
        let e = err(&to_native_json(&back).replace(
            &format!("\"annotation\": {}", MAX_ID_NUMBER + 1),
            &format!("\"annotation\": {}", MAX_ID_NUMBER + 2),
        ));
        assert_eq!(e.path, "next_ids.annotation");
    }

    #[test]
    fn large_rosters_names_tags_and_links_import_in_one_pass() {
        // each of these walked a list per entry: quadratic in the file
        let n = if cfg!(debug_assertions) { 2_000 } else { 20_000 };
        let speakers: Vec<Value> =
            (0..n).map(|i| json!({"id": format!("s{}", i + 1), "name": format!("Person {i}")})).collect();
        let mut annotations: Vec<Value> = (0..n)
            .map(|i| {
                json!({"id": format!("a{}", i + 1), "kind": "quote", "start": 0, "end": 2,
                            "speaker": {"name": format!("New Name {}", i / 2)}})
            })
            .collect();
        annotations[0]["tags"] = json!((0..n).map(|i| format!("tag {}", i % (n / 2))).collect::<Vec<_>>());
        annotations[1]["evidence"] = json!((0..n).map(|i| format!("https://example.org/{i}")).collect::<Vec<_>>());
        let file =
            json!({"schema_version": 1, "text": "Añ 😀 said.", "speakers": speakers, "annotations": annotations});
        let d = from_native_json(&file.to_string()).unwrap();
        assert_eq!(d.speakers.len(), n + n / 2, "two annotations name each new person");
        assert_eq!(d.annotations.len(), n);
        let a1 = d.annotation("a1").unwrap();
        assert_eq!(a1.tags.len(), n / 2, "repeated tags kept once");
        assert_eq!(d.annotation("a2").unwrap().evidence.len(), n);
        assert_eq!(d.annotation("a2").unwrap().speaker, d.annotation("a1").unwrap().speaker);
        // a repeated link and a repeated roster id are still refused, naming where
        let mut dup = file.clone();
        dup["annotations"][1]["evidence"][n - 1] = json!("https://example.org/3");
        assert_eq!(err(&dup.to_string()).path, format!("annotations[1].evidence[{}]", n - 1));
        let mut dup = file;
        dup["speakers"][n - 1]["id"] = json!("s7");
        assert_eq!(err(&dup.to_string()).path, format!("speakers[{}].id", n - 1));
    }
}
