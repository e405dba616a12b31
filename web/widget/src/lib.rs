//! The embeddable Quotelens widget: reads the text of one article element on a host page, runs
//! the core's extraction on it, highlights quotes and claims in place (CSS Custom Highlight API,
//! or minimal wrapping where the browser lacks it) and adds a floating review panel in a shadow
//! root. Annotations are kept in `localStorage` per page URL and article, with the article's
//! content hash; when the text changed they are re-anchored by the core ([`quotelens_core::anchor`]).
//!
//! Everything here is DOM work: extraction, the review model, formats and re-anchoring are the
//! core's. The custom element and the `[data-quotelens]` scan live in the JS shim
//! (`web/widget/quotelens-widget.js`), because wasm-bindgen cannot subclass `HTMLElement`.
#![cfg(target_arch = "wasm32")]

mod dom;
mod panel;
mod store;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use quotelens_core::anchor::{reanchor, MIN_SCORE};
use quotelens_core::formats::{self, to_native_json, to_w3c_json};
use quotelens_core::review::{annotation_order, Edit, NewAnnotation, ReviewDoc, ReviewKind, Speaker, Status};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, ShadowRoot};

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
        Options { read_only: flag("readOnly"), kinds, colors, key: get("key").unwrap_or_default(), wrap: flag("wrap") }
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
    pub map: dom::TextMap,
    pub doc: ReviewDoc,
    pub lost: Vec<LostItem>,
    pub opts: Options,
    pub key: String,
    pub hash: String,
    /// Why storage must not be written (the stored record could not be read: it is kept).
    pub frozen: Option<String>,
    pub selected: Option<String>,
    pub open: bool,
    pub message: Option<String>,
    pub reanchored: usize,
    pub events: Vec<(String, serde_json::Value)>,
}

