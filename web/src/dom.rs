//! A small builder of plain DOM elements, for the app's static parts (the selected annotation's
//! card, the tool bar, the filters, the article's runs, the list's rows, …), each filled into
//! its element by a `use:` directive. Written with `view!`, every element is a type of its own
//! with its own build, rebuild and mount code: the card alone was about 10 KB of the app's gzip.
//! Built here, each element is a few calls into the same handful of functions. Text goes in as
//! text nodes and attribute values as attribute values: nothing is ever parsed as markup.

use wasm_bindgen::JsCast;

pub struct B(pub web_sys::Element);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a page has a document")
}

/// A directive's element (`use:fill_…`), emptied first: Leptos runs the directive again on the
/// same element when its view is rebuilt in place (a document loaded while the review is shown).
pub fn fill(el: web_sys::Element) -> B {
    el.set_text_content(None);
    B(el)
}

/// A new element.
pub fn b(tag: &str) -> B {
    B(document().create_element(tag).expect("a valid tag"))
}

impl B {
    /// An attribute.
    pub fn a(self, name: &str, value: &str) -> B {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// A piece of text, as a text node.
    pub fn t(self, text: &str) -> B {
        let _ = self.0.append_child(&document().create_text_node(text));
        self
    }

    /// A child element.
    pub fn c(self, child: B) -> B {
        let _ = self.0.append_child(&child.0);
        self
    }

    /// A child element, if there is one.
    pub fn opt(self, child: Option<B>) -> B {
        match child {
            Some(c) => self.c(c),
            None => self,
        }
    }

    /// Child elements.
    pub fn all(mut self, children: Vec<B>) -> B {
        for c in children {
            self = self.c(c);
        }
        self
    }

    /// Sets the `value` of a form control (input, textarea, select).
    pub fn value(self, value: &str) -> B {
        if let Some(i) = self.0.dyn_ref::<web_sys::HtmlInputElement>() {
            i.set_value(value);
        } else if let Some(t) = self.0.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            t.set_value(value);
        } else if let Some(s) = self.0.dyn_ref::<web_sys::HtmlSelectElement>() {
            s.set_value(value);
        }
        self
    }
}

/// A `<button>` with its `data-act` (what the card's click handler does with it) and label.
pub fn button(act: &str, label: &str) -> B {
    b("button").a("data-act", act).t(label)
}

/// A `<select id=…>` over values shown as themselves, with `value` chosen.
pub fn select(id: &str, values: &[&str], value: &str) -> B {
    b("select").a("id", id).all(values.iter().map(|v| b("option").a("value", v).t(v)).collect()).value(value)
}

/// The element carrying `data-act` that a click landed in: one delegated handler per toolbar
/// or list instead of a closure per button (each closure costs wasm).
#[inline(always)] // inlined, the app is 94 bytes smaller: its size budget is that tight
pub fn acted_on(ev: &web_sys::MouseEvent) -> Option<web_sys::Element> {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.closest("[data-act]").ok().flatten())
}

/// The elements under `root` that match `selector`.
pub fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)?.dyn_into().ok()).collect()
}

/// `text` as the inside of a double-quoted CSS string (an annotation id in a selector).
pub fn css_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\a ")
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
            let key = LAST_FOCUS.with_borrow_mut(|l| l.take()).and_then(|(_, k)| k);
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
