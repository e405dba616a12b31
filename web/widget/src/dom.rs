//! The host article's text and its highlights: a map from the text the core reads to the
//! article's text nodes, CSS Custom Highlights (or `<quotelens-mark>` wrapping as a fallback),
//! and the reader's selection back to text offsets.

use js_sys::{Array, Function, Reflect};
use quotelens_review::{ReviewKind, Status};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, EventTarget, HtmlElement, Node, Range, Text};

use crate::State;

/// Elements whose text starts a new line for the core (it reads one paragraph a line).
const BLOCKS: &[&str] = &[
    "P",
    "DIV",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "LI",
    "BLOCKQUOTE",
    "PRE",
    "SECTION",
    "ARTICLE",
    "HEADER",
    "FOOTER",
    "FIGCAPTION",
    "DD",
    "DT",
    "TD",
    "TH",
    "TR",
    "UL",
    "OL",
    "TABLE",
    "ASIDE",
    "MAIN",
    "FIGURE",
    "BR",
    "HR",
];
/// Elements whose text is not article text.
const SKIP: &[&str] = &["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "SELECT", "QUOTELENS-ANNOTATOR"];

/// One text node and where its text stands in [`TextMap::text`].
pub struct Seg {
    pub byte: usize,
    pub node: Text,
    pub data: String,
}

/// The article's text as the core reads it: text nodes in order, a newline between blocks,
/// tabs and newlines inside a node read as spaces (same length, so offsets map one to one).
pub struct TextMap {
    pub text: String,
    pub segs: Vec<Seg>,
}

/// Newlines and tabs inside a text node read as spaces (same length).
fn norm(data: &str) -> impl Iterator<Item = char> + '_ {
    data.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c })
}

fn doc() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

impl TextMap {
    /// `exclude`: a selector of elements whose text is left out (an invalid one excludes nothing).
    pub fn read(root: &HtmlElement, exclude: Option<&str>) -> TextMap {
        let mut text = String::new();
        let mut segs = Vec::new();
        let mut last_block: Option<Node> = None;
        let Ok(walker) = doc().create_tree_walker_with_what_to_show(root, 4) else {
            return TextMap { text, segs };
        };
        while let Ok(Some(node)) = walker.next_node() {
            let Ok(t) = node.clone().dyn_into::<Text>() else { continue };
            let mut block: Option<Node> = None;
            let mut skip = false;
            let mut up = node.parent_element();
            while let Some(el) = up {
                let tag = el.tag_name().to_ascii_uppercase();
                if SKIP.contains(&tag.as_str()) || exclude.is_some_and(|x| el.matches(x).unwrap_or(false)) {
                    skip = true;
                    break;
                }
                if block.is_none() && BLOCKS.contains(&tag.as_str()) {
                    block = Some(el.clone().into());
                }
                if root.is_same_node(Some(&el)) {
                    break;
                }
                up = el.parent_element();
            }
            if skip {
                continue;
            }
            let data: String = norm(&t.data()).collect();
            let same = match (&block, &last_block) {
                (Some(a), Some(b)) => a.is_same_node(Some(b)),
                _ => false,
            };
            if !same {
                if data.trim().is_empty() {
                    continue;
                }
                if !text.is_empty() {
                    text.push('\n');
                }
                last_block = block;
            }
            segs.push(Seg { byte: text.len(), node: t, data: data.clone() });
            text.push_str(&data);
        }
        TextMap { text, segs }
    }

    /// True when a text node was taken out or its words changed since it was read.
    pub fn stale(&self) -> bool {
        self.segs.iter().any(|s| !s.node.is_connected() || !norm(&s.node.data()).eq(s.data.chars()))
    }

    pub fn same_nodes(&self, other: &TextMap) -> bool {
        self.segs.len() == other.segs.len()
            && self.segs.iter().zip(&other.segs).all(|(a, b)| a.node.is_same_node(Some(b.node.as_ref())))
    }

    /// The DOM position of a byte offset: `end` picks the node that ends there over the one
    /// that starts there.
    fn position(&self, b: usize, end: bool) -> Option<(&Text, u32)> {
        let i = if end {
            self.segs.iter().position(|s| s.byte < b && b <= s.byte + s.data.len())
        } else {
            self.segs
                .iter()
                .position(|s| s.byte <= b && b < s.byte + s.data.len())
                .or_else(|| self.segs.iter().position(|s| s.byte >= b))
        }?;
        let s = &self.segs[i];
        let local = b.saturating_sub(s.byte).min(s.data.len());
        let local = if end || local > 0 { local } else { 0 };
        let units = s.data.get(..local)?.encode_utf16().count();
        Some((&s.node, units as u32))
    }

