//! The embeddable Quotelens widget: reads the text of one article element on a host page, runs
//! the core's extraction on it, highlights quotes and claims in place (CSS Custom Highlight API,
//! or minimal wrapping where the browser lacks it) and adds a floating review panel in a shadow
//! root. Annotations are kept in `localStorage` per page URL and article, with the article's
//! content hash; when the text changed they are re-anchored by the core ([`quotelens_review::anchor`]).
//!
//! Everything here is DOM work: extraction, the review model, formats and re-anchoring are the
//! core's. The custom element and the `[data-quotelens]` scan live in the JS shim
//! (`web/widget/quotelens-widget.js`), because wasm-bindgen cannot subclass `HTMLElement`.
#![cfg(target_arch = "wasm32")]

// Talc instead of the standard library's dlmalloc: smaller in the wasm (see docs/widget.md).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

mod act;
mod highlight;
mod panel;
mod store;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use quotelens_review::anchor::{reanchor, MIN_SCORE};
use quotelens_review::formats::json::{Number, Value};
use quotelens_review::formats::{self, json_string, to_native_json, to_w3c_value};
use quotelens_review::{obj, Edit, NewAnnotation, ReviewDoc, ReviewKind, Status};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget, HtmlElement, ShadowRoot};

thread_local! {
    static COUNT: Cell<u32> = const { Cell::new(0) };
}

/// What the host asked for (attributes on the article or the custom element).
pub(crate) struct Options {
    pub read_only: bool,
    pub kinds: Vec<ReviewKind>,
    pub colors: Vec<(ReviewKind, String)>,
    pub key: String,
    pub wrap: bool,
    /// A CSS selector of what is not article text (ads, captions, related stories).
    pub exclude: Option<String>,
    /// Reader mode (`mode="published"`): accepted annotations only, nothing to review or edit.
    pub published: bool,
    /// `position="inline"`: the panel stands where its element is, not in a corner.
    pub inline: bool,
    /// The loader can extract in a worker (long articles are left to it).
    pub worker: bool,
}

pub(crate) fn default_color(k: ReviewKind) -> &'static str {
    match k {
        ReviewKind::Quote => "#fde68a",
        ReviewKind::Claim => "#bfdbfe",
        ReviewKind::Term => "#e9d5ff",
        ReviewKind::Note => "#bbf7d0",
    }
}

impl Options {
    fn read(v: &JsValue) -> Options {
        let get = |k: &str| js_sys::Reflect::get(v, &k.into()).ok().and_then(|x| x.as_string());
        let kinds = get("kinds")
            .map(|s| s.split([',', ' ']).filter_map(|k| ReviewKind::parse(k.trim())).collect::<Vec<_>>())
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| ReviewKind::ALL.to_vec());
        let colors = get("colors")
            .map(|s| {
                s.split(';')
                    .filter_map(|kv| {
                        let (k, c) = kv.split_once(':')?;
                        let c = c.trim();
                        // a colour is a word, a hex value or a function of plain characters
                        let ok = !c.is_empty()
                            && c.len() < 64
                            && c.chars().all(|x| x.is_ascii_alphanumeric() || "#(),.% ".contains(x));
                        Some((ReviewKind::parse(k.trim())?, c.to_string())).filter(|_| ok)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let flag = |k: &str| get(k).is_some_and(|s| s != "false");
        let published = get("mode").as_deref() == Some("published");
        Options {
            read_only: flag("readOnly") || published,
            published,
            inline: get("position").as_deref() == Some("inline"),
            worker: flag("worker"),
            kinds,
            colors,
            key: get("key").unwrap_or_default(),
            wrap: flag("wrap"),
            exclude: get("exclude").filter(|x| !x.trim().is_empty()),
        }
    }

    pub fn color(&self, k: ReviewKind) -> String {
        self.colors.iter().find(|(x, _)| *x == k).map_or_else(|| default_color(k).to_string(), |(_, c)| c.clone())
    }
}

/// An annotation that could not be re-anchored: a small native document (its quote with the
/// context) and the best score any place reached.
pub(crate) struct LostItem {
    pub doc: ReviewDoc,
    pub best: f64,
}

pub(crate) struct State {
    pub n: u32,
    pub article: HtmlElement,
    pub shadow: ShadowRoot,
    pub map: quotelens_dom::text::TextMap,
    pub doc: ReviewDoc,
    pub lost: Vec<LostItem>,
    pub opts: Options,
    pub key: String,
    pub hash: String,
    /// Why storage must not be written (the stored record could not be read: it is kept).
    pub frozen: Option<String>,
    pub selected: Option<String>,
    /// A selector in the panel that gets the focus after the next render.
    pub focus: Option<String>,
    /// How many list items the panel draws (more on request: imports can be large).
    pub limit: usize,
    pub open: bool,
    pub message: Option<String>,
    pub reanchored: usize,
    /// Extraction is waiting for the loader's worker; `ready` is sent when it is in.
    pub pending: bool,
    /// `ready` was sent.
    pub announced: bool,
    pub events: Vec<(String, Value)>,
}

type Shared = Rc<RefCell<State>>;

/// A JSON value as the JavaScript value `JSON.parse` would make of it, built directly (no
/// compact writer in the wasm for text only to be parsed again).
fn to_js(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(match *n {
            Number::U(u) => u as f64,
            Number::I(i) => i as f64,
            Number::F(x) => x,
        }),
        Value::String(s) => JsValue::from_str(s),
        // a long list of strings (an import's ids) as one string split in JavaScript: each
        // string passed on its own costs a decoder call
        Value::Array(items)
            if items.len() > 64 && items.iter().all(|x| x.as_str().is_some_and(|s| !s.contains('\0'))) =>
        {
            let all: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            js_sys::JsString::from(all.join("\0")).split("\0").into()
        }
        Value::Array(items) => items.iter().map(to_js).collect::<js_sys::Array>().into(),
        Value::Object(m) => {
            let o = js_sys::Object::new();
            for (k, x) in m {
                let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &to_js(x));
            }
            o.into()
        }
    }
}

/// Sends the queued events from the article element (they bubble and cross shadow roots).
pub(crate) fn flush(st: &Shared) {
    let (article, events) = {
        let mut s = st.borrow_mut();
        (s.article.clone(), std::mem::take(&mut s.events))
    };
    for (what, detail) in events {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&to_js(&detail));
        if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(&format!("quotelens:{what}"), &init) {
            let _ = article.dispatch_event(&ev);
        }
    }
}

