//! Browser storage: every document in IndexedDB (through the `idb` crate), saved as the core's
//! native JSON, which carries `schema_version` and is migrated by the core when read.
//!
//! Database `quotelens`, IndexedDB version [`DB_VERSION`] (the layout of the stores; upgrades
//! run in [`open`], one step per version, from day one):
//! * `docs` — `{id, native}`: the whole document (text, roster, annotations, review state);
//! * `library` — `{id, title, created_ms, updated_ms, opened_ms, schema_version, annotations,
//!   quotes, claims, notes, reviewed}`: what the library view lists, without loading texts.
//!
//! Both are written in one transaction, so a list entry never outlives its document. Failures
//! come back as [`StoreError`], which tells a full quota and missing storage apart from the rest
//! so the app can say what to do (export) and lose nothing else.

use idb::{Database, Factory, KeyPath, ObjectStoreParams, TransactionMode};
use quotelens_core::formats::{from_native_json, to_native_json};
use quotelens_core::review::{ReviewDoc, ReviewKind, Status, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

pub const DB_NAME: &str = "quotelens";
pub const DB_VERSION: u32 = 1;
const DOCS: &str = "docs";
const LIBRARY: &str = "library";

/// One line of the library view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub created_ms: f64,
    pub updated_ms: f64,
    #[serde(default)]
    pub opened_ms: f64,
    pub schema_version: u32,
    pub annotations: usize,
    pub quotes: usize,
    pub claims: usize,
    pub notes: usize,
    pub reviewed: usize,
}

impl Summary {
    pub fn of(doc: &ReviewDoc, opened_ms: f64) -> Summary {
        let count = |k: ReviewKind| doc.annotations.iter().filter(|a| a.kind == k && a.is_live()).count();
        Summary {
            id: doc.id.clone(),
            title: doc.title.clone(),
            created_ms: doc.created_ms,
            updated_ms: doc.updated_ms,
            opened_ms,
            schema_version: SCHEMA_VERSION,
            annotations: doc.annotations.len(),
            quotes: count(ReviewKind::Quote),
            claims: count(ReviewKind::Claim),
            notes: count(ReviewKind::Note),
            reviewed: doc.annotations.iter().filter(|a| a.status != Status::Suggested).count(),
        }
    }
}

/// What went wrong with storage, in words for the reader.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// No IndexedDB here (some private windows, disabled storage).
    Unavailable(String),
    /// The browser's quota for this site is used up.
    Full,
    /// A stored document that cannot be read; `raw` is what is stored, for export.
    Corrupt {
        id: String,
        reason: String,
        raw: Option<String>,
    },
    Other(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unavailable(why) => write!(f, "Browser storage is not available here ({why}), so nothing will be kept after this tab closes. Export your work to keep it."),
            StoreError::Full => write!(f, "Browser storage is full: the last change is not saved. Export this document to keep it, or delete documents you no longer need from the library."),
            StoreError::Corrupt { id, reason, .. } => write!(f, "The stored document {id} cannot be read ({reason}). It was left as it is; you can download the stored record."),
            StoreError::Other(why) => write!(f, "Saving failed: {why}. Export your work to keep it."),
        }
    }
}

