//! Browser storage: every document in IndexedDB (through the `idb` crate), saved as the core's
//! native JSON, which carries `schema_version` and is migrated by the core when read.
//!
//! Database `quotelens`, IndexedDB version [`DB_VERSION`] (the layout of the stores; upgrades
//! run in [`open`], one step per version, from day one):
//! * `docs` — `{id, native}`: the whole document (text, roster, annotations, review state);
//! * `library` — `{id, title, created_ms, updated_ms, opened_ms, schema_version, annotations,
//!   quotes, claims, notes, reviewed}`: what the library view lists, without loading texts.
//!
//! Both carry `rev`, a number drawn afresh at every save: a tab that saves says which revision
//! its changes were made on, and a save over a revision written meanwhile by another tab is
//! refused ([`Saved::Conflict`]) so that the tab can merge first (see [`crate::merge`]).
//!
//! Both are written in one transaction, so a list entry never outlives its document. Failures
//! come back as [`StoreError`], which tells a full quota and missing storage apart from the rest
//! so the app can say what to do (export) and lose nothing else.

use idb::{Database, Factory, KeyPath, ObjectStoreParams, TransactionMode};
use quotelens_review::formats::{from_native_json, NativeWriter};
use quotelens_review::{ReviewDoc, ReviewKind, Status, SCHEMA_VERSION};
use wasm_bindgen::JsValue;

pub const DB_NAME: &str = "quotelens";
pub const DB_VERSION: u32 = 1;
const DOCS: &str = "docs";
const LIBRARY: &str = "library";

/// One line of the library view.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub created_ms: f64,
    pub updated_ms: f64,
    pub opened_ms: f64,
    /// The revision stored (0 for records written before revisions).
    pub rev: f64,
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
            rev: 0.0,
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

fn err(e: idb::Error) -> StoreError {
    // a DOMException shows as "QuotaExceededError: …"; its name is for developers, the reader
    // gets what it means
    let text = e.to_string();
    if text.contains("QuotaExceeded") {
        StoreError::Full
    } else {
        StoreError::Other(plain_words(&text).into())
    }
}

/// What a storage exception means, in words (never the exception's own name or message).
pub fn plain_words(error: &str) -> &'static str {
    const MEANING: &[(&str, &str)] = &[
        ("InvalidState", "the browser closed this page's connection to its storage (its data may have been cleared)"),
        (
            "TransactionInactive",
            "the browser closed this page's connection to its storage (its data may have been cleared)",
        ),
        ("NotFound", "a part of the browser's storage is missing (its data may have been cleared)"),
        ("Abort", "the browser cancelled the write"),
        ("Version", "the storage was written by a newer version of Quotelens"),
        ("Security", "the browser does not allow storage for this page"),
    ];
    MEANING
        .iter()
        .find(|(name, _)| error.contains(name))
        .map_or("the browser's storage reported a failure", |(_, words)| words)
}

fn set(o: &js_sys::Object, key: &str, v: JsValue) {
    let _ = js_sys::Reflect::set(o, &key.into(), &v);
}