impl State {
    fn now() -> f64 {
        js_sys::Date::now()
    }

    /// Queues `quotelens:<what>`; [`flush`] sends it once the state is no longer borrowed (a
    /// host listener may call the widget back).
    pub fn emit(&mut self, what: &str, detail: Value) {
        self.events.push((what.to_string(), detail));
    }

    pub fn describe(&self, id: &str) -> Value {
        match self.doc.annotation(id) {
            Some(a) => obj! {
                "widget": self.n, "id": a.id.as_str(), "kind": a.kind.as_str(), "status": a.status.as_str(),
                "text": self.doc.text_of(a), "note": a.note.as_str(),
                "speaker": self.doc.speaker_of(a).map(|s| s.name.as_str()),
            },
            None => obj! { "widget": self.n, "id": id },
        }
    }

    pub fn save(&mut self) {
        if self.frozen.is_some() {
            return;
        }
        let r = store::save(&self.key, &self.hash, &self.doc, &self.lost);
        self.saved(r);
    }

    fn saved(&mut self, r: Result<(), String>) {
        if let Err(e) = r {
            self.message = Some(format!("Not saved: {e}. Export to keep your changes."));
        }
    }

    /// Applies an edit, saves, tells the host (no redraw); the error says why not.
    pub fn apply(&mut self, edit: Edit, event: &str, id: &str) -> Result<(), String> {
        if self.opts.read_only {
            return Err("the widget is read-only".into());
        }
        let before = (event == "deleted").then(|| self.describe(id));
        self.doc.apply(edit).map_err(|e| e.to_string())?;
        self.doc.touch(Self::now());
        self.save();
        let detail = before.unwrap_or_else(|| self.describe(id));
        self.emit(event, detail);
        Ok(())
    }

    /// [`State::apply`], then a redraw (with the error as the panel's message).
    pub fn edit(&mut self, edit: Edit, event: &str, id: &str) {
        if let Err(e) = self.apply(edit, event, id) {
            self.message = Some(e);
        }
        self.redraw();
    }

    /// Whether an annotation is drawn and listed: its kind was asked for, or a reader made it
    /// (a reader's own notes always show); in reader mode only accepted ones.
    pub fn shows(&self, a: &quotelens_review::ReviewAnnotation) -> bool {
        use quotelens_review::Origin;
        (self.opts.kinds.contains(&a.kind) || a.origin == Origin::Manual)
            && (!self.opts.published || a.status == Status::Accepted)
    }

    /// What `ready` and `rescanned` tell the host.
    fn summary(&self, dropped: usize, restored: bool) -> Value {
        obj! {
            "widget": self.n, "annotations": self.doc.annotations.len(), "needsReview": self.lost.len(),
            "reanchored": self.reanchored, "dropped": dropped, "restored": restored,
        }
    }