    pub fn range(&self, start: usize, end: usize) -> Option<Range> {
        let (sn, so) = self.position(start, false)?;
        let (en, eo) = self.position(end, true)?;
        let r = doc().create_range().ok()?;
        r.set_start(sn, so).ok()?;
        r.set_end(en, eo).ok()?;
        Some(r)
    }

    /// The byte offset of a DOM position inside one of the article's text nodes.
    fn offset(&self, node: &Node, units: u32) -> Option<usize> {
        let s = self.segs.iter().find(|s| s.node.is_same_node(Some(node)))?;
        let mut left = units as usize;
        for (i, c) in s.data.char_indices() {
            if left == 0 {
                return Some(s.byte + i);
            }
            left = left.saturating_sub(c.len_utf16());
        }
        Some(s.byte + s.data.len())
    }
}

/// The byte offset under a point of the viewport (a click), when it is in the article's text.
pub fn offset_at(map: &TextMap, x: f64, y: f64) -> Option<usize> {
    let d: JsValue = doc().into();
    let (x, y) = (JsValue::from_f64(x), JsValue::from_f64(y));
    if let Some(p) = call(&d, "caretPositionFromPoint", &[x.clone(), y.clone()]).filter(|p| !p.is_null()) {
        let node: Node = Reflect::get(&p, &"offsetNode".into()).ok()?.dyn_into().ok()?;
        let off = Reflect::get(&p, &"offset".into()).ok()?.as_f64()? as u32;
        return map.offset(&node, off);
    }
    let r: Range = call(&d, "caretRangeFromPoint", &[x, y])?.dyn_into().ok()?;
    map.offset(&r.start_container().ok()?, r.start_offset().ok()?)
}

/// The reader's selection as byte offsets, when it lies in the article's text.
pub fn selection(map: &TextMap) -> Option<(usize, usize)> {
    let sel = web_sys::window()?.get_selection().ok()??;
    if sel.range_count() == 0 || sel.is_collapsed() {
        return None;
    }
    let r = sel.get_range_at(0).ok()?;
    let s = map.offset(&r.start_container().ok()?, r.start_offset().ok()?)?;
    let e = map.offset(&r.end_container().ok()?, r.end_offset().ok()?)?;
    (s < e).then_some((s, e))
}

fn highlight_registry() -> Option<JsValue> {
    let css = Reflect::get(&js_sys::global(), &"CSS".into()).ok()?;
    let reg = Reflect::get(&css, &"highlights".into()).ok()?;
    (!reg.is_undefined() && !reg.is_null()).then_some(reg)
}

fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: Function = Reflect::get(obj, &method.into()).ok()?.dyn_into().ok()?;
    f.apply(obj, &args.iter().collect::<Array>()).ok()
}

fn name(n: u32, what: &str) -> String {
    format!("quotelens{n}-{what}")
}

const NAMES: &[&str] = &["quote", "claim", "term", "note", "accepted", "selected"];