fn field(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn number(v: &JsValue, key: &str) -> Option<f64> {
    field(v, key).as_f64()
}

impl Summary {
    fn to_js(&self) -> JsValue {
        let o = js_sys::Object::new();
        set(&o, "id", self.id.as_str().into());
        set(&o, "title", self.title.as_str().into());
        for (k, v) in [
            ("created_ms", self.created_ms),
            ("updated_ms", self.updated_ms),
            ("opened_ms", self.opened_ms),
            ("rev", self.rev),
            ("schema_version", f64::from(self.schema_version)),
            ("annotations", self.annotations as f64),
            ("quotes", self.quotes as f64),
            ("claims", self.claims as f64),
            ("notes", self.notes as f64),
            ("reviewed", self.reviewed as f64),
        ] {
            set(&o, k, v.into());
        }
        o.into()
    }

    /// A stored line; `None` when a field it cannot do without is missing.
    fn from_js(v: &JsValue) -> Option<Summary> {
        let count = |k| number(v, k).map_or(0, |n| n as usize);
        Some(Summary {
            id: field(v, "id").as_string()?,
            title: field(v, "title").as_string()?,
            created_ms: number(v, "created_ms")?,
            updated_ms: number(v, "updated_ms")?,
            opened_ms: number(v, "opened_ms").unwrap_or(0.0),
            rev: number(v, "rev").unwrap_or(0.0),
            schema_version: number(v, "schema_version")? as u32,
            annotations: count("annotations"),
            quotes: count("quotes"),
            claims: count("claims"),
            notes: count("notes"),
            reviewed: count("reviewed"),
        })
    }
}

fn record(id: &str, native: &str, rev: f64) -> JsValue {
    let o = js_sys::Object::new();
    set(&o, "id", id.into());
    set(&o, "native", native.into());
    set(&o, "rev", rev.into());
    o.into()
}

/// Opens (creating or upgrading) the database.
pub async fn open() -> Result<Database, StoreError> {
    let unavailable = |e: idb::Error| StoreError::Unavailable(plain_words(&e.to_string()).into());
    let factory = Factory::new().map_err(unavailable)?;
    let mut req = factory.open(DB_NAME, Some(DB_VERSION)).map_err(unavailable)?;
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
    req.await.map_err(unavailable)
}

/// What [`save`] did.
#[derive(Clone, Debug, PartialEq)]
pub enum Saved {
    /// Stored, as the library now lists it (with the new revision).
    Done(Summary),
    /// Not stored: another tab saved revision `rev` over the one the changes were made on.
    Conflict { rev: f64 },
    /// Not stored: the document was deleted (in another tab) since it was loaded.
    Gone,
}

/// Saves a document and its library line in one transaction, as a new revision. With `on_rev`
/// (the revision the document was loaded or last saved as) the save is refused when another
/// revision is stored meanwhile, and when the document is no longer stored (deleted in another
/// tab: it must not come back unasked).
pub async fn save(db: &Database, doc: &ReviewDoc, opened_ms: f64, on_rev: Option<f64>) -> Result<Saved, StoreError> {
    // the long part (0.15-0.2 s for 1 MB with 10,000 annotations) in slices of tasks of their
    // own, before the transaction's: the page keeps taking keys and drawing meanwhile
    let native = write_sliced(doc).await;
    // the JSON made a JavaScript string (decoded from UTF-8: 20-25 ms for 1 MB with 10,000
    // annotations) in a task of its own too: the transaction's must stay short
    let rev = new_rev();
    let rec = record(&doc.id, &native, rev);
    drop(native);
    next_task().await;
    let tx = db.transaction(&[DOCS, LIBRARY], TransactionMode::ReadWrite).map_err(err)?;
    let docs = tx.object_store(DOCS).map_err(err)?;
    let lib = tx.object_store(LIBRARY).map_err(err)?;
    if let Some(expected) = on_rev {
        let line = lib.get(JsValue::from_str(&doc.id)).map_err(err)?.await.map_err(err)?;
        let stored = line.as_ref().map(|l| number(l, "rev").unwrap_or(0.0));
        if stored.is_none() {
            let _ = tx.abort();
            return Ok(Saved::Gone);
        }
        if let Some(rev) = stored.filter(|&r| r != expected) {
            let _ = tx.abort();
            return Ok(Saved::Conflict { rev });
        }
    }
    let mut summary = Summary::of(doc, opened_ms);
    summary.rev = rev;
    docs.put(&rec, None).map_err(err)?.await.map_err(err)?;
    lib.put(&summary.to_js(), None).map_err(err)?.await.map_err(err)?;
    let done = tx.commit().map_err(err)?.await.map_err(err)?;
    if !done.is_committed() {
        return Err(StoreError::Other("the browser did not keep the change".into()));
    }
    Ok(Saved::Done(summary))
}

/// The document's native JSON, written about [`SLICE_MS`] at a time with other tasks in between.
async fn write_sliced(doc: &ReviewDoc) -> String {
    let mut w = NativeWriter::new(doc);
    let mut start = now();
    while !w.write(256) {
        if now() - start > SLICE_MS {
            next_task().await;
            start = now();
        }
    }
    next_task().await;
    w.finish()
}

/// How long a slice of a save may run before the page gets a turn (a task over 50 ms is a
/// "long task" that delays input).
const SLICE_MS: f64 = 30.0;

fn now() -> f64 {
    js_sys::Date::now()
}

/// Lets the browser run other tasks (input, drawing) before going on.
pub async fn next_task() {
    let p = js_sys::Promise::new(&mut |done, _| {
        let later = web_sys::window().map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&done, 0));
        if !matches!(later, Some(Ok(_))) {
            let _ = done.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Waits until the browser is idle (at most a second): a save then never sits between a key
/// and the frame that shows what it did. Without `requestIdleCallback`, the next task.
pub async fn idle() {
    let p = js_sys::Promise::new(&mut |done, _| {
        let Some(w) = web_sys::window() else {
            let _ = done.call0(&JsValue::NULL);
            return;
        };
        let opts = web_sys::IdleRequestOptions::new();
        opts.set_timeout(1000);
        if w.request_idle_callback_with_options(&done, &opts).is_err()
            && w.set_timeout_with_callback_and_timeout_and_arguments_0(&done, 0).is_err()
        {
            let _ = done.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// A revision number: drawn at random, never the 0 of records without one.
fn new_rev() -> f64 {
    (js_sys::Math::random() * 9e15).floor() + 1.0
}

/// The revision stored for a document, from its library line (cheap: no text is read).
pub async fn stored_rev(db: &Database, id: &str) -> Option<f64> {
    let tx = db.transaction(&[LIBRARY], TransactionMode::ReadOnly).ok()?;
    let line = tx.object_store(LIBRARY).ok()?.get(JsValue::from_str(id)).ok()?.await.ok()??;
    Some(number(&line, "rev").unwrap_or(0.0))
}

/// Records that a document was opened (the library lists the last opened first).
pub async fn touch(db: &Database, mut summary: Summary, opened_ms: f64) -> Result<(), StoreError> {
    summary.opened_ms = opened_ms;
    let tx = db.transaction(&[LIBRARY], TransactionMode::ReadWrite).map_err(err)?;
    tx.object_store(LIBRARY).map_err(err)?.put(&summary.to_js(), None).map_err(err)?.await.map_err(err)?;
    tx.commit().map_err(err)?.await.map_err(err)?;
    Ok(())
}

/// Every library line, last opened first. Lines that cannot be read are skipped.
pub async fn list(db: &Database) -> Result<Vec<Summary>, StoreError> {
    let tx = db.transaction(&[LIBRARY], TransactionMode::ReadOnly).map_err(err)?;
    let all = tx.object_store(LIBRARY).map_err(err)?.get_all(None, None).map_err(err)?.await.map_err(err)?;
    let mut v: Vec<Summary> = all.iter().filter_map(Summary::from_js).collect();
    quotelens_review::sort::short_by(&mut v, |a, b| a.opened_ms.max(a.updated_ms) > b.opened_ms.max(b.updated_ms));
    Ok(v)
}

/// Reads a document (migrating an older schema through the core's reader).
pub async fn load(db: &Database, id: &str) -> Result<ReviewDoc, StoreError> {
    load_rev(db, id).await.map(|(doc, _)| doc)
}

/// Reads a document and the revision it is stored as.
pub async fn load_rev(db: &Database, id: &str) -> Result<(ReviewDoc, f64), StoreError> {
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
    let rev = number(&v, "rev").unwrap_or(0.0);
    from_native_json(&native).map(|doc| (doc, rev)).map_err(|e| StoreError::Corrupt {
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
    tx.object_store(DOCS).map_err(err)?.put(&record(id, native, 0.0), None).map_err(err)?.await.map_err(err)?;
    tx.commit().map_err(err)?.await.map_err(err)?;
    Ok(())
}