    /// Reads the article again. Another page (client-side navigation: the storage key moved)
    /// opens that page's record; changed text on the same page re-anchors what is here. True
    /// when the text or the page changed.
    pub fn rescan(&mut self) -> bool {
        let map = highlight::read(&self.article, self.opts.exclude.as_deref());
        let key = store::key(&self.opts.key);
        if key == self.key && map.text == self.map.text {
            if !map.same_nodes(&self.map) {
                // the host re-rendered the same words: highlights follow the new nodes
                self.map = map;
                highlight::highlight(self);
            }
            return false;
        }
        let h = hash(&map.text);
        let loaded = if key == self.key {
            let mut l = Loaded {
                pending: false,
                doc: ReviewDoc::new(String::new(), String::new(), String::new(), 0.0),
                lost: Vec::new(),
                frozen: self.frozen.take(),
                reanchored: 0,
                dropped: 0,
                restored: true,
            };
            let old = std::mem::take(&mut self.lost);
            settle(&mut l, &self.doc, old, &map.text);
            l
        } else {
            open(&key, &map.text, &h, self.opts.worker)
        };
        (self.map, self.key, self.hash) = (map, key, h);
        (self.doc, self.lost, self.frozen, self.reanchored) =
            (loaded.doc, loaded.lost, loaded.frozen, loaded.reanchored);
        self.pending = loaded.pending;
        if self.selected.as_ref().is_some_and(|id| self.doc.annotation(id).is_none()) {
            self.selected = None;
        }
        self.message = None;
        self.save();
        self.redraw();
        let detail = self.summary(loaded.dropped, loaded.restored);
        self.emit("rescanned", detail);
        true
    }

    /// Reads the article again first when the host changed the words of its text nodes (a
    /// framework that reuses them): offsets into stale nodes would paint other words.
    /// True when it did: what the reader clicked on was drawn for the old text.
    pub fn ensure_fresh(&mut self) -> bool {
        self.map.stale() && self.rescan()
    }

    pub fn redraw(&mut self) {
        highlight::highlight(self);
        panel::render(self);
    }

    /// A manual note on the reader's selection inside the article.
    pub fn note_on_selection(&mut self) {
        // a paragraph the host added a moment ago is not in the map yet: read the article again
        let sel = self.map.selection().or_else(|| {
            self.rescan();
            self.map.selection()
        });
        let Some((s, e)) = sel else {
            self.message = Some("Select some words of the article first.".into());
            self.redraw();
            return;
        };
        let Some((s, e)) = self.doc.trim_selection(s, e) else { return };
        let id = self.doc.peek_annotation_id();
        self.selected = Some(id.clone());
        // typing goes into the new note (a space on the button would make another note)
        self.focus = Some(format!("textarea[data-id=\"{id}\"]"));
        self.edit(Edit::Add(NewAnnotation::new(ReviewKind::Note, s, e)), "created", &id);
    }

    /// Puts a "needs review" entry back on the article, on the reader's selection, with its
    /// status, note and speaker.
    pub fn place_lost(&mut self, i: usize) {
        let Some((start, end)) = self.map.selection().and_then(|(s, e)| self.doc.trim_selection(s, e)) else {
            self.message = Some("Select the words it belongs to in the article first.".into());
            return self.redraw();
        };
        let Some(item) = self.lost.get(i) else { return };
        let Some(a) = item.doc.annotations.first() else { return };
        let edit = Edit::Place { annotation: a.clone(), speaker: item.doc.speaker_of(a).cloned(), start, end };
        let id = match self.doc.apply_undoable(edit) {
            Ok(step) => step.added().next().map(str::to_string),
            Err(e) => {
                self.message = Some(e.to_string());
                return self.redraw();
            }
        };
        let Some(id) = id else { return };
        self.lost.remove(i);
        self.doc.touch(Self::now());
        self.save();
        self.selected = Some(id.clone());
        let detail = self.describe(&id);
        self.emit("created", detail);
        self.redraw();
    }
}

/// How many imported annotations are re-anchored or merged in one task before the page gets
/// its turn (a 50,000-annotation file blocked it for seconds in one task).
const SLICE: usize = 2000;

/// How long a slice of an import's reading may take before the page gets its turn (ms): well
/// under the 50 ms of a "long task", which the page would feel.
const SLICE_MS: f64 = 15.0;

