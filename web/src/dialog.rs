//! In-page dialogs instead of the browser's `confirm()` and `prompt()`: a modal `role="dialog"`
//! (`alertdialog` for a question without a field) named by its heading and described by its
//! message; focus goes to its field or its safe choice (Cancel), Tab and Shift+Tab stay inside it, Enter in
//! the field answers OK, Escape or a click outside cancels, and focus returns to where it was.
//! Keys pressed in it do not reach the review keys. Built as plain DOM ([`quotelens_dom::build`]): every
//! text is a text node or an attribute value.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{closure::Closure, JsCast};

use quotelens_dom::build::{b, button};

use crate::act::AppAct;

type Done = Box<dyn FnOnce(Option<String>)>;

struct Open {
    overlay: web_sys::Element,
    back_to: Option<web_sys::HtmlElement>,
    done: Done,
    handler: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static OPEN: RefCell<Option<Open>> = const { RefCell::new(None) };
}

fn focus(el: &web_sys::Element) {
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

/// Closes the open dialog with `answer` (`None`: cancelled) and returns focus.
fn close(answer: Option<String>) {
    let Some(open) = OPEN.with_borrow_mut(Option::take) else { return };
    open.overlay.remove();
    match open.back_to.as_ref().filter(|el| el.is_connected()) {
        Some(el) => crate::focus::focus(el),
        None => crate::focus::focus_home(),
    }
    // the handler is running: drop it once it has returned
    let handler = open.handler;
    leptos::prelude::set_timeout(move || drop(handler), std::time::Duration::ZERO);
    (open.done)(answer);
}

fn field_value(overlay: &web_sys::Element) -> String {
    overlay
        .query_selector("#ask-field")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map_or(String::new(), |i| i.value())
}

fn on_event(overlay: &web_sys::Element, ev: web_sys::Event) {
    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    if let Some(key) = ev.dyn_ref::<web_sys::KeyboardEvent>() {
        ev.stop_propagation(); // not a review key
        match key.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                close(None);
            }
            "Enter" if target.as_ref().is_some_and(|t| t.id() == "ask-field") => {
                ev.prevent_default();
                close(Some(field_value(overlay)));
            }
            "Tab" => {
                // keep focus inside the dialog
                let Ok(all) = overlay.query_selector_all("input, button") else { return };
                let (Some(first), Some(last)) = (all.get(0), all.get(all.length().saturating_sub(1))) else { return };
                let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
                let at = |n: &web_sys::Node| active.as_ref().is_some_and(|a| a.is_same_node(Some(n)));
                let inside = active.as_ref().is_some_and(|a| overlay.contains(Some(a)));
                if key.shift_key() && (at(&first) || !inside) {
                    ev.prevent_default();
                    if let Some(el) = last.dyn_ref::<web_sys::Element>() {
                        focus(el);
                    }
                } else if !key.shift_key() && (at(&last) || !inside) {
                    ev.prevent_default();
                    if let Some(el) = first.dyn_ref::<web_sys::Element>() {
                        focus(el);
                    }
                }
            }
            _ => {}
        }
        return;
    }
    // a click: on a button of the dialog, or outside it
    let Some(target) = target else { return };
    if target.is_same_node(Some(overlay.as_ref())) {
        close(None);
    } else if let Ok(Some(btn)) = target.closest("[data-act]") {
        match quotelens_dom::build::act_of(&btn) {
            Some(AppAct::Ok) => close(Some(field_value(overlay))),
            Some(AppAct::Cancel) => close(None),
            _ => {}
        }
    }
}

/// Asks the reader. With `field` (its label and first value) the answer is what they typed;
/// without, it is `Some("")` for OK. `None` when they cancel. One dialog at a time: a second
/// one cancels the first.
pub fn ask(
    title: &str,
    message: &str,
    ok: &str,
    cancel: &str,
    field: Option<(&str, &str)>,
    done: impl FnOnce(Option<String>) + 'static,
) {
    let role = if field.is_some() { "dialog" } else { "alertdialog" };
    show(role, title, message, None, field, ok, Some(cancel), done);
}

/// Shows something (`body`, below the message) until the reader closes it; `done` runs then.
pub fn tell(title: &str, message: &str, body: quotelens_dom::build::B, close: &str, done: impl FnOnce() + 'static) {
    show("dialog", title, message, Some(body), None, close, None, move |_| done());
}

#[allow(clippy::too_many_arguments)]
fn show(
    role: &str,
    title: &str,
    message: &str,
    extra: Option<quotelens_dom::build::B>,
    field: Option<(&str, &str)>,
    ok: &str,
    cancel: Option<&str>,
    done: impl FnOnce(Option<String>) + 'static,
) {
    close(None);
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    let back_to = doc
        .active_element()
        .filter(|e| !doc.body().is_some_and(|b| e.is_same_node(Some(&b))))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let cancel = cancel.map(|c| button(AppAct::Cancel.as_str(), c));
    let cancel_el = cancel.as_ref().map(|c| c.0.clone());
    let dialog = b("div")
        .a("class", "dialog")
        .a("role", role)
        .a("aria-modal", "true")
        .a("aria-labelledby", "ask-h")
        .a("aria-describedby", "ask-msg")
        .c(b("h2").a("id", "ask-h").t(title))
        .c(b("p").a("id", "ask-msg").t(message))
        .opt(extra)
        .opt(field.map(|(label, value)| {
            b("p")
                .a("class", "ask-field")
                .c(b("label").a("for", "ask-field").t(label))
                .c(b("input").a("id", "ask-field").a("type", "text").value(value))
        }))
        .c(b("div").a("class", "actions").c(button(AppAct::Ok.as_str(), ok).a("class", "primary")).opt(cancel));
    let overlay = b("div").a("class", "overlay").c(dialog).0;
    let cell: Rc<RefCell<Option<web_sys::Element>>> = Rc::new(RefCell::new(Some(overlay.clone())));
    let handler = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let el = cell.borrow().clone();
        if let Some(el) = el {
            on_event(&el, ev);
        }
    });
    for kind in ["click", "keydown"] {
        let _ = overlay.add_event_listener_with_callback(kind, handler.as_ref().unchecked_ref());
    }
    let _ = body.append_child(&overlay);
    // the field, if there is one; otherwise the safe choice (Cancel, Keep both, Keep it): Enter
    // pressed out of habit must not replace or delete anything
    let first = overlay
        .query_selector("#ask-field")
        .ok()
        .flatten()
        .or(cancel_el)
        .or_else(|| overlay.query_selector("button").ok().flatten());
    if let Some(first) = &first {
        focus(first);
        if let Some(i) = first.dyn_ref::<web_sys::HtmlInputElement>() {
            i.select();
        }
    }
    OPEN.with_borrow_mut(|o| *o = Some(Open { overlay, back_to, done: Box::new(done), handler }));
}
