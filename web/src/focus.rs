//! Where keyboard focus goes when the app redraws: back to the redrawn twin of the element that
//! had it, or to a sensible home, never to `body`. (The element builder the app draws its
//! static parts with is `quotelens_dom::build`, shared with the widget.)

use quotelens_dom::build::css_string;
use wasm_bindgen::JsCast;

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a page has a document")
}

/// Moves focus to `el` without scrolling the page (the reader keeps their place; the selected
/// annotation is scrolled into view on purpose, elsewhere).
pub fn focus(el: &web_sys::Element) {
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let opts = web_sys::FocusOptions::new();
        opts.set_prevent_scroll(true);
        let _ = h.focus_with_options(&opts);
    }
}

/// Where focus goes when the element that had it is gone: the selected annotation's list row,
/// else the article, else the page's main region. Never `body`, where a letter would be taken
/// for a review key with nothing on screen saying so.
pub fn focus_home() {
    let d = document();
    let el = d
        .query_selector(".item.sel")
        .ok()
        .flatten()
        .or_else(|| d.get_element_by_id("doc-article"))
        .or_else(|| d.query_selector("main").ok().flatten());
    if let Some(el) = el {
        focus(&el);
    }
}

/// A selector that finds the focused element again after it is redrawn: its id, or what its
/// delegated handler reads (`data-item`, `data-act` with `data-id`).
pub fn focus_key() -> Option<String> {
    let el = document().active_element()?;
    if !el.id().is_empty() {
        return Some(format!("#{}", el.id()));
    }
    if let Some(item) = el.get_attribute("data-item") {
        return Some(format!("[data-item=\"{}\"]", css_string(&item)));
    }
    let act = format!("[data-act=\"{}\"]", css_string(&el.get_attribute("data-act")?));
    Some(match el.get_attribute("data-id") {
        Some(id) => format!("{act}[data-id=\"{}\"]", css_string(&id)),
        None => act,
    })
}

/// True when no element has focus (it is on `body`, or its element was removed).
pub fn focus_lost() -> bool {
    let d = document();
    d.active_element().is_none_or(|a| !a.is_connected() || d.body().is_some_and(|b| a.is_same_node(Some(&b))))
}

/// After the redraw an action causes: focus back on the element `key` names, or on
/// [`focus_home`] when it is gone, if focus was lost meanwhile.
pub fn restore_focus(key: Option<String>) {
    leptos::prelude::set_timeout(
        move || {
            if !focus_lost() {
                return;
            }
            match key.and_then(|k| document().query_selector(&k).ok().flatten()) {
                Some(el) => focus(&el),
                None => focus_home(),
            }
        },
        std::time::Duration::ZERO,
    );
}

thread_local! {
    /// The element that last had focus, and how to find it again once redrawn.
    static LAST_FOCUS: std::cell::RefCell<Option<(web_sys::Element, Option<String>)>> = const { std::cell::RefCell::new(None) };
}

/// Installs the app's focus guard (once): when the focused element is removed from the page (a
/// redrawn row, card or list), focus goes to its redrawn twin, or to [`focus_home`]. Clicks on
/// empty space (which move focus to `body` on purpose) are left alone: the element is still there.
pub fn guard_focus() {
    use wasm_bindgen::closure::Closure;
    let d = document();
    let on_focus = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let key = focus_key();
            LAST_FOCUS.with_borrow_mut(|l| *l = Some((el, key)));
        }
    });
    let _ = d.add_event_listener_with_callback("focusin", on_focus.as_ref().unchecked_ref());
    on_focus.forget();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        let lost = LAST_FOCUS.with_borrow(|l| l.as_ref().is_some_and(|(el, _)| !el.is_connected()));
        if lost && focus_lost() {
            let key = LAST_FOCUS.with_borrow_mut(std::option::Option::take).and_then(|(_, k)| k);
            match key.and_then(|k| document().query_selector(&k).ok().flatten()) {
                Some(el) => focus(&el),
                None => focus_home(),
            }
        }
    });
    if let (Ok(obs), Some(body)) = (web_sys::MutationObserver::new(on_change.as_ref().unchecked_ref()), d.body()) {
        let opts = web_sys::MutationObserverInit::new();
        opts.set_child_list(true);
        opts.set_subtree(true);
        let _ = obs.observe_with_options(&body, &opts);
    }
    on_change.forget();
}
