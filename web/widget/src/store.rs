//! `localStorage`: one record per page URL and article, with the article's content hash.
//!
//! Key `quotelens-widget:v1:<origin><path>#<article key>`; value (record schema [`SCHEMA`]):
//! `{"format": "quotelens-widget", "schema": 1, "hash": "<FNV-1a 64 of the text>",
//!   "saved_ms": …, "doc": <native JSON>, "lost": [{"best": 0.42, "doc": <native JSON>}]}`.
//! `doc` is the core's native format (its own `schema_version`, migrated by the core); each lost
//! annotation is a small native document whose text is its quote with the context.
//! A record that cannot be read is never overwritten.

use quotelens_review::anchor::Lost;
use quotelens_review::formats::{from_native_value, to_native_json, NativeWriter};
use quotelens_review::ReviewDoc;
use wasm_bindgen::JsValue;

use crate::LostItem;

pub const SCHEMA: u64 = 1;
const FORMAT: &str = "quotelens-widget";

pub struct Record {
    pub hash: String,
    pub doc: ReviewDoc,
    pub lost: Vec<LostItem>,
}

pub fn key(article: &str) -> String {
    let loc = web_sys::window().map(|w| w.location());
    let origin = loc.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let path = loc.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
    format!("quotelens-widget:v1:{origin}{path}#{article}")
}

fn storage() -> Result<web_sys::Storage, String> {
    let w = web_sys::window().ok_or("no window")?;
    match w.local_storage() {
        Ok(Some(s)) => Ok(s),
        _ => Err("browser storage is not available here".into()),
    }
}

fn js_error(e: JsValue) -> String {
    js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).map_or_else(
        || "storage refused".into(),
        |n| if n == "QuotaExceededError" { "browser storage is full".into() } else { format!("storage error {n}") },
    )
}

pub fn load(key: &str) -> Result<Option<Record>, String> {
    let Some(raw) = storage()?.get_item(key).map_err(js_error)? else { return Ok(None) };
    let mut v = quotelens_review::formats::json::parse(&raw).map_err(|e| format!("not JSON: {e}"))?;
    if v["format"].as_str() != Some(FORMAT) {
        return Err("not a Quotelens widget record".into());
    }
    match v["schema"].as_u64() {
        Some(SCHEMA) => {}
        Some(n) => return Err(format!("record schema {n} is newer than this widget's {SCHEMA}")),
        None => return Err("record without a schema".into()),
    }
    let doc = from_native_value(v["doc"].take()).map_err(|e| e.to_string())?;
    let mut lost = Vec::new();
    for (i, l) in v["lost"].as_array_mut().into_iter().flatten().enumerate() {
        let d = from_native_value(l["doc"].take()).map_err(|e| format!("lost[{i}]: {e}"))?;
        lost.push(LostItem { doc: d, best: l["best"].as_f64().unwrap_or(0.0) });
    }
    Ok(Some(Record { hash: v["hash"].as_str().unwrap_or_default().to_string(), doc, lost }))
}

/// `x` as JSON, as serde_json writes it (not f64's Display). NaN becomes `null`.
fn float(x: f64) -> String {
    let mut out = String::new();
    quotelens_review::formats::json::write_f64(&mut out, x);
    out
}

pub fn save(key: &str, hash: &str, doc: &ReviewDoc, lost: &[LostItem]) -> Result<(), String> {
    let mut w = NativeWriter::with(doc, true);
    while !w.write(usize::MAX) {}
    save_json(key, hash, &w.finish(), lost)
}

/// [`save`] of a document already written as native JSON (a large one is written in slices).
pub fn save_json(key: &str, hash: &str, doc: &str, lost: &[LostItem]) -> Result<(), String> {
    // `best` through serde_json's float writer, not f64's Display: that pulls
    // core's float formatting (~8 KB gzip) into the wasm; it reads back as the same f64.
    // Pushed, not `format!`: the document can be megabytes.
    let mut record = format!(
        "{{\"format\":\"{FORMAT}\",\"schema\":{SCHEMA},\"hash\":\"{hash}\",\"saved_ms\":{},\"doc\":",
        // whole milliseconds, written as an integer (no float formatting code in the wasm)
        js_sys::Date::now() as i64,
    );
    record.push_str(doc);
    record.push_str(",\"lost\":[");
    for (i, l) in lost.iter().enumerate() {
        if i > 0 {
            record.push(',');
        }
        record.push_str("{\"best\":");
        record.push_str(&float(l.best));
        record.push_str(",\"doc\":");
        record.push_str(&to_native_json(&l.doc));
        record.push('}');
    }
    record.push_str("]}");
    storage()?.set_item(key, &record).map_err(js_error)
}

/// A lost annotation as a document of its own: its quote and context as the text.
pub fn mini(old: &ReviewDoc, l: &Lost) -> ReviewDoc {
    let mut d = ReviewDoc::new(
        old.id.clone(),
        old.title.clone(),
        format!("{}{}{}", l.quote.prefix, l.quote.exact, l.quote.suffix),
        old.created_ms,
    );
    d.updated_ms = old.updated_ms;
    let mut a = l.annotation.clone();
    a.start = l.quote.prefix.len();
    a.end = a.start + l.quote.exact.len();
    a.cue = None;
    a.source = None;
    if let Some(s) = old.speaker_of(&l.annotation) {
        d.speakers.push(s.clone());
    }
    d.annotations.push(a);
    d.next_annotation = old.next_annotation;
    d.next_speaker = old.next_speaker;
    d
}
