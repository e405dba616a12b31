//! The library: every stored document with its title, date and counts, to open, rename or
//! delete (after a confirmation).

use leptos::prelude::*;

use crate::state::{AppState, View};
use crate::storage::Summary;

fn date(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    String::from(d.to_locale_string("default", &js_sys::Object::new()))
}

/// The list's items: title, date and counts, and the three buttons.
fn fill_docs(el: web_sys::Element, (docs, open): (Vec<Summary>, String)) {
    use crate::dom::{b, button, B};
    el.set_text_content(None);
    let items = docs
        .iter()
        .map(|s| {
            let item =
                b("li").a("class", if s.id == open { "doc current" } else { "doc" }).c(b("h3").t(&s.title)).c(b("p")
                    .a("class", "meta")
                    .t(&format!(
                        "Changed {} · {} quote(s), {} claim(s), {} note(s) · {} of {} reviewed",
                        date(s.updated_ms),
                        s.quotes,
                        s.claims,
                        s.notes,
                        s.reviewed,
                        s.annotations
                    )));
            let act = |what: &str, label: &str, class: &str| {
                button(what, label)
                    .a("data-id", &s.id)
                    .a("aria-label", &format!("{label} {}", s.title))
                    .a("class", class)
            };
            item.c(b("div")
                .a("class", "actions")
                .c(act("open", "Open", ""))
                .c(act("rename", "Rename", ""))
                .c(act("delete", "Delete", "danger")))
        })
        .collect();
    let _ = B(el).all(items);
}

pub fn library() -> impl IntoView {
    let st = expect_context::<AppState>();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = crate::dom::acted_on(&ev) else { return };
        let (Some(act), Some(id)) = (el.get_attribute("data-act"), el.get_attribute("data-id")) else { return };
        let Some(title) = st.library.with_untracked(|l| l.iter().find(|s| s.id == id).map(|s| s.title.clone())) else {
            return;
        };
        match act.as_str() {
            "open" => st.open_id(id),
            "rename" => crate::dialog::ask(
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
            "delete" => crate::dialog::ask(
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
    let docs = move || (st.library.get(), st.review.with(|r| r.doc.id.clone()));
    view! {
        <section class="library" aria-labelledby="library-h">
            <h2 id="library-h">"Library"</h2>
            <p class="hint">
                {move || if st.stored.get() {
                    "Everything is kept in this browser only, and saved as you work."
                } else {
                    "Browser storage is not available: documents last only while this tab is open."
                }}
            </p>
            {move || st.library.with(|l| l.is_empty()).then(|| view! { <p>"No stored documents yet."</p> })}
            // built as plain DOM (see crate::dom), redrawn whole when the list changes; one click
            // handler for its buttons, told apart by data-act and data-id
            {move || {
                let docs = docs();
                view! { <ul class="docs" on:click=on_click use:fill_docs=docs></ul> }
            }}
            <button on:click=move |_| st.view.set(View::Review)>"Back to the document"</button>
        </section>
    }
}