fn js_text(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        return s;
    }
    js_sys::Reflect::get(v, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .map(|n| {
            let msg = js_sys::Reflect::get(v, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_default();
            format!("{n}: {msg}")
        })
        .unwrap_or_else(|| format!("{v:?}"))
}

fn err(e: idb::Error) -> StoreError {
    let text = format!("{e}: {e:?}");
    if text.contains("QuotaExceeded") {
        StoreError::Full
    } else {
        StoreError::Other(e.to_string())
    }
}

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, StoreError> {
    let s = serde_json::to_string(v).map_err(|e| StoreError::Other(e.to_string()))?;
    js_sys::JSON::parse(&s).map_err(|e| StoreError::Other(js_text(&e)))
}

fn from_js<T: for<'de> Deserialize<'de>>(v: &JsValue) -> Result<T, String> {
    let s = js_sys::JSON::stringify(v).map_err(|e| js_text(&e))?;
    serde_json::from_str(&String::from(s)).map_err(|e| e.to_string())
}

/// Opens (creating or upgrading) the database.
pub async fn open() -> Result<Database, StoreError> {
    let factory = Factory::new().map_err(|e| StoreError::Unavailable(e.to_string()))?;
    let mut req = factory.open(DB_NAME, Some(DB_VERSION)).map_err(|e| StoreError::Unavailable(e.to_string()))?;
    req.on_upgrade_needed(|event| {
        let Ok(db) = idb::DatabaseEvent::database(&event) else { return };
        let old = event.old_version().unwrap_or(0);
        // one step per version; version 1 is the first layout
        if old < 1 {
            let mut params = ObjectStoreParams::new();
            params.key_path(Some(KeyPath::new_single("id")));
            let _ = db.create_object_store(DOCS, params.clone());
            let _ = db.create_object_store(LIBRARY, params);
        }
    });
    req.await.map_err(|e| StoreError::Unavailable(e.to_string()))
}

#[derive(Serialize, Deserialize)]
struct Record {
    id: String,
    native: String,
}

/// Saves a document and its library line in one transaction.
pub async fn save(db: &Database, doc: &ReviewDoc, opened_ms: f64) -> Result<Summary, StoreError> {
    let summary = Summary::of(doc, opened_ms);
    let record = Record { id: doc.id.clone(), native: to_native_json(doc) };
    let tx = db.transaction(&[DOCS, LIBRARY], TransactionMode::ReadWrite).map_err(err)?;
    let docs = tx.object_store(DOCS).map_err(err)?;
    let lib = tx.object_store(LIBRARY).map_err(err)?;
    docs.put(&to_js(&record)?, None).map_err(err)?.await.map_err(err)?;
    lib.put(&to_js(&summary)?, None).map_err(err)?.await.map_err(err)?;
    let done = tx.commit().map_err(err)?.await.map_err(err)?;
    if !done.is_committed() {
        return Err(StoreError::Other("the browser did not keep the change".into()));
    }
    Ok(summary)
}

/// Records that a document was opened (the library lists the last opened first).
pub async fn touch(db: &Database, mut summary: Summary, opened_ms: f64) -> Result<(), StoreError> {
    summary.opened_ms = opened_ms;
    let tx = db.transaction(&[LIBRARY], TransactionMode::ReadWrite).map_err(err)?;
    tx.object_store(LIBRARY).map_err(err)?.put(&to_js(&summary)?, None).map_err(err)?.await.map_err(err)?;
    tx.commit().map_err(err)?.await.map_err(err)?;
    Ok(())
}

/// Every library line, last opened first. Lines that cannot be read are skipped.
pub async fn list(db: &Database) -> Result<Vec<Summary>, StoreError> {
    let tx = db.transaction(&[LIBRARY], TransactionMode::ReadOnly).map_err(err)?;
    let all = tx.object_store(LIBRARY).map_err(err)?.get_all(None, None).map_err(err)?.await.map_err(err)?;
    let mut v: Vec<Summary> = all.iter().filter_map(|x| from_js(x).ok()).collect();
    v.sort_by(|a, b| b.opened_ms.max(b.updated_ms).total_cmp(&a.opened_ms.max(a.updated_ms)));
    Ok(v)
}

/// Reads a document (migrating an older schema through the core's reader).
pub async fn load(db: &Database, id: &str) -> Result<ReviewDoc, StoreError> {
    let tx = db.transaction(&[DOCS], TransactionMode::ReadOnly).map_err(err)?;
    let v = tx.object_store(DOCS).map_err(err)?.get(JsValue::from_str(id)).map_err(err)?.await.map_err(err)?;
    let Some(v) = v else {
        return Err(StoreError::Corrupt {
            id: id.into(),
            reason: "it is listed but its record is missing".into(),
            raw: None,
        });
    };
    let raw = js_sys::Reflect::get(&v, &"native".into()).ok().and_then(|n| n.as_string());
    let Some(native) = raw else {
        let raw = js_sys::JSON::stringify(&v).ok().map(String::from);
        return Err(StoreError::Corrupt { id: id.into(), reason: "the record has no document in it".into(), raw });
    };
    from_native_json(&native).map_err(|e| StoreError::Corrupt {
        id: id.into(),
        reason: e.to_string(),
        raw: Some(native),
    })
}

/// Deletes a document and its library line.
pub async fn delete(db: &Database, id: &str) -> Result<(), StoreError> {
    let tx = db.transaction(&[DOCS, LIBRARY], TransactionMode::ReadWrite).map_err(err)?;
    tx.object_store(DOCS).map_err(err)?.delete(JsValue::from_str(id)).map_err(err)?.await.map_err(err)?;
    tx.object_store(LIBRARY).map_err(err)?.delete(JsValue::from_str(id)).map_err(err)?.await.map_err(err)?;
    tx.commit().map_err(err)?.await.map_err(err)?;
    Ok(())
}

/// A fresh document id: time and chance, never reused in practice.
pub fn new_id() -> String {
    let t = js_sys::Date::now() as u64;
    let r = (js_sys::Math::random() * 1e9) as u64;
    format!("d{t:x}{r:x}")
}

/// Stores a raw record as it is, bypassing the model (tests use it to store a corrupt one).
#[doc(hidden)]
pub async fn put_raw(db: &Database, id: &str, native: &str) -> Result<(), StoreError> {
    let tx = db.transaction(&[DOCS], TransactionMode::ReadWrite).map_err(err)?;
    let record = Record { id: id.into(), native: native.into() };
    tx.object_store(DOCS).map_err(err)?.put(&to_js(&record)?, None).map_err(err)?.await.map_err(err)?;
    tx.commit().map_err(err)?.await.map_err(err)?;
    Ok(())
}