/// Lets the page run (input, rendering) before going on: a task boundary through `setTimeout`.
async fn yield_now() {
    let p = js_sys::Promise::new(&mut |ok, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&ok);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// A JavaScript string copied into this memory 1 M characters at a time, a task each (a 10 MB
/// file in one copy is a long task of its own).
pub(crate) async fn take_string(js: &js_sys::JsString) -> String {
    const PIECE: u32 = 1 << 20;
    let n = js.length();
    let mut out = String::new();
    let mut at = 0;
    while at < n {
        let mut end = (at + PIECE).min(n);
        // (never between the two halves of a surrogate pair)
        if end < n && (0xd800..0xdc00).contains(&(js.char_code_at(end - 1) as u32)) {
            end -= 1;
        }
        out.push_str(&js.slice(at, end).as_string().unwrap_or_default());
        at = end;
        if at < n {
            yield_now().await;
        }
    }
    out
}

/// Work in slices of about [`SLICE_MS`]: [`Slices::pause`] lets the page run once the
/// current slice has used its time.
struct Slices {
    since: f64,
}

impl Slices {
    fn new() -> Slices {
        Slices { since: State::now() }
    }

    async fn pause(&mut self) {
        if State::now() - self.since >= SLICE_MS {
            yield_now().await;
            self.since = State::now();
        }
    }
}

/// Reads an import file with the page running in between: the JSON 64 KB at a time, a native
/// file's annotations 250 at a time (a W3C file is placed on the text in one go). The errors
/// are those of [`formats::import`].
async fn read_file(json: &str, text: &str) -> Result<formats::Imported, formats::ImportError> {
    let mut slices = Slices::new();
    let mut parser = formats::json::Parser::new(json);
    let value = loop {
        if let Some(v) = parser.step(1 << 16).map_err(formats::syntax)? {
            break v;
        }
        slices.pause().await;
    };
    if formats::is_w3c(&value) {
        return formats::import_value(value, Some(text));
    }
    let value = formats::migrate(value)?;
    let mut reader = formats::NativeReader::new(&value)?;
    while !reader.read(250)? {
        slices.pause().await;
    }
    slices.pause().await;
    reader.sort();
    yield_now().await;
    let doc = reader.finish();
    drop_in_slices(value).await;
    Ok(formats::Imported { doc: doc?, format: formats::Format::Native, reanchored: Vec::new(), orphans: Vec::new() })
}

/// Reads a native or W3C file for this article. Annotations made on other text are re-anchored
/// (what cannot be placed waits for review). They are merged: one with the id or the words and
/// kind of an annotation here updates it, the others are added, nothing is removed. `replace`
/// puts the file's annotations in place of all those here instead (the only way an import can
/// leave the article with fewer). Returns how many annotations the article has then.
pub(crate) async fn import(st: &Shared, json: &str, replace: bool) -> Result<usize, String> {
    // allowed in read-only and reader mode: the site's own code brings annotations in (the
    // panel has no Import button there)
    let text = st.borrow().doc.text.clone();
    let im = read_file(json, &text).await.map_err(|e| e.to_string())?;
    // the article's text now: should the host have changed it while the file was read, the
    // file's annotations are re-anchored onto the new text below
    let text = st.borrow().doc.text.clone();
    let mut lost: Vec<LostItem> =
        im.orphans.iter().map(|o| LostItem { doc: orphan_doc(&o.exact), best: 0.0 }).collect();
    let mut placed = Vec::with_capacity(im.doc.annotations.len());
    if im.doc.text == text {
        placed = im.doc.annotations.clone();
    } else {
        for chunk in im.doc.annotations.chunks(SLICE) {
            let mut part =
                ReviewDoc::new(im.doc.id.clone(), im.doc.title.clone(), im.doc.text.clone(), im.doc.created_ms);
            (part.speakers, part.annotations) = (im.doc.speakers.clone(), chunk.to_vec());
            (part.next_annotation, part.next_speaker) = (im.doc.next_annotation, im.doc.next_speaker);
            let r = reanchor(&part, &text, MIN_SCORE);
            lost.extend(r.lost.iter().map(|l| LostItem { doc: store::mini(&part, l), best: l.best }));
            placed.extend(r.doc.annotations);
            yield_now().await;
        }
    }
    let (mut created, mut changed, mut deleted) = (Vec::new(), Vec::new(), Vec::new());
    if replace {
        let mut s = st.borrow_mut();
        let mut doc = im.doc.clone();
        (doc.id, doc.text, doc.annotations) = (s.doc.id.clone(), text, placed);
        quotelens_review::sort_annotations(&mut doc.annotations);
        doc.fix_counters();
        doc.check().map_err(|e| e.to_string())?;
        for a in &s.doc.annotations {
            match doc.annotation(&a.id) {
                None => deleted.push(a.id.clone()),
                Some(b) if b != a => changed.push(a.id.clone()),
                Some(_) => {}
            }
        }
        created = doc.annotations.iter().filter(|b| s.doc.annotation(&b.id).is_none()).map(|b| b.id.clone()).collect();
        s.doc = doc;
    } else {
        // one edit of the model per slice (the page runs in between); a refused slice takes
        // back the ones before it
        let mut steps = Vec::new();
        for chunk in placed.chunks(SLICE) {
            let edit = Edit::MergeImported { annotations: chunk.to_vec(), roster: im.doc.speakers.clone() };
            merge_slice(&mut st.borrow_mut().doc, edit, &mut steps, &mut created, &mut changed)?;
            yield_now().await;
        }
    }
    let review = lost.len();
    {
        let mut s = st.borrow_mut();
        s.doc.touch(State::now());
        s.lost.extend(lost);
    }
    // saving a large document, drawing and telling the host are tasks of their own
    save_in_slices(st).await;
    yield_now().await;
    st.borrow_mut().redraw();
    yield_now().await;
    let mut s = st.borrow_mut();
    let detail = obj! {
        "widget": s.n, "created": created, "changed": changed, "deleted": deleted,
        "needsReview": review, "replaced": replace,
    };
    s.emit("imported", detail);
    Ok(s.doc.annotations.len())
}

/// [`State::save`] of a large document, written in slices with the page running in between
/// (a copy is written: should the reader change something meanwhile, that change has saved
/// the document already, and it is saved again as it is now).
async fn save_in_slices(st: &Shared) {
    let doc = {
        let s = st.borrow();
        if s.frozen.is_some() {
            return;
        }
        s.doc.clone()
    };
    let mut slices = Slices::new();
    let mut w = formats::NativeWriter::with(&doc, true);
    while !w.write(1000) {
        slices.pause().await;
    }
    let json = w.finish();
    yield_now().await;
    let mut s = st.borrow_mut();
    if s.doc != doc || s.frozen.is_some() {
        return s.save();
    }
    let r = store::save_json(&s.key, &s.hash, &json, &s.lost);
    s.saved(r);
}

/// Drops a large value a slice at a time (freeing 50,000 parsed annotations takes a while).
async fn drop_in_slices(mut value: formats::json::Value) {
    let mut slices = Slices::new();
    for key in ["annotations", "rejected"] {
        if let Some(list) = value.as_object_mut().and_then(|m| m.get_mut(key)).and_then(|v| v.as_array_mut()) {
            while !list.is_empty() {
                list.truncate(list.len().saturating_sub(500));
                slices.pause().await;
            }
        }
    }
}

/// One slice of an import, merged through the model ([`Edit::MergeImported`]); its step is kept
/// to take it back should a later slice be refused (then all of them are, and the error told).
fn merge_slice(
    doc: &mut ReviewDoc,
    edit: Edit,
    steps: &mut Vec<quotelens_review::Step>,
    created: &mut Vec<String>,
    changed: &mut Vec<String>,
) -> Result<(), String> {
    match doc.apply_undoable(edit) {
        Ok(step) => {
            created.extend(step.added().map(str::to_string));
            changed.extend(step.changed().map(str::to_string));
            steps.push(step);
            Ok(())
        }
        Err(e) => {
            for step in steps.drain(..).rev() {
                doc.revert(step);
            }
            Err(e.to_string())
        }
    }
}

/// The W3C export, its targets naming the page: the page's address first, the document's
/// `urn:quotelens:` id as a second source (the core writes only the latter).
pub(crate) fn w3c(doc: &ReviewDoc) -> String {
    let mut v = to_w3c_value(doc);
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string());
    let Some(page) = page else { return json_string(&v) };
    for item in v["first"]["items"].as_array_mut().into_iter().flatten() {
        let urn = item["target"].take();
        let mut on_page = urn.clone();
        on_page["source"] = page.clone().into();
        item["target"] = Value::Array(vec![on_page, urn]);
    }
    json_string(&v)
}