type Shared = Rc<RefCell<State>>;

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
        init.set_detail(&js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL));
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
    pub fn emit(&mut self, what: &str, detail: serde_json::Value) {
        self.events.push((what.to_string(), detail));
    }

    pub fn describe(&self, id: &str) -> serde_json::Value {
        match self.doc.annotation(id) {
            Some(a) => serde_json::json!({
                "widget": self.n, "id": a.id, "kind": a.kind.as_str(), "status": a.status.as_str(),
                "text": self.doc.text_of(a), "note": a.note,
                "speaker": self.doc.speaker_of(a).map(|s| s.name.clone()),
            }),
            None => serde_json::json!({ "widget": self.n, "id": id }),
        }
    }

    pub fn save(&mut self) {
        if self.frozen.is_some() {
            return;
        }
        if let Err(e) = store::save(&self.key, &self.hash, &self.doc, &self.lost) {
            self.message = Some(format!("Not saved: {e}. Export to keep your changes."));
        }
    }

    /// Applies an edit, saves, tells the host, redraws.
    pub fn edit(&mut self, edit: Edit, event: &str, id: &str) {
        if self.opts.read_only {
            return;
        }
        let before = (event == "deleted").then(|| self.describe(id));
        match self.doc.apply(edit) {
            Ok(()) => {
                self.doc.touch(Self::now());
                self.save();
                let detail = before.unwrap_or_else(|| self.describe(id));
                self.emit(event, detail);
            }
            Err(e) => self.message = Some(e.to_string()),
        }
        self.redraw();
    }

    pub fn redraw(&mut self) {
        dom::highlight(self);
        panel::render(self);
    }

    /// A manual note on the reader's selection inside the article.
    pub fn note_on_selection(&mut self) {
        let Some((s, e)) = dom::selection(&self.map) else {
            self.message = Some("Select some words of the article first.".into());
            self.redraw();
            return;
        };
        let Some((s, e)) = self.doc.trim_selection(s, e) else { return };
        let id = self.doc.peek_annotation_id();
        self.selected = Some(id.clone());
        self.edit(Edit::Add(NewAnnotation::new(ReviewKind::Note, s, e)), "created", &id);
    }

    /// Puts a "needs review" entry back on the article, on the reader's selection, with its
    /// status, note and speaker.
    pub fn place_lost(&mut self, i: usize) {
        let Some((start, end)) = dom::selection(&self.map).and_then(|(s, e)| self.doc.trim_selection(s, e)) else {
            self.message = Some("Select the words it belongs to in the article first.".into());
            return self.redraw();
        };
        let Some(item) = self.lost.get(i) else { return };
        let Some(a) = item.doc.annotations.first() else { return };
        let mut b = a.clone();
        if self.doc.annotation(&b.id).is_some() {
            b.id = self.doc.peek_annotation_id();
        }
        (b.start, b.end, b.cue, b.source) = (start, end, None, None);
        if let Some(sp) = item.doc.speaker_of(a) {
            if self.doc.speaker(&sp.id).is_none() {
                match self.doc.speaker_named(&sp.name) {
                    Some(x) => b.speaker = Some(x.id.clone()),
                    None => self.doc.speakers.push(sp.clone()),
                }
            }
        }
        let before = self.doc.clone();
        let id = b.id.clone();
        self.doc.annotations.push(b);
        self.doc.annotations.sort_by(annotation_order);
        self.doc.fix_counters();
        if let Err(e) = self.doc.check() {
            self.doc = before;
            self.message = Some(e.to_string());
            return self.redraw();
        }
        self.lost.remove(i);
        self.doc.touch(Self::now());
        self.save();
        self.selected = Some(id.clone());
        let detail = self.describe(&id);
        self.emit("created", detail);
        self.redraw();
    }

    /// Reads a native or W3C file for this article; other text is re-anchored.
    pub fn import(&mut self, json: &str) -> Result<usize, String> {
        if self.opts.read_only {
            return Err("read-only".into());
        }
        let im = formats::import(json, Some(&self.doc.text)).map_err(|e| e.to_string())?;
        let mut lost: Vec<LostItem> =
            im.orphans.iter().map(|o| LostItem { doc: orphan_doc(&o.exact), best: 0.0 }).collect();
        let mut doc = if im.doc.text == self.doc.text {
            im.doc
        } else {
            let r = reanchor(&im.doc, &self.doc.text, MIN_SCORE);
            lost.extend(r.lost.iter().map(|l| LostItem { doc: store::mini(&im.doc, l), best: l.best }));
            r.doc
        };
        doc.id = self.doc.id.clone();
        let old: Vec<String> = self.doc.annotations.iter().map(|a| a.id.clone()).collect();
        let new: Vec<String> = doc.annotations.iter().map(|a| a.id.clone()).collect();
        self.doc = doc;
        self.lost.extend(lost);
        self.save();
        for id in old.iter().filter(|i| !new.contains(i)) {
            let detail = serde_json::json!({ "widget": self.n, "id": id });
            self.emit("deleted", detail);
        }
        for id in &new {
            let detail = self.describe(id);
            self.emit(if old.contains(id) { "changed" } else { "created" }, detail);
        }
        self.redraw();
        Ok(new.len())
    }
}

