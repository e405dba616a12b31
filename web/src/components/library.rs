//! The library: every stored document with its title, date and counts, to open, rename or
//! delete (after a confirmation).

use leptos::prelude::*;

use crate::state::{AppState, View};

fn date(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    String::from(d.to_locale_string("default", &js_sys::Object::new()))
}

fn confirm(text: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(text).ok()).unwrap_or(false)
}

fn prompt(text: &str, value: &str) -> Option<String> {
    web_sys::window().and_then(|w| w.prompt_with_message_and_default(text, value).ok().flatten())
}

#[component]
pub fn Library() -> impl IntoView {
    let st = expect_context::<AppState>();
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
            <ul class="docs">
                // a plain list (a handful of documents, redrawn whole when one changes)
                {move || st.library.get().into_iter().map(|s| {
                        let (id1, id2, id3) = (s.id.clone(), s.id.clone(), s.id.clone());
                        let title = s.title.clone();
                        let title2 = s.title.clone();
                        let title3 = s.title.clone();
                        let open_now = move || st.review.with(|r| r.doc.id == id3);
                        view! {
                            <li class="doc" class:current=open_now>
                                <h3>{s.title.clone()}</h3>
                                <p class="meta">
                                    {format!(
                                        "Changed {} · {} quote(s), {} claim(s), {} note(s) · {} of {} reviewed",
                                        date(s.updated_ms), s.quotes, s.claims, s.notes, s.reviewed, s.annotations
                                    )}
                                </p>
                                <div class="actions">
                                    <button on:click=move |_| st.open_id(id1.clone()) aria-label=format!("Open {title}")>"Open"</button>
                                    <button
                                        aria-label=format!("Rename {title2}")
                                        on:click=move |_| {
                                            if let Some(t) = prompt("New title", &title2).filter(|t| !t.trim().is_empty()) {
                                                st.rename_id(id2.clone(), t.trim().to_string());
                                            }
                                        }
                                    >
                                        "Rename"
                                    </button>
                                    <button
                                        class="danger"
                                        aria-label=format!("Delete {title3}")
                                        on:click={
                                            let id = s.id.clone();
                                            let t = s.title.clone();
                                            move |_| {
                                                if confirm(&format!("Delete “{t}” and all its annotations from this browser? This cannot be undone.")) {
                                                    st.delete_id(id.clone());
                                                }
                                            }
                                        }
                                    >
                                        "Delete"
                                    </button>
                                </div>
                            </li>
                        }
                    }).collect_view()}
            </ul>
            <button on:click=move |_| st.view.set(View::Review)>"Back to the document"</button>
        </section>
    }
}
