//! A small builder of plain DOM elements, for the app's static parts (the selected annotation's
//! card, the tool bar, the list's rows, …) and the widget's panel. Written with Leptos' `view!`,
//! every element is a type of its own with its own build, rebuild and mount code: the app's
//! card alone was about 10 KB of gzip. Built here, each element is a few calls into the same
//! handful of functions. Text goes in as text nodes and attribute values as attribute values:
//! nothing is ever parsed as markup.

use wasm_bindgen::JsCast;

use crate::act::Action;

pub struct B(pub web_sys::Element);

pub(crate) fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a page has a document")
}

/// An element to fill, emptied first (the app's `use:` directives run again on the same
/// element when their view is rebuilt in place).
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

    /// Its `class`.
    pub fn class(self, class: &str) -> B {
        self.0.set_class_name(class);
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

    /// What it does when clicked (its `data-act`).
    #[inline]
    pub fn act(self, act: impl Action) -> B {
        self.a("data-act", act.as_str())
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

/// A `<button type=button>` with its `data-act` (an action's `as_str`: what the delegated
/// click handler does with it) and label. A string, not a generic action: one copy in the wasm.
pub fn button(act: &str, label: &str) -> B {
    b("button").a("type", "button").a("data-act", act).t(label)
}

/// A `<select id=…>` over values shown as themselves, with `value` chosen.
pub fn select(id: &str, values: &[&str], value: &str) -> B {
    b("select").a("id", id).all(values.iter().map(|v| b("option").a("value", v).t(v)).collect()).value(value)
}

/// The element carrying `data-act` that a click landed in: one delegated handler per toolbar
/// or list instead of a closure per button (each closure costs wasm).
#[inline(always)] // inlined, the app is 94 bytes smaller: its size budget is that tight
pub fn acted_on(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.closest("[data-act]").ok().flatten())
}

/// The action of type `A` an element's `data-act` names (`None`: none, or another type's).
#[inline]
pub fn act_of<A: Action>(el: &web_sys::Element) -> Option<A> {
    A::at(act_index(el, A::NAMES)?)
}

/// Where the element's `data-act` stands in `names` (the part of [`act_of`] every action type
/// shares).
fn act_index(el: &web_sys::Element, names: &[&str]) -> Option<usize> {
    crate::act::index_of(names, &el.get_attribute("data-act")?)
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
