//! The floating panel, drawn in the widget's shadow root: a tab with the counts, and when open
//! the list of annotations (accept, reject, note), what needs review, and export/import. Its
//! style sheet is adopted by the shadow root only; `:host` resets everything the host's CSS
//! could have set on the host element (`!important` inside a shadow tree beats the page's).

use std::rc::Rc;

use js_sys::{Array, Reflect};
use quotelens_dom::act::Act;
use quotelens_dom::build::{b, button, B};
use quotelens_dom::files::download;
use quotelens_review::{Edit, Origin, Status};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRoot};

use crate::act::WidgetAct;
use crate::{closest, flush, Listener, Shared, State};

/// The panel's style. The host element stays in the page's flow with no size (the same box as
/// the unknown element before the loader ran: nothing moves in a grid), and the panel inside it
/// is fixed in a corner (or, with `position="inline"`, drawn where the element stands).
/// Colours and font come from the documented `--quotelens-*` custom properties (they inherit
/// into the shadow tree; `all` does not reset them), with a dark scheme by default when the
/// reader's system asks for one.
const CSS: &str = "
:host{all:initial!important;display:block!important;position:static!important;width:auto!important;height:auto!important;margin:0!important;padding:0!important;border:0!important;visibility:visible!important;opacity:1!important;transform:none!important}
@media print{:host{display:none!important}}
.ql{all:initial;--bg:var(--quotelens-background,#fff);--fg:var(--quotelens-color,#111);--mu:var(--quotelens-muted,#4b5563);--bd:var(--quotelens-border,#9ca3af);--ac:var(--quotelens-accent,#2563eb);--bt:var(--quotelens-button,#f3f4f6);--tb:var(--quotelens-tab,#111827);--tf:var(--quotelens-tab-color,#fff);--hi:var(--quotelens-selected,#fff7ed);--er:#991b1b;--eb:#fef2f2;
 position:fixed;bottom:16px;z-index:var(--quotelens-z-index,2147483000);display:flex;flex-direction:column-reverse;align-items:flex-end;gap:8px;font:var(--quotelens-font,14px/1.4 system-ui,sans-serif);color:var(--fg);color-scheme:light}
@media (prefers-color-scheme:dark){.ql{--bg:var(--quotelens-background,#1f2937);--fg:var(--quotelens-color,#f9fafb);--mu:var(--quotelens-muted,#d1d5db);--bd:var(--quotelens-border,#6b7280);--ac:var(--quotelens-accent,#93c5fd);--bt:var(--quotelens-button,#374151);--tb:var(--quotelens-tab,#f9fafb);--tf:var(--quotelens-tab-color,#111827);--hi:var(--quotelens-selected,#431407);--er:#fecaca;--eb:#450a0a;color-scheme:dark}}
.ql.open{z-index:calc(var(--quotelens-z-index,2147483000) + 1)}
.ql.inline{position:static;flex-direction:column;align-items:stretch}
.ql *{box-sizing:border-box;font:inherit;color:inherit}
button,label.import{all:initial;font:inherit;color:var(--fg);cursor:pointer;background:var(--bt);border:1px solid var(--bd);border-radius:6px;padding:4px 10px;display:inline-block}
button:focus-visible,label.import:focus-within,textarea:focus{outline:2px solid var(--ac);outline-offset:2px}
.tab{background:var(--tb);color:var(--tf);border-color:var(--tb);border-radius:999px;padding:8px 14px;box-shadow:0 2px 8px #0004}
.inline .tab{align-self:flex-start}
.body{display:flex;flex-direction:column;gap:8px;width:340px;max-width:calc(100vw - 16px);max-height:70vh;overflow:auto;background:var(--bg);border:1px solid var(--bd);border-radius:10px;padding:10px;box-shadow:0 4px 16px #0003}
.inline .body{width:auto;max-width:none;max-height:none;box-shadow:none}
.body[hidden]{display:none}
h2,h3{all:initial;display:block;font:inherit;font-weight:600;color:var(--fg)}
ol{all:initial;display:flex;flex-direction:column;gap:4px;margin:0;padding:0;list-style:none}
li{display:block;border-left:4px solid var(--c);padding:2px 0 2px 6px}
li.s-rejected .snip{text-decoration:line-through;color:var(--mu)}
li.s-accepted .snip{font-weight:600}
li.sel{background:var(--hi)}
.pick{all:initial;font:inherit;color:var(--fg);cursor:pointer;display:block;width:100%}
.kind{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--mu)}
.who,.score{font-size:12px;color:var(--mu)}
.snip{display:block}
.tools{display:flex;flex-wrap:wrap;gap:4px;padding:4px 0}
textarea{all:initial;font:inherit;color:var(--fg);display:block;width:100%;min-height:3em;border:1px solid var(--bd);border-radius:6px;padding:4px;background:var(--bg)}
.msg{all:initial;display:block;font:inherit;color:var(--er);background:var(--eb);border-radius:6px;padding:4px 6px}
.actions{display:flex;flex-wrap:wrap;gap:4px}
input[type=file]{position:absolute;width:1px;height:1px;opacity:0}
.lost li{border-left-color:#dc2626}
";

/// How many list items are drawn at first, and added by "Show more".
pub const PAGE: usize = 200;

/// "1 claim", "2 claims", "no claims".
fn count(n: usize, word: &str) -> String {
    match n {
        0 => format!("no {word}s"),
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    }
}

/// Styles the shadow root and its host; called once.
pub fn mount(s: &mut State, host: &HtmlElement) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    // side by side on a wide screen, stacked above each other on a narrow one (a phone)
    let k = s.n.saturating_sub(1);
    let (right, up) = (16 + (k % 3) * 356, 8 + k * 52);
    sheet.replace_sync(&format!(
        "{CSS}.ql{{right:{right}px;--c:#999}}@media (max-width:1099px){{.ql{{right:8px;bottom:{up}px}}}}"
    ))?;
    Reflect::set(&s.shadow, &"adoptedStyleSheets".into(), &Array::of1(&sheet))?;
    host.set_attribute("data-quotelens-widget", &s.n.to_string())?;
    Ok(())
}

/// A button for the annotation or "needs review" entry `id`.
fn on(act: &str, label: &str, id: &str) -> B {
    button(act, label).a("data-id", id)
}

/// An element with its class and text (either may be empty).
fn el(tag: &str, class: &str, text: &str) -> B {
    let e = if class.is_empty() { b(tag) } else { b(tag).class(class) };
    if text.is_empty() {
        e
    } else {
        e.t(text)
    }
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
    let class = format!("ql{}{}", if s.opts.inline { " inline" } else { "" }, if s.open { " open" } else { "" });
    let shown: Vec<_> = s.doc.annotations.iter().filter(|a| s.shows(a)).collect();
    let live = |k: &str| shown.iter().filter(|a| a.kind.as_str() == k && a.is_live()).count();
    let mut tab = format!("Quotelens · {} · {}", count(live("quote"), "quote"), count(live("claim"), "claim"));
    if s.pending {
        tab = "Quotelens · finding quotes…".into();
    }
    let review = !s.lost.is_empty() && !s.opts.published;
    if review {
        tab.push_str(&match s.lost.len() {
            1 => " · 1 needs review".to_string(),
            n => format!(" · {n} need review"),
        });
    }
    let toggle =
        button(WidgetAct::Toggle.as_str(), &tab).class("tab").a("aria-expanded", if s.open { "true" } else { "false" });
    let mut body = b("section").class("body").a("aria-label", "Quotelens annotations");
    if !s.open {
        body = body.a("hidden", "");
    }
    for m in [&s.frozen, &s.message].into_iter().flatten() {
        body = body.c(el("p", "msg", m).a("role", "status"));
    }
    let heading =
        if s.opts.read_only && !s.opts.published { "Quotes and claims (read-only)" } else { "Quotes and claims" };
    body = body.c(b("h2").t(heading));
    let mut list = el("ol", "list", "");
    // the first pages, and the selected item wherever it stands
    let sel = s.selected.clone();
    let drawn = shown.iter().enumerate().filter(|(i, a)| *i < s.limit || sel.as_ref() == Some(&a.id));
    for (_, a) in drawn {
        let selected = s.selected.as_deref() == Some(a.id.as_str());
        let class = format!("item k-{} s-{}{}", a.kind.as_str(), a.status.as_str(), if selected { " sel" } else { "" });
        let li = b("li").class(&class).a("data-id", &a.id);
        if let Some(h) = li.0.dyn_ref::<HtmlElement>() {
            let _ = h.style().set_property("--c", &s.opts.color(a.kind));
        }
        let who = s.doc.speaker_of(a).map(|x| format!(" · {}", x.name)).unwrap_or_default();
        let pick = b("button")
            .a("type", "button")
            .act(Act::Select)
            .a("data-id", &a.id)
            .class("pick")
            .a("aria-pressed", if selected { "true" } else { "false" })
            .c(el("span", "kind", &format!("{} · {}", a.kind.as_str(), a.status.as_str())))
            .c(el("span", "who", &who))
            .c(el("span", "snip", &snippet(s.doc.text_of(a))));
        let mut li = li.c(pick);
        if selected && !s.opts.read_only {
            let mut tools = el("div", "tools", "");
            for (act, label) in [(Act::Accept, "Accept"), (Act::Reject, "Reject"), (Act::Reset, "Suggested")] {
                tools = tools.c(on(act.as_str(), label, &a.id));
            }
            if a.origin == Origin::Manual {
                tools = tools.c(on(Act::Delete.as_str(), "Delete", &a.id));
            }
            let note = b("textarea")
                .act(WidgetAct::Note)
                .a("data-id", &a.id)
                .a("aria-label", "Note")
                .a("placeholder", "Note")
                .value(&a.note);
            li = li.c(tools.c(note));
        } else if !a.note.is_empty() {
            li = li.c(el("span", "who", &format!("Note: {}", a.note)));
        }
        list = list.c(li);
    }
    body = body.c(list);
    if shown.len() > s.limit {
        body = body.c(button(WidgetAct::More.as_str(), &format!("Show more ({} of {})", s.limit, shown.len())));
    }
    if review {
        body = body.c(b("h3").t(&format!("Needs review ({})", s.lost.len())));
        let mut lost = el("ol", "lost", "");
        for (i, item) in s.lost.iter().enumerate() {
            let Some(a) = item.doc.annotations.first() else { continue };
            let mut li = el("li", "lost-item", "")
                .a("data-id", &a.id)
                .c(el(
                    "span",
                    "kind",
                    &format!("{} · {} · not found in the changed text", a.kind.as_str(), a.status.as_str()),
                ))
                .c(el("span", "snip", &format!("“{}”", snippet(item.doc.text_of(a)))));
            if !a.note.is_empty() {
                li = li.c(el("span", "who", &format!("Note: {}", a.note)));
            }
            // as `{:.0}` rounds (half to even), through an integer: no float formatting in the wasm
            let pct = (item.best * 100.0).round_ties_even() as i64;
            li = li.c(el("span", "score", &format!("best match {pct}%")));
            if !s.opts.read_only {
                let i = i.to_string();
                li = li.c(el("div", "tools", "").c(on(WidgetAct::Place.as_str(), "Place on selection", &i)).c(on(
                    WidgetAct::Discard.as_str(),
                    "Discard",
                    &i,
                )));
            }
            lost = lost.c(li);
        }
        body = body.c(lost);
    }
    let mut actions = el("div", "actions", "");
    if !s.opts.read_only {
        actions = actions.c(button(WidgetAct::AddNote.as_str(), "Note on selection"));
    }
    actions =
        actions.c(button(Act::ExportNative.as_str(), "Export JSON")).c(button(Act::ExportW3c.as_str(), "Export W3C"));
    if !s.opts.read_only {
        let input = b("input")
            .a("type", "file")
            .a("accept", ".json,.jsonld,application/json,application/ld+json")
            .act(WidgetAct::Import);
        actions = actions.c(el("label", "import", "Import…").c(input));
    }
    let root = b("div").class(&class).c(toggle).c(body.c(actions)).0;
    // keep focus on the same control across the redraw, or move it where asked
    let focus = s.focus.take().or_else(|| {
        let e = s.shadow.active_element()?;
        Some(act_selector(&e.get_attribute("data-act")?, &e.get_attribute("data-id").unwrap_or_default()))
    });
    s.shadow.set_inner_html("");
    s.shadow.append_child(&root).ok();
    if let Some(sel) = focus {
        if let Ok(Some(e)) = s.shadow.query_selector(&sel) {
            if let Ok(h) = e.dyn_into::<HtmlElement>() {
                let _ = h.focus();
            }
        }
    }
}

/// A selector of the control with this `data-act` (and `data-id`, when not empty), to focus it
/// again once redrawn.
fn act_selector(act: &str, id: &str) -> String {
    if id.is_empty() {
        format!("[data-act=\"{act}\"]")
    } else {
        format!("[data-act=\"{act}\"][data-id=\"{}\"]", id.replace(['"', '\\'], ""))
    }
}

/// Scrolls the panel's list to the selected item.
pub fn reveal(s: &State) {
    if let Ok(Some(e)) = s.shadow.query_selector("li.sel") {
        e.scroll_into_view_with_bool(false);
    }
}

fn click(st: &Shared, ev: web_sys::Event) {
    on_click(st, ev);
    flush(st);
}

fn on_click(st: &Shared, ev: web_sys::Event) {
    let Some(target) = closest(&ev, "[data-act]") else { return };
    let name = target.get_attribute("data-act").unwrap_or_default();
    let id = target.get_attribute("data-id").unwrap_or_default();
    let own = WidgetAct::parse(&name);
    let mut s = st.borrow_mut();
    s.message = None;
    if s.ensure_fresh() && own != Some(WidgetAct::Toggle) {
        // the list the reader clicked in was drawn for the article before the host changed it
        s.message = Some("The article changed: the list is up to date now.".into());
        return s.redraw();
    }
    if let Some(act) = Act::parse(&name) {
        match act {
            Act::Select => {
                s.selected = if s.selected.as_deref() == Some(id.as_str()) { None } else { Some(id) };
                s.redraw();
            }
            Act::Accept => s.edit(Edit::accept(&id), "changed", &id),
            Act::Reject => s.edit(Edit::reject(&id), "changed", &id),
            Act::Reset => s.edit(Edit::SetStatus { id: id.clone(), status: Status::Suggested }, "changed", &id),
            Act::Delete => {
                s.selected = None;
                s.edit(Edit::Delete { id: id.clone() }, "deleted", &id);
            }
            Act::ExportNative => {
                let body = quotelens_review::formats::to_native_json(&s.doc);
                let _ = download("quotelens.json", "application/json", &body);
            }
            Act::ExportW3c => {
                let _ = download("quotelens.jsonld", "application/ld+json", &crate::w3c(&s.doc));
            }
        }
        return;
    }
    // the panel's own actions
    match own {
        Some(WidgetAct::Toggle) => {
            s.open = !s.open;
            s.redraw();
        }
        Some(WidgetAct::AddNote) => s.note_on_selection(),
        Some(WidgetAct::More) => {
            s.limit += PAGE;
            s.focus = Some(act_selector(WidgetAct::More.as_str(), ""));
            s.redraw();
        }
        Some(WidgetAct::Place) => {
            if let Ok(i) = id.parse::<usize>() {
                if !s.opts.read_only {
                    s.place_lost(i);
                }
            }
        }
        Some(WidgetAct::Discard) => {
            if let Ok(i) = id.parse::<usize>() {
                if i < s.lost.len() && !s.opts.read_only {
                    let item = s.lost.remove(i);
                    s.save();
                    let aid = item.doc.annotations.first().map(|a| a.id.clone()).unwrap_or_default();
                    let detail = quotelens_review::obj! { "widget": s.n, "id": aid, "needsReview": true };
                    s.emit("deleted", detail);
                }
            }
            s.redraw();
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
    let act = target.get_attribute("data-act").and_then(|a| WidgetAct::parse(&a));
    if act == Some(WidgetAct::Note) {
        let id = target.get_attribute("data-id").unwrap_or_default();
        let note = target.dyn_into::<web_sys::HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default();
        // saved without redrawing the panel: this runs when the field loses the focus to a click
        // on a button, and a redraw would replace that button before its click lands
        let mut s = st.borrow_mut();
        if let Err(e) = s.apply(Edit::SetNote { id: id.clone(), note }, "changed", &id) {
            s.message = Some(e);
            s.redraw();
        }
    } else if act == Some(WidgetAct::Import) {
        let Some(file) =
            target.dyn_into::<web_sys::HtmlInputElement>().ok().and_then(|i| i.files()).and_then(|f| f.get(0))
        else {
            return;
        };
        let st = Rc::clone(st);
        wasm_bindgen_futures::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok();
            let r = match text.as_ref().and_then(|t| t.dyn_ref::<js_sys::JsString>()) {
                Some(t) => crate::import(&st, &crate::take_string(t).await, false).await,
                None => Err("the file could not be read".to_string()),
            };
            let mut s = st.borrow_mut();
            s.message = Some(match r {
                Ok(n) => format!("Imported and merged: the article has {} now.", count(n, "annotation")),
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
    let mut l = vec![
        Listener::new(shadow, "click", move |e| click(&a, e))?,
        Listener::new(shadow, "change", move |e| change(&b, e))?,
    ];
    // typing in the panel is not for the host page's single-key shortcuts
    for kind in ["keydown", "keyup", "keypress"] {
        l.push(Listener::new(shadow, kind, |e| e.stop_propagation())?);
    }
    Ok(l)
}