/// Draws the highlights of the kinds the host asked for (rejected ones are not drawn).
pub fn highlight(s: &mut State) {
    let reg = if s.opts.wrap { None } else { highlight_registry() };
    let mut ranges: Vec<(&str, Range)> = Vec::new();
    for a in s.doc.annotations.iter().filter(|a| a.status != Status::Rejected && s.shows(a)) {
        let Some(r) = s.map.range(a.start, a.end) else { continue };
        ranges.push((a.kind.as_str(), r.clone()));
        if a.status == Status::Accepted {
            ranges.push(("accepted", r.clone()));
        }
        if s.selected.as_deref() == Some(a.id.as_str()) {
            ranges.push(("selected", r));
        }
    }
    match reg {
        Some(reg) => {
            let ctor =
                Reflect::get(&js_sys::global(), &"Highlight".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
            for what in NAMES {
                let key = JsValue::from_str(&name(s.n, what));
                let list: Array =
                    ranges.iter().filter(|(k, _)| k == what).map(|(_, r)| JsValue::from(r.clone())).collect();
                if list.length() == 0 {
                    call(&reg, "delete", &[key]);
                    continue;
                }
                if let Some(h) = ctor.as_ref().and_then(|c| Reflect::construct(c, &list).ok()) {
                    call(&reg, "set", &[key, h]);
                }
            }
        }
        None => wrap(s),
    }
    style(s);
}

/// The fallback: each annotation's text nodes wrapped in `<quotelens-mark>` (inline, styled
/// by an inline `background`), old marks unwrapped first. Only the kind's colour is drawn.
fn wrap(s: &mut State) {
    unwrap(&s.article);
    s.map = TextMap::read(&s.article, s.opts.exclude.as_deref());
    let d = doc();
    for a in s.doc.annotations.iter().rev().filter(|a| a.status != Status::Rejected && s.shows(a)) {
        let color = s.opts.color(a.kind);
        // the pieces of this annotation, last first, so earlier offsets stay valid
        for seg in s.map.segs.iter().rev() {
            let (lo, hi) = (a.start.max(seg.byte), a.end.min(seg.byte + seg.data.len()));
            if lo >= hi {
                continue;
            }
            let Ok(r) = d.create_range() else { continue };
            let u = |b: usize| seg.data.get(..b - seg.byte).map_or(0, |x| x.encode_utf16().count()) as u32;
            // later pieces were split off first, so this one is still inside the first node
            let node: &Node = seg.node.as_ref();
            let len = seg.node.length();
            if r.set_start(node, u(lo).min(len)).is_err() || r.set_end(node, u(hi).min(len)).is_err() || r.collapsed() {
                continue;
            }
            let Ok(mark) = d.create_element("quotelens-mark") else { continue };
            mark.set_attribute("data-quotelens-mark", &s.n.to_string()).ok();
            // through the CSSOM, which a host's `style-src` does not block (a style attribute would be)
            if let Some(h) = mark.dyn_ref::<HtmlElement>() {
                let _ = h.style().set_property_with_priority("background-color", &color, "important");
            }
            let _ = r.surround_contents(&mark);
        }
    }
    s.map = TextMap::read(&s.article, s.opts.exclude.as_deref());
}

fn unwrap(root: &HtmlElement) {
    let Ok(marks) = root.query_selector_all("quotelens-mark") else { return };
    for i in 0..marks.length() {
        let Some(m) = marks.item(i) else { continue };
        let Some(parent) = m.parent_node() else { continue };
        while let Some(c) = m.first_child() {
            let _ = parent.insert_before(&c, Some(&m));
        }
        let _ = parent.remove_child(&m);
        parent.normalize();
    }
}

/// The `::highlight()` rules of this widget, in a constructed style sheet adopted by the
/// document: it names only this widget's highlights, so it can touch no host element.
fn style(s: &State) {
    let mut css = String::new();
    for k in ReviewKind::ALL {
        css.push_str(&format!("::highlight({}){{background-color:{}}}", name(s.n, k.as_str()), s.opts.color(*k)));
    }
    css.push_str(&format!("::highlight({}){{text-decoration:underline 2px}}", name(s.n, "accepted")));
    css.push_str(&format!("::highlight({}){{background-color:#f97316;color:#000}}", name(s.n, "selected")));
    let d = doc();
    let Ok(list) = Reflect::get(&d, &"adoptedStyleSheets".into()) else { return };
    let list: Array = list.dyn_into().unwrap_or_default();
    let mark = JsValue::from_str(&format!("quotelens{}", s.n));
    let old = list.iter().position(|x| Reflect::get(&x, &"quotelensOwner".into()).ok().as_ref() == Some(&mark));
    let sheet = match old {
        Some(i) => list.get(i as u32),
        None => {
            let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
            let _ = Reflect::set(&sheet, &"quotelensOwner".into(), &mark);
            let next = list.slice(0, list.length());
            next.push(&sheet);
            let _ = Reflect::set(&d, &"adoptedStyleSheets".into(), &next);
            sheet.into()
        }
    };
    if let Ok(sheet) = sheet.dyn_into::<web_sys::CssStyleSheet>() {
        let _ = sheet.replace_sync(&css);
    }
}

/// Removes this widget's highlights, marks and style sheet.
pub fn forget(s: &State) {
    if let Some(reg) = highlight_registry() {
        for what in NAMES {
            call(&reg, "delete", &[JsValue::from_str(&name(s.n, what))]);
        }
    }
    unwrap(&s.article);
    let d = doc();
    if let Ok(list) = Reflect::get(&d, &"adoptedStyleSheets".into()) {
        let mark = JsValue::from_str(&format!("quotelens{}", s.n));
        let list: Array = list.dyn_into().unwrap_or_default();
        let keep: Array =
            list.iter().filter(|x| Reflect::get(x, &"quotelensOwner".into()).ok().as_ref() != Some(&mark)).collect();
        let _ = Reflect::set(&d, &"adoptedStyleSheets".into(), &keep);
    }
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

pub fn el(tag: &str, class: &str, text: &str) -> Element {
    let e = doc().create_element(tag).expect("an element");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    e
}