/// Articles longer than this (bytes) are extracted in the loader's worker when it has one: the
/// core takes about 1.5 ms per KB on the main thread (a 200 KB article: 280–330 ms in one task).
const WORKER_BYTES: usize = 32 * 1024;

/// Extraction for the loader's worker: the article's text to the core's native JSON.
#[wasm_bindgen(js_name = extractNative)]
pub fn extract_native(text: String, id: String, title: String, now: f64) -> String {
    to_native_json(&ReviewDoc::from_text(id, title, text, now))
}

/// What [`open`] found for a page's article: its document and what waits for review.
struct Loaded {
    /// Extraction is left to the worker.
    pending: bool,
    doc: ReviewDoc,
    lost: Vec<LostItem>,
    frozen: Option<String>,
    reanchored: usize,
    dropped: usize,
    restored: bool,
}

/// The stored record of `key` on `text` (re-anchored when the text changed), or a fresh
/// extraction when there is none. A record that cannot be read is kept and frozen.
fn open(key: &str, text: &str, h: &str, worker: bool) -> Loaded {
    let now = State::now();
    let pending = worker && text.len() > WORKER_BYTES;
    // one call site for the fallbacks (one copy of the code in the wasm); a long article is
    // left empty here and extracted by the loader's worker ([`Widget::extracted`])
    let fresh = || {
        let (id, text) = (format!("quotelens-{h}"), text.to_string());
        if pending {
            ReviewDoc::new(id, title(), text, now)
        } else {
            ReviewDoc::from_text(id, title(), text, now)
        }
    };
    let mut l = Loaded {
        pending: false,
        doc: ReviewDoc::new(String::new(), String::new(), String::new(), now),
        lost: Vec::new(),
        frozen: None,
        reanchored: 0,
        dropped: 0,
        restored: true,
    };
    match store::load(key) {
        Ok(None) => {
            l.restored = false;
            l.pending = pending;
            l.doc = fresh();
        }
        Ok(Some(rec)) if rec.hash == h && rec.doc.text == text => (l.doc, l.lost) = (rec.doc, rec.lost),
        Ok(Some(rec)) => settle(&mut l, &rec.doc, rec.lost, text),
        Err(e) => {
            l.frozen = Some(format!("Stored annotations could not be read ({e}); they are kept untouched, and changes made now are not saved: export them."));
            l.pending = pending;
            l.doc = fresh();
        }
    }
    // never expected (the core keeps documents valid), but then nothing is saved over the record
    if let Err(e) = l.doc.check() {
        l.frozen = Some(format!("The stored annotations did not fit this article ({e}); they are kept untouched, and changes made now are not saved."));
        (l.doc, l.lost, l.pending) = (fresh(), Vec::new(), pending);
    }
    l
}