/// An extracted suggestion nobody reviewed, annotated or linked.
fn untouched(a: &quotelens_core::review::ReviewAnnotation) -> bool {
    use quotelens_core::review::{Origin, Verdict};
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

/// New suggestions from extraction where no kept annotation stands (an added paragraph).
fn add_new_suggestions(doc: &mut ReviewDoc) {
    let fresh = ReviewDoc::from_text(String::from("x"), String::new(), doc.text.clone(), 0.0);
    let mut added = false;
    for a in fresh.annotations {
        if doc.annotations.iter().any(|b| b.start < a.end && a.start < b.end) {
            continue;
        }
        let mut b = a.clone();
        b.id = doc.peek_annotation_id();
        doc.next_annotation += 1;
        b.speaker = fresh.speakers.iter().find(|s| Some(&s.id) == a.speaker.as_ref()).map(|s| {
            match doc.speaker_named(&s.name) {
                Some(x) => x.id.clone(),
                None => {
                    let id = doc.peek_speaker_id();
                    doc.next_speaker += 1;
                    doc.speakers.push(Speaker { id: id.clone(), name: s.name.clone(), kind: s.kind });
                    id
                }
            }
        });
        doc.annotations.push(b);
        added = true;
    }
    if added {
        doc.annotations.sort_by(annotation_order);
    }
}

/// One widget on one article. Made by the JS shim; the host reaches it as `article.quotelens`
/// or through the `<quotelens-annotator>` element's methods.
#[wasm_bindgen]
pub struct Widget {
    st: Shared,
    _listeners: Vec<dom::Listener>,
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
        let map = dom::TextMap::read(&article);
        let text = map.text.clone();
        let h = hash(&text);
        let key = store::key(&opts.key);
        let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
        let shadow = match host.shadow_root() {
            Some(s) => s,
            None => host.attach_shadow(&init)?,
        };
        let now = State::now();
        // one call site for the three fallbacks (one copy of the code in the wasm)
        let fresh = || ReviewDoc::from_text(format!("quotelens-{h}"), title(), text.clone(), now);
        let mut frozen = None;
        let mut reanchored = 0;
        let mut dropped = 0;
        let mut created = true;
        let (doc, lost) = match store::load(&key) {
            Ok(None) => (fresh(), Vec::new()),
            Ok(Some(rec)) if rec.hash == h && rec.doc.text == text => {
                created = false;
                (rec.doc, rec.lost)
            }
            Ok(Some(rec)) => {
                // the article changed: re-anchor what was stored, and what was lost before
                created = false;
                let r = reanchor(&rec.doc, &text, MIN_SCORE);
                let mut doc = r.doc;
                // untouched suggestions of extraction whose words are gone are dropped (extraction
                // runs again on the new text); everything a reader touched waits for review
                let (stale, kept): (Vec<_>, Vec<_>) = r.lost.iter().partition(|l| untouched(&l.annotation));
                dropped = stale.len();
                let mut lost: Vec<LostItem> =
                    kept.into_iter().map(|l| LostItem { doc: store::mini(&rec.doc, l), best: l.best }).collect();
                for item in rec.lost {
                    let back = reanchor(&item.doc, &text, MIN_SCORE);
                    match back.doc.annotations.into_iter().next() {
                        Some(a) if doc.annotation(&a.id).is_none() => {
                            if let Some(s) = item.doc.speaker_of(&item.doc.annotations[0]) {
                                if doc.speaker(&s.id).is_none() {
                                    doc.speakers.push(s.clone());
                                }
                            }
                            doc.annotations.push(a);
                            doc.annotations.sort_by(annotation_order);
                        }
                        _ => lost.push(item),
                    }
                }
                doc.fix_counters();
                add_new_suggestions(&mut doc);
                reanchored = r.moved.len();
                (doc, lost)
            }
            Err(e) => {
                frozen = Some(format!("Stored annotations could not be read ({e}); they are kept untouched, and changes made now are not saved: export them."));
                (fresh(), Vec::new())
            }
        };
        // never expected (the core keeps documents valid), but then nothing is saved over the record
        let (doc, lost) = match doc.check() {
            Ok(()) => (doc, lost),
            Err(e) => {
                frozen = Some(format!("The stored annotations did not fit this article ({e}); they are kept untouched, and changes made now are not saved."));
                (fresh(), Vec::new())
            }
        };
        let st = Rc::new(RefCell::new(State {
            n,
            article: article.clone(),
            shadow,
            map,
            doc,
            lost,
            opts,
            key,
            hash: h,
            frozen,
            selected: None,
            open: false,
            message: None,
            reanchored,
            events: Vec::new(),
        }));
        let listeners = {
            let mut s = st.borrow_mut();
            panel::mount(&mut s, &host)?;
            s.save();
            s.redraw();
            let detail = serde_json::json!({
                "widget": s.n, "annotations": s.doc.annotations.len(), "needsReview": s.lost.len(),
                "reanchored": s.reanchored, "dropped": dropped, "restored": !created,
            });
            s.emit("ready", detail);
            let mut l = panel::listen(&st, &s.shadow)?;
            // a click on highlighted words selects their annotation (and leaves the click be)
            let on = Rc::clone(&st);
            l.push(dom::Listener::new(&article, "click", move |e| {
                let Some(m) = e.dyn_ref::<web_sys::MouseEvent>() else { return };
                let collapsed =
                    web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_none_or(|s| s.is_collapsed());
                if !collapsed {
                    return;
                }
                let mut s = on.borrow_mut();
                let Some(at) = dom::offset_at(&s.map, f64::from(m.client_x()), f64::from(m.client_y())) else { return };
                let hit = s
                    .doc
                    .annotations
                    .iter()
                    .filter(|a| {
                        a.start <= at && at < a.end && a.status != Status::Rejected && s.opts.kinds.contains(&a.kind)
                    })
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

    /// The document as Quotelens JSON (`quotelens_core::formats::native`).
    #[wasm_bindgen(js_name = exportNative)]
    pub fn export_native(&self) -> String {
        to_native_json(&self.st.borrow().doc)
    }

    /// The annotations as W3C Web Annotation JSON-LD.
    #[wasm_bindgen(js_name = exportW3c)]
    pub fn export_w3c(&self) -> String {
        to_w3c_json(&self.st.borrow().doc)
    }

    /// Reads either JSON format; annotations made on other text are re-anchored (the rest is
    /// listed as needing review). Returns the number of annotations now on the article.
    #[wasm_bindgen(js_name = import)]
    pub fn import_json(&self, json: &str) -> Result<usize, JsValue> {
        let r = {
            let mut s = self.st.borrow_mut();
            let r = s.import(json);
            if let Err(e) = &r {
                s.message = Some(format!("Import refused: {e}"));
                s.redraw();
            }
            r
        };
        flush(&self.st);
        r.map_err(|e| JsValue::from_str(&e))
    }

    /// Annotations as `{id, kind, status, text, note, speaker}` objects, in document order.
    pub fn annotations(&self) -> JsValue {
        let s = self.st.borrow();
        let list: Vec<serde_json::Value> = s.doc.annotations.iter().map(|a| s.describe(&a.id)).collect();
        js_sys::JSON::parse(&serde_json::Value::Array(list).to_string()).unwrap_or(JsValue::NULL)
    }

    /// This widget's number on the page: its highlights are `quotelens<n>-quote`, `-claim`, …
    #[wasm_bindgen(getter)]
    pub fn number(&self) -> u32 {
        self.st.borrow().n
    }

    /// How many annotations wait for review after the text changed.
    #[wasm_bindgen(js_name = needsReview)]
    pub fn needs_review(&self) -> usize {
        self.st.borrow().lost.len()
    }

    /// Sets an annotation's status: "accepted", "rejected" or "suggested".
    #[wasm_bindgen(js_name = setStatus)]
    pub fn set_status(&self, id: &str, status: &str) -> Result<(), JsValue> {
        let status = Status::parse(status).ok_or_else(|| JsValue::from_str("unknown status"))?;
        self.st.borrow_mut().edit(Edit::SetStatus { id: id.into(), status }, "changed", id);
        flush(&self.st);
        Ok(())
    }

    /// Removes the highlights and the panel (the stored annotations stay).
    pub fn destroy(&self) {
        let mut s = self.st.borrow_mut();
        s.opts.kinds.clear();
        dom::highlight(&mut s);
        dom::forget(&s);
        s.shadow.set_inner_html("");
    }
}

fn title() -> String {
    web_sys::window().and_then(|w| w.document()).map(|d| d.title()).unwrap_or_default()
}

pub(crate) fn closest(ev: &Event, sel: &str) -> Option<Element> {
    ev.composed_path().iter().find_map(|t| t.dyn_into::<Element>().ok().filter(|e| e.matches(sel).unwrap_or(false)))
}
