//! The floating panel, drawn in the widget's shadow root: a tab with the counts, and when open
//! the list of annotations (accept, reject, note), what needs review, and export/import. Its
//! style sheet is adopted by the shadow root only; `:host` resets everything the host's CSS
//! could have set on the host element (`!important` inside a shadow tree beats the page's).

use std::rc::Rc;

use js_sys::{Array, Reflect};
use quotelens_core::review::{Edit, Origin, Status};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot};

use crate::dom::{el, Listener};
use crate::{closest, flush, Shared, State};

const CSS: &str = "
:host{all:initial!important;display:block!important;position:fixed!important;bottom:16px!important;z-index:2147483000!important;
 width:auto!important;height:auto!important;margin:0!important;padding:0!important;border:0!important;visibility:visible!important;opacity:1!important;transform:none!important}
.ql{all:initial;display:flex;flex-direction:column-reverse;align-items:flex-end;gap:8px;font:14px/1.4 system-ui,sans-serif;color:#111;color-scheme:light}
.ql *{box-sizing:border-box;font:inherit;color:inherit}
button,label.import{all:initial;font:inherit;color:#111;cursor:pointer;background:#f3f4f6;border:1px solid #9ca3af;border-radius:6px;padding:4px 10px;display:inline-block}
button:focus-visible,label.import:focus-within{outline:2px solid #2563eb;outline-offset:2px}
.tab{background:#111827;color:#fff;border-color:#111827;border-radius:999px;padding:8px 14px;box-shadow:0 2px 8px #0004}
.body{display:flex;flex-direction:column;gap:8px;width:340px;max-height:70vh;overflow:auto;background:#fff;border:1px solid #9ca3af;border-radius:10px;padding:10px;box-shadow:0 4px 16px #0003}
.body[hidden]{display:none}
h2,h3{all:initial;display:block;font:600 14px/1.4 system-ui,sans-serif;color:#111}
ol{all:initial;display:flex;flex-direction:column;gap:4px;margin:0;padding:0;list-style:none}
li{display:block;border-left:4px solid var(--c);padding:2px 0 2px 6px}
li.s-rejected .snip{text-decoration:line-through;color:#6b7280}
li.s-accepted .snip{font-weight:600}
li.sel{background:#fff7ed}
.pick{all:initial;font:inherit;color:#111;cursor:pointer;display:block;width:100%}
.kind{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:#374151}
.who{font-size:12px;color:#374151}
.snip{display:block}
.tools{display:flex;flex-wrap:wrap;gap:4px;padding:4px 0}
textarea{all:initial;font:13px/1.4 system-ui,sans-serif;color:#111;display:block;width:100%;min-height:3em;border:1px solid #9ca3af;border-radius:6px;padding:4px;background:#fff}
.msg{all:initial;display:block;font:inherit;color:#991b1b;background:#fef2f2;border-radius:6px;padding:4px 6px}
.actions{display:flex;flex-wrap:wrap;gap:4px}
input[type=file]{position:absolute;width:1px;height:1px;opacity:0}
.lost li{border-left-color:#dc2626}
.score{font-size:12px;color:#6b7280}
";

/// Styles the shadow root and its host; called once.
pub fn mount(s: &mut State, host: &HtmlElement) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    let right = 16 + (s.n.saturating_sub(1) % 3) * 356;
    sheet.replace_sync(&format!(
        "{CSS}:host{{right:{right}px!important}}.ql{{--q:{};--c:#999}}",
        s.opts.color(quotelens_core::review::ReviewKind::Quote)
    ))?;
    Reflect::set(&s.shadow, &"adoptedStyleSheets".into(), &Array::of1(&sheet))?;
    host.set_attribute("data-quotelens-widget", &s.n.to_string())?;
    Ok(())
}

fn button(act: &str, label: &str, id: &str) -> Element {
    let b = el("button", "", label);
    b.set_attribute("type", "button").ok();
    b.set_attribute("data-act", act).ok();
    if !id.is_empty() {
        b.set_attribute("data-id", id).ok();
    }
    b
}

fn snippet(t: &str) -> String {
    let t = t.trim();
    match t.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

/// Redraws the panel from the state (everything is put in as text, never as HTML).
pub fn render(s: &mut State) {
    let root = el("div", "ql", "");
    let shown: Vec<_> = s.doc.annotations.iter().filter(|a| s.opts.kinds.contains(&a.kind)).collect();
    let count = |k: &str| shown.iter().filter(|a| a.kind.as_str() == k && a.is_live()).count();
    let mut tab = format!("Quotelens · {} quotes · {} claims", count("quote"), count("claim"));
    if !s.lost.is_empty() {
        tab.push_str(&format!(" · {} need review", s.lost.len()));
    }
    let t = button("toggle", &tab, "");
    t.set_class_name("tab");
    t.set_attribute("aria-expanded", if s.open { "true" } else { "false" }).ok();
    root.append_child(&t).ok();
    let body = el("section", "body", "");
    body.set_attribute("aria-label", "Quotelens annotations").ok();
    if !s.open {
        body.set_attribute("hidden", "").ok();
    }
    for m in [&s.frozen, &s.message].into_iter().flatten() {
        let p = el("p", "msg", m);
        p.set_attribute("role", "status").ok();
        body.append_child(&p).ok();
    }
    body.append_child(&el(
        "h2",
        "",
        if s.opts.read_only { "Quotes and claims (read-only)" } else { "Quotes and claims" },
    ))
    .ok();
    let list = el("ol", "list", "");
    for a in &shown {
        let li = el("li", &format!("item k-{} s-{}", a.kind.as_str(), a.status.as_str()), "");
        li.set_attribute("data-id", &a.id).ok();
        if let Some(h) = li.dyn_ref::<HtmlElement>() {
            let _ = h.style().set_property("--c", &s.opts.color(a.kind));
        }
        let selected = s.selected.as_deref() == Some(a.id.as_str());
        if selected {
            li.set_class_name(&format!("{} sel", li.class_name()));
        }
        let pick = button("select", "", &a.id);
        pick.set_class_name("pick");
        pick.set_attribute("aria-pressed", if selected { "true" } else { "false" }).ok();
        let who = s.doc.speaker_of(a).map(|x| format!(" · {}", x.name)).unwrap_or_default();
        pick.append_child(&el("span", "kind", &format!("{} · {}", a.kind.as_str(), a.status.as_str()))).ok();
        pick.append_child(&el("span", "who", &who)).ok();
        pick.append_child(&el("span", "snip", &snippet(s.doc.text_of(a)))).ok();
        li.append_child(&pick).ok();
        if selected && !s.opts.read_only {
            let tools = el("div", "tools", "");
            for (act, label) in [("accept", "Accept"), ("reject", "Reject"), ("reset", "Suggested")] {
                tools.append_child(&button(act, label, &a.id)).ok();
            }
            if a.origin == Origin::Manual {
                tools.append_child(&button("delete", "Delete", &a.id)).ok();
            }
            let note = el("textarea", "", "");
            note.set_attribute("data-act", "note").ok();
            note.set_attribute("data-id", &a.id).ok();
            note.set_attribute("aria-label", "Note").ok();
            note.set_attribute("placeholder", "Note").ok();
            if let Ok(n) = note.clone().dyn_into::<web_sys::HtmlTextAreaElement>() {
                n.set_value(&a.note);
            }
            tools.append_child(&note).ok();
            li.append_child(&tools).ok();
        } else if !a.note.is_empty() {
            li.append_child(&el("span", "who", &format!("Note: {}", a.note))).ok();
        }
        list.append_child(&li).ok();
    }
    body.append_child(&list).ok();
    if !s.lost.is_empty() {
        body.append_child(&el("h3", "", &format!("Needs review ({})", s.lost.len()))).ok();
        let lost = el("ol", "lost", "");
        for (i, item) in s.lost.iter().enumerate() {
            let Some(a) = item.doc.annotations.first() else { continue };
            let li = el("li", "lost-item", "");
            li.set_attribute("data-id", &a.id).ok();
            li.append_child(&el(
                "span",
                "kind",
                &format!("{} · {} · not found in the changed text", a.kind.as_str(), a.status.as_str()),
            ))
            .ok();
            li.append_child(&el("span", "snip", &format!("“{}”", snippet(item.doc.text_of(a))))).ok();
            if !a.note.is_empty() {
                li.append_child(&el("span", "who", &format!("Note: {}", a.note))).ok();
            }
            // as `{:.0}` rounds (half to even), through an integer: no float formatting in the wasm
            let pct = (item.best * 100.0).round_ties_even() as i64;
            li.append_child(&el("span", "score", &format!("best match {pct}%"))).ok();
            if !s.opts.read_only {
                let tools = el("div", "tools", "");
                tools.append_child(&button("place", "Place on selection", &i.to_string())).ok();
                tools.append_child(&button("discard", "Discard", &i.to_string())).ok();
                li.append_child(&tools).ok();
            }
            lost.append_child(&li).ok();
        }
        body.append_child(&lost).ok();
    }
    let actions = el("div", "actions", "");
    if !s.opts.read_only {
        actions.append_child(&button("add-note", "Note on selection", "")).ok();
    }
    actions.append_child(&button("export-native", "Export JSON", "")).ok();
    actions.append_child(&button("export-w3c", "Export W3C", "")).ok();
    if !s.opts.read_only {
        let label = el("label", "import", "Import…");
        let input = el("input", "", "");
        input.set_attribute("type", "file").ok();
        input.set_attribute("accept", ".json,.jsonld,application/json,application/ld+json").ok();
        input.set_attribute("data-act", "import").ok();
        label.append_child(&input).ok();
        actions.append_child(&label).ok();
    }
    body.append_child(&actions).ok();
    root.append_child(&body).ok();
    // keep focus on the same control across the redraw
    let focus = s
        .shadow
        .active_element()
        .and_then(|e| Some((e.get_attribute("data-act")?, e.get_attribute("data-id").unwrap_or_default())));
    s.shadow.set_inner_html("");
    s.shadow.append_child(&root).ok();
    if let Some((act, id)) = focus {
        let sel = if id.is_empty() {
            format!("[data-act=\"{act}\"]")
        } else {
            format!("[data-act=\"{act}\"][data-id=\"{}\"]", id.replace(['"', '\\'], ""))
        };
        if let Ok(Some(e)) = s.shadow.query_selector(&sel) {
            if let Ok(h) = e.dyn_into::<HtmlElement>() {
                let _ = h.focus();
            }
        }
    }
}

/// Scrolls the panel's list to the selected item.
pub fn reveal(s: &State) {
    if let Ok(Some(e)) = s.shadow.query_selector("li.sel") {
        e.scroll_into_view_with_bool(false);
    }
}

fn download(s: &State, name: &str, mime: &str, body: &str) {
    let parts = Array::of1(&JsValue::from_str(body));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let a = el("a", "", "");
    a.set_attribute("href", &url).ok();
    a.set_attribute("download", name).ok();
    s.shadow.append_child(&a).ok();
    if let Ok(a) = a.dyn_into::<HtmlElement>() {
        a.click();
        a.remove();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn click(st: &Shared, ev: web_sys::Event) {
    on_click(st, ev);
    flush(st);
}

fn on_click(st: &Shared, ev: web_sys::Event) {
    let Some(target) = closest(&ev, "[data-act]") else { return };
    let act = target.get_attribute("data-act").unwrap_or_default();
    let id = target.get_attribute("data-id").unwrap_or_default();
    let mut s = st.borrow_mut();
    s.message = None;
    match act.as_str() {
        "toggle" => {
            s.open = !s.open;
            s.redraw();
        }
        "select" => {
            s.selected = if s.selected.as_deref() == Some(id.as_str()) { None } else { Some(id) };
            s.redraw();
        }
        "accept" => s.edit(Edit::accept(&id), "changed", &id),
        "reject" => s.edit(Edit::reject(&id), "changed", &id),
        "reset" => s.edit(Edit::SetStatus { id: id.clone(), status: Status::Suggested }, "changed", &id),
        "delete" => {
            s.selected = None;
            s.edit(Edit::Delete { id: id.clone() }, "deleted", &id);
        }
        "add-note" => s.note_on_selection(),
        "place" => {
            if let Ok(i) = id.parse::<usize>() {
                if !s.opts.read_only {
                    s.place_lost(i);
                }
            }
        }
        "discard" => {
            if let Ok(i) = id.parse::<usize>() {
                if i < s.lost.len() && !s.opts.read_only {
                    let item = s.lost.remove(i);
                    s.save();
                    let aid = item.doc.annotations.first().map(|a| a.id.clone()).unwrap_or_default();
                    let detail = serde_json::json!({ "widget": s.n, "id": aid, "needsReview": true });
                    s.emit("deleted", detail);
                }
            }
            s.redraw();
        }
        "export-native" => {
            let body = quotelens_core::formats::to_native_json(&s.doc);
            download(&s, "quotelens.json", "application/json", &body);
        }
        "export-w3c" => {
            let body = quotelens_core::formats::to_w3c_json(&s.doc);
            download(&s, "quotelens.jsonld", "application/ld+json", &body);
        }
        _ => {}
    }
}

fn change(st: &Shared, ev: web_sys::Event) {
    on_change(st, ev);
    flush(st);
}

fn on_change(st: &Shared, ev: web_sys::Event) {
    let Some(target) = closest(&ev, "[data-act]") else { return };
    let act = target.get_attribute("data-act").unwrap_or_default();
    if act == "note" {
        let id = target.get_attribute("data-id").unwrap_or_default();
        let note = target.dyn_into::<web_sys::HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default();
        st.borrow_mut().edit(Edit::SetNote { id: id.clone(), note }, "changed", &id);
    } else if act == "import" {
        let Some(file) =
            target.dyn_into::<web_sys::HtmlInputElement>().ok().and_then(|i| i.files()).and_then(|f| f.get(0))
        else {
            return;
        };
        let st = Rc::clone(st);
        wasm_bindgen_futures::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string());
            let mut s = st.borrow_mut();
            let r = text.ok_or_else(|| "the file could not be read".to_string()).and_then(|t| s.import(&t));
            s.message = Some(match r {
                Ok(n) => format!("Imported: {n} annotations."),
                Err(e) => format!("Import refused: {e}"),
            });
            s.redraw();
            drop(s);
            flush(&st);
        });
    }
}

/// Delegated listeners on the shadow root.
pub fn listen(st: &Shared, shadow: &ShadowRoot) -> Result<Vec<Listener>, JsValue> {
    let (a, b) = (Rc::clone(st), Rc::clone(st));
    Ok(vec![
        Listener::new(shadow, "click", move |e| click(&a, e))?,
        Listener::new(shadow, "change", move |e| change(&b, e))?,
    ])
}