/// Re-anchors `old` (and what was lost before) on the changed `text`; extraction adds
/// suggestions where no kept annotation stands (an added paragraph).
fn settle(l: &mut Loaded, old: &ReviewDoc, old_lost: Vec<LostItem>, text: &str) {
    let r = reanchor(old, text, MIN_SCORE);
    let mut doc = r.doc;
    // untouched suggestions of extraction whose words are gone are dropped (extraction
    // runs again on the new text); everything a reader touched waits for review
    let (stale, kept): (Vec<_>, Vec<_>) = r.lost.iter().partition(|x| untouched(&x.annotation));
    l.dropped = stale.len();
    let mut lost: Vec<LostItem> =
        kept.into_iter().map(|x| LostItem { doc: store::mini(old, x), best: x.best }).collect();
    for item in old_lost {
        let back = reanchor(&item.doc, text, MIN_SCORE);
        match back.doc.annotations.into_iter().next() {
            Some(a) if doc.annotation(&a.id).is_none() => {
                if let Some(s) = item.doc.speaker_of(&item.doc.annotations[0]) {
                    if doc.speaker(&s.id).is_none() {
                        doc.speakers.push(s.clone());
                    }
                }
                doc.annotations.push(a);
                quotelens_review::sort_annotations(&mut doc.annotations);
            }
            _ => lost.push(item),
        }
    }
    doc.fix_counters();
    // an added paragraph gets extraction's suggestions (the ids counted past every one in use);
    // the only refusal is ids used up, and then the document stays as re-anchored
    let _ = doc.apply(Edit::AddExtracted);
    l.reanchored = r.moved.len();
    (l.doc, l.lost) = (doc, lost);
}

/// An extracted suggestion nobody reviewed, annotated or linked.
fn untouched(a: &quotelens_review::ReviewAnnotation) -> bool {
    use quotelens_review::{Origin, Verdict};
    a.status == Status::Suggested
        && a.origin == Origin::Extracted
        && a.verdict == Verdict::Unchecked
        && a.note.is_empty()
        && a.tags.is_empty()
        && a.evidence.is_empty()
}

fn orphan_doc(exact: &str) -> ReviewDoc {
    let mut d = ReviewDoc::new(String::from("orphan"), String::new(), exact.to_string(), State::now());
    if !exact.is_empty() {
        let _ = d.apply(Edit::Add(NewAnnotation::new(ReviewKind::Note, 0, exact.len())));
    }
    d
}

/// FNV-1a, 64 bits, as hex: the article's content hash.
fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

/// One widget on one article. Made by the JS shim; the host reaches it as `article.quotelens`
/// or through the `<quotelens-annotator>` element's methods.
#[wasm_bindgen]
pub struct Widget {
    st: Shared,
    _listeners: Vec<Listener>,
}

