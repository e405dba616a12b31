//! The library: every stored document with its title, date and counts, to open, rename or
//! delete (after a confirmation).

use leptos::prelude::*;

use crate::act::AppAct;
use crate::model::count;
use crate::state::{AppState, View};
use crate::storage::Summary;

fn date(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    String::from(d.to_locale_string("default", &js_sys::Object::new()))
}

/// The list's items: title, date and counts, and the three buttons.
fn fill_docs(el: web_sys::Element, (docs, open): (Vec<Summary>, String)) {
    use quotelens_dom::build::{b, button, fill};
    let items = docs
        .iter()
        .map(|s| {
            let item = b("li")
                .a("class", if s.id == open { "doc current" } else { "doc" })
                .c(b("h3").a("dir", "auto").t(&s.title))
                .c(b("p").a("class", "meta").t(&format!(
                    "Changed {} · {}, {}, {} · {} of {} reviewed",
                    date(s.updated_ms),
                    count(s.quotes, "quote", "quotes"),
                    count(s.claims, "claim", "claims"),
                    count(s.notes, "note", "notes"),
                    s.reviewed,
                    s.annotations
                )));
            let act = |what: AppAct, label: &str, class: &str| {
                button(what.as_str(), label)
                    .a("data-id", &s.id)
                    .a("aria-label", &format!("{label} {}", s.title))
                    .a("class", class)
            };
            item.c(b("div")
                .a("class", "actions")
                .c(act(AppAct::Open, "Open", ""))
                .c(act(AppAct::Rename, "Rename", ""))
                .c(act(AppAct::DeleteDoc, "Delete", "danger")))
        })
        .collect();
    let _ = fill(el).all(items);
}

pub fn library() -> impl IntoView {
    let st = expect_context::<AppState>();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = quotelens_dom::build::acted_on(&ev) else { return };
        let Some(act) = quotelens_dom::build::act_of(&el) else { return };
        if act == AppAct::Back {
            st.view.set(View::Review);
            return;
        }
        let Some(id) = el.get_attribute("data-id") else { return };
        let Some(title) = st.library.with_untracked(|l| l.iter().find(|s| s.id == id).map(|s| s.title.clone())) else {
            return;
        };
        match act {
            AppAct::Open => st.open_id(id),
            AppAct::Rename => crate::dialog::ask(
                "Rename",
                &format!("A new title for “{title}”."),
                "Rename",
                "Cancel",
                Some(("Title", &title)),
                move |answer| {
                    if let Some(t) = answer.filter(|t| !t.trim().is_empty()) {
                        st.rename_id(id, t.trim().to_string());
                    }
                },
            ),
            AppAct::DeleteDoc => crate::dialog::ask(
                "Delete",
                &format!("Delete “{title}” and all its annotations from this browser? This cannot be undone."),
                "Delete",
                "Keep it",
                None,
                move |answer| {
                    if answer.is_some() {
                        st.delete_id(id);
                    }
                },
            ),
            _ => {}
        }
    };
    view! { <section class="library" aria-labelledby="library-h" on:click=on_click use:fill_library=st></section> }
}

/// The library's page, as plain DOM (see [`quotelens_dom::build`]): the hint, the list (redrawn whole when
/// it changes, by [`fill_docs`]) and "No stored documents yet." follow the state by two effects.
fn fill_library(el: web_sys::Element, st: AppState) {
    use quotelens_dom::build::{b, button, fill};
    let hint = b("p").a("class", "hint");
    let empty = b("p").t("No stored documents yet.");
    let docs = b("ul").a("class", "docs");
    let (hint_el, empty, list) = (hint.0.clone(), empty.0, docs.0.clone());
    let _ = fill(el)
        .c(b("h2").a("id", "library-h").t("Library"))
        .c(hint)
        .c(docs)
        .c(button(AppAct::Back.as_str(), "Back to the document"));
    Effect::new(move |_| {
        hint_el.set_text_content(Some(if st.stored.get() {
            "Everything is kept in this browser only, and saved as you work."
        } else {
            "Browser storage is not available: documents last only while this tab is open."
        }));
    });
    Effect::new(move |_| {
        let docs = (st.library.get(), st.review.with(|r| r.doc.id.clone()));
        if docs.0.is_empty() {
            let _ = list.before_with_node_1(&empty);
        } else {
            empty.remove();
        }
        // the list is redrawn whole: focus on one of its buttons stays on that button (after a
        // rename), or moves to the list's first one (after a delete), never to the page
        let inside = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .is_some_and(|a| list.contains(Some(&a)));
        let key = if inside { crate::focus::focus_key() } else { None };
        fill_docs(list.clone(), docs);
        if inside {
            let again = key.and_then(|k| list.query_selector(&k).ok().flatten());
            let next = again.or_else(|| list.query_selector("button").ok().flatten());
            match next {
                Some(el) => crate::focus::focus(&el),
                None => crate::focus::focus_home(),
            }
        }
    });
}
