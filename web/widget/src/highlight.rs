//! The highlights on the host article: CSS Custom Highlights over the ranges of the article's
//! text map ([`quotelens_dom::text::TextMap`]), or `<quotelens-mark>` wrapping as a fallback.

use js_sys::{Array, Function, Reflect};
use quotelens_dom::text::TextMap;
use quotelens_review::{ReviewKind, Status};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement, Node, Range};

use crate::State;

fn doc() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// The article's text map, leaving out what the host's `exclude` selector names (an invalid
/// selector excludes nothing).
pub fn read(article: &HtmlElement, exclude: Option<&str>) -> TextMap {
    TextMap::read(article, |e| exclude.is_some_and(|x| e.matches(x).unwrap_or(false)))
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
    // annotations on the same words paint the same: one range per highlight and words (an
    // import can bring thousands on the same words). `annotations` is sorted by words.
    let mut words = (usize::MAX, 0);
    let mut drawn: Vec<&str> = Vec::new();
    for a in s.doc.annotations.iter().filter(|a| a.status != Status::Rejected && s.shows(a)) {
        if (a.start, a.end) != words {
            (words, drawn) = ((a.start, a.end), Vec::new());
        }
        let mut names = vec![a.kind.as_str()];
        if a.status == Status::Accepted {
            names.push("accepted");
        }
        if s.selected.as_deref() == Some(a.id.as_str()) {
            names.push("selected");
        }
        names.retain(|n| !drawn.contains(n));
        if names.is_empty() {
            continue;
        }
        let Some(r) = s.map.range(a.start, a.end) else { continue };
        for n in names {
            drawn.push(n);
            ranges.push((n, r.clone()));
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
    s.map = read(&s.article, s.opts.exclude.as_deref());
    let d = doc();
    // (one mark per kind and words, as one range above)
    let mut words = (usize::MAX, 0);
    let mut drawn = Vec::new();
    for a in s.doc.annotations.iter().rev().filter(|a| a.status != Status::Rejected && s.shows(a)) {
        if (a.start, a.end) != words {
            (words, drawn) = ((a.start, a.end), Vec::new());
        }
        if drawn.contains(&a.kind) {
            continue;
        }
        drawn.push(a.kind);
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
    s.map = read(&s.article, s.opts.exclude.as_deref());
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