#[wasm_bindgen]
impl Widget {
    /// `article`: the element whose text is annotated; `host`: the element that gets the
    /// panel's shadow root; `options`: `{readOnly, kinds, colors, key, wrap}` (strings).
    #[wasm_bindgen(constructor)]
    pub fn new(article: HtmlElement, host: HtmlElement, options: JsValue) -> Result<Widget, JsValue> {
        let n = COUNT.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        let opts = Options::read(&options);
        let map = highlight::read(&article, opts.exclude.as_deref());
        let text = map.text.clone();
        let h = hash(&text);
        let key = store::key(&opts.key);
        let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
        let shadow = match host.shadow_root() {
            Some(s) => s,
            None => host.attach_shadow(&init)?,
        };
        let loaded = open(&key, &text, &h, opts.worker);
        let st = Rc::new(RefCell::new(State {
            n,
            article: article.clone(),
            shadow,
            map,
            doc: loaded.doc,
            lost: loaded.lost,
            opts,
            key,
            hash: h,
            frozen: loaded.frozen,
            selected: None,
            focus: None,
            limit: panel::PAGE,
            open: false,
            message: None,
            reanchored: loaded.reanchored,
            pending: loaded.pending,
            announced: !loaded.pending,
            events: Vec::new(),
        }));
        let listeners = {
            let mut s = st.borrow_mut();
            panel::mount(&mut s, &host)?;
            s.save();
            s.redraw();
            if !s.pending {
                let detail = s.summary(loaded.dropped, loaded.restored);
                s.emit("ready", detail);
            }
            let mut l = panel::listen(&st, &s.shadow)?;
            // a click on highlighted words selects their annotation (and leaves the click be)
            let on = Rc::clone(&st);
            l.push(Listener::new(&article, "click", move |e| {
                let Some(m) = e.dyn_ref::<web_sys::MouseEvent>() else { return };
                let collapsed =
                    web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_none_or(|s| s.is_collapsed());
                if !collapsed {
                    return;
                }
                let mut s = on.borrow_mut();
                if s.ensure_fresh() {
                    drop(s);
                    return flush(&on);
                }
                let Some(at) = quotelens_dom::text::offset_at(&s.map, f64::from(m.client_x()), f64::from(m.client_y()))
                else {
                    return;
                };
                let hit = s
                    .doc
                    .annotations
                    .iter()
                    .filter(|a| a.start <= at && at < a.end && a.status != Status::Rejected && s.shows(a))
                    .min_by_key(|a| a.end - a.start)
                    .map(|a| a.id.clone());
                if let Some(id) = hit {
                    s.selected = Some(id);
                    s.open = true;
                    s.redraw();
                    panel::reveal(&s);
                }
            })?);
            l
        };
        let later = Rc::clone(&st);
        wasm_bindgen_futures::spawn_local(async move { flush(&later) });
        Ok(Widget { st, _listeners: listeners })
    }

    /// The document as Quotelens JSON (`quotelens_review::formats::native`).
    #[wasm_bindgen(js_name = exportNative)]
    pub fn export_native(&self) -> String {
        to_native_json(&self.st.borrow().doc)
    }

    /// The annotations as W3C Web Annotation JSON-LD (targets: the page's address, then the
    /// document's `urn:quotelens:` id).
    #[wasm_bindgen(js_name = exportW3c)]
    pub fn export_w3c(&self) -> String {
        w3c(&self.st.borrow().doc)
    }

    /// Reads either JSON format (see [`import`]): a promise of the number of annotations on the
    /// article after it. `options.replace = true` replaces instead of merging. Big files are
    /// read in slices, the page running between them.
    #[wasm_bindgen(js_name = import)]
    pub fn import_json(&self, json: JsValue, options: JsValue) -> js_sys::Promise {
        let replace = js_sys::Reflect::get(&options, &"replace".into()).is_ok_and(|v| v.is_truthy());
        let st = Rc::clone(&self.st);
        wasm_bindgen_futures::future_to_promise(async move {
            let r = match json.dyn_ref::<js_sys::JsString>() {
                Some(j) => import(&st, &take_string(j).await, replace).await,
                None => Err("expected the file's text (a string)".to_string()),
            };
            if let Err(e) = &r {
                let mut s = st.borrow_mut();
                s.message = Some(format!("Import refused: {e}"));
                s.redraw();
            }
            flush(&st);
            r.map(|n| JsValue::from(n as u32)).map_err(|e| js_sys::Error::new(&e).into())
        })
    }

    /// Annotations as `{id, kind, status, text, note, speaker}` objects, in document order:
    /// those the widget shows (its `kinds`, the reader's own notes; accepted ones in reader mode).
    pub fn annotations(&self) -> JsValue {
        let s = self.st.borrow();
        let list: Vec<Value> = s.doc.annotations.iter().filter(|a| s.shows(a)).map(|a| s.describe(&a.id)).collect();
        to_js(&Value::Array(list))
    }

    /// This widget's number on the page: its highlights are `quotelens<n>-quote`, `-claim`, …
    #[wasm_bindgen(getter)]
    pub fn number(&self) -> u32 {
        self.st.borrow().n
    }

    /// The annotations that wait for review after the text changed, as
    /// `{id, kind, status, text, note, speaker, best}` (`text`: the words it was made on;
    /// `best`: the best match any place of the new text reached, 0 to 1).
    #[wasm_bindgen(js_name = needsReview)]
    pub fn needs_review(&self) -> JsValue {
        let s = self.st.borrow();
        let list: Vec<Value> = s
            .lost
            .iter()
            .filter_map(|l| {
                let a = l.doc.annotations.first()?;
                Some(obj! {
                    "id": a.id.as_str(), "kind": a.kind.as_str(), "status": a.status.as_str(), "text": l.doc.text_of(a),
                    "note": a.note.as_str(), "speaker": l.doc.speaker_of(a).map(|x| x.name.as_str()),
                    "best": l.best,
                })
            })
            .collect();
        to_js(&Value::Array(list))
    }

    /// Sets an annotation's status: "accepted", "rejected" or "suggested". Throws on an
    /// unknown status or id, and in read-only or reader mode (nothing is changed then).
    #[wasm_bindgen(js_name = setStatus)]
    pub fn set_status(&self, id: &str, status: &str) -> Result<(), JsValue> {
        let status = Status::parse(status).ok_or_else(|| JsValue::from_str("unknown status"))?;
        let r = {
            let mut s = self.st.borrow_mut();
            if s.doc.annotation(id).is_none() {
                return Err(JsValue::from_str(&format!("no annotation {}", formats::json::quoted(id))));
            }
            let r = s.apply(Edit::SetStatus { id: id.into(), status }, "changed", id);
            if r.is_ok() {
                s.redraw();
            }
            r
        };
        flush(&self.st);
        r.map_err(|e| JsValue::from_str(&e))
    }

    /// Reads the article and the page address again (the loader calls it when either changed):
    /// true when something changed. Emits `quotelens:rescanned` then.
    pub fn rescan(&self) -> bool {
        let r = self.st.borrow_mut().rescan();
        flush(&self.st);
        r
    }

    /// The text the loader's worker should extract (`undefined` when nothing waits for it).
    pub fn pending(&self) -> Option<String> {
        let s = self.st.borrow();
        s.pending.then(|| s.doc.text.clone())
    }

    /// The worker's extraction ([`extract_native`] of [`Widget::pending`]'s text): its
    /// suggestions join what the reader made meanwhile. False when the text changed since.
    pub fn extracted(&self, json: &str) -> bool {
        let done = {
            let mut s = self.st.borrow_mut();
            let Ok(mut fresh) = quotelens_review::formats::from_native_json(json) else { return false };
            if !s.pending || fresh.text != s.doc.text {
                return false;
            }
            fresh.id = s.doc.id.clone();
            // what the reader made meanwhile joins the suggestions as an import would
            let mine = Edit::MergeImported { annotations: s.doc.annotations.clone(), roster: s.doc.speakers.clone() };
            if fresh.apply(mine).is_err() {
                return false;
            }
            s.doc = fresh;
            s.pending = false;
            s.save();
            s.redraw();
            let detail = s.summary(0, false);
            let what = if s.announced { "rescanned" } else { "ready" };
            s.announced = true;
            s.emit(what, detail);
            true
        };
        flush(&self.st);
        done
    }

    /// Removes the highlights and the panel (the stored annotations stay).
    pub fn destroy(&self) {
        let mut s = self.st.borrow_mut();
        s.opts.kinds.clear();
        highlight::forget(&s);
        s.shadow.set_inner_html("");
    }
}

fn title() -> String {
    web_sys::window().and_then(|w| w.document()).map(|d| d.title()).unwrap_or_default()
}

pub(crate) fn closest(ev: &Event, sel: &str) -> Option<Element> {
    ev.composed_path().iter().find_map(|t| t.dyn_into::<Element>().ok().filter(|e| e.matches(sel).unwrap_or(false)))
}

/// An event listener that is removed when dropped.
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    f: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        f: impl FnMut(web_sys::Event) + 'static,
    ) -> Result<Listener, JsValue> {
        let f = Closure::<dyn FnMut(web_sys::Event)>::new(f);
        target.add_event_listener_with_callback(kind, f.as_ref().unchecked_ref())?;
        Ok(Listener { target: target.clone(), kind, f })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.kind, self.f.as_ref().unchecked_ref());
    }
}
