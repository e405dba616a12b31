//! The top of the app: state, the tool bar, the keyboard, and the two columns.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use quotelens_core::review::ReviewDoc;

use crate::components::{article::Article, details::details, help::help, library::library, panel::Panel};
use crate::io::{self, Export};
use crate::model::{Review, Status};
use crate::state::{AppState, View};

/// Scrolls the selected annotation's first run and its list item into view.
fn reveal(id: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
    for sel in [format!("mark[data-a=\"{id}\"][data-first]"), format!("[data-item=\"{id}\"]")] {
        if let Ok(Some(el)) = doc.query_selector(&sel) {
            el.scroll_into_view_with_scroll_into_view_options(&opts);
        }
    }
}

/// Moves keyboard focus to the selected annotation's list item, so screen readers follow.
fn focus_item(id: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(Some(el)) = doc.query_selector(&format!("[data-item=\"{id}\"]")) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || el.closest("[contenteditable]").ok().flatten().is_some()
    })
}

/// The review keys (see [`crate::components::help::KEYS`]).
pub fn on_key(st: AppState, ev: &web_sys::KeyboardEvent) {
    let key = ev.key();
    let ctrl = ev.ctrl_key() || ev.meta_key();
    if key == "Escape" {
        if st.help_open.get_untracked() {
            st.help_open.set(false);
        } else if !typing_in_field(ev) {
            st.selected.set(None);
        }
        return;
    }
    if typing_in_field(ev) || ev.alt_key() {
        return;
    }
    let handled = match (key.as_str(), ctrl) {
        ("z", true) => {
            st.undo();
            true
        }
        ("Z", true) | ("y", true) => {
            st.redo();
            true
        }
        (_, true) => false,
        ("?", _) => {
            st.help_open.update(|h| *h = !*h);
            true
        }
        _ if st.help_open.get_untracked() => false,
        ("j" | "n", _) => {
            st.step(true);
            true
        }
        ("k" | "p", _) => {
            st.step(false);
            true
        }
        ("a", _) => {
            st.set_status(Status::Accepted);
            true
        }
        ("r", _) => {
            st.set_status(Status::Rejected);
            true
        }
        ("s", _) => {
            st.set_status(Status::Suggested);
            true
        }
        ("u", _) => {
            st.undo();
            true
        }
        ("U", _) => {
            st.redo();
            true
        }
        ("e", _) => {
            if st.selected.get_untracked().is_some() {
                let doc = web_sys::window().and_then(|w| w.document());
                if let Some(d) = doc.as_ref().and_then(|d| d.get_element_by_id("edit-annotation")) {
                    let _ = d.set_attribute("open", "");
                }
                if let Some(el) = doc
                    .and_then(|d| d.get_element_by_id("edit-kind"))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
            }
            true
        }
        ("/", _) => {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("input[type=search]").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
            true
        }
        _ => false,
    };
    if handled {
        ev.prevent_default();
        if matches!(key.as_str(), "j" | "n" | "k" | "p") {
            if let Some(id) = st.selected.get_untracked() {
                focus_item(&id);
            }
        }
    }
}

fn toolbar() -> impl IntoView {
    let st = expect_context::<AppState>();
    let file_input = NodeRef::<leptos::html::Input>::new();
    let counts = move || {
        st.review.with(|r| {
            let total = r.doc.annotations.len();
            let done = r.doc.annotations.iter().filter(|a| a.status != Status::Suggested).count();
            format!("{done} of {total} reviewed")
        })
    };
    let undo_label =
        move || st.review.with(|r| r.history.undo_label().map_or("Undo".to_string(), |l| format!("Undo {l}")));
    let redo_label =
        move || st.review.with(|r| r.history.redo_label().map_or("Redo".to_string(), |l| format!("Redo {l}")));
    let export_menu = NodeRef::<leptos::html::Details>::new();
    // one handler for the tool buttons (their `data-act`), not one closure each: smaller wasm
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = crate::dom::acted_on(&ev) else { return };
        let export = |what| {
            io::export(st, what);
            if let Some(d) = export_menu.get() {
                d.set_open(false);
            }
        };
        match el.get_attribute("data-act").as_deref() {
            Some("library") => {
                st.view.set(if st.view.get_untracked() == View::Library { View::Review } else { View::Library })
            }
            Some("new") => st.view.set(View::New),
            Some("open") => {
                if let Some(i) = file_input.get() {
                    i.click();
                }
            }
            Some("native") => export(Export::Native),
            Some("w3c") => export(Export::W3c),
            Some("csv") => export(Export::Csv),
            Some("undo") => st.undo(),
            Some("redo") => st.redo(),
            Some("keys") => st.help_open.update(|h| *h = !*h),
            _ => {}
        }
    };
    view! {
        <header class="bar" on:click=on_click>
            <h1>"Quotelens"</h1>
            <p class="doc-title">{move || st.review.with(|r| r.doc.title.clone())}</p>
            <p class="progress" aria-live="polite">{counts}</p>
            <nav class="tools" aria-label="Tools">
                <button data-act="library">"Library"</button>
                <button data-act="new">"New"</button>
                <button data-act="open">"Open file…"</button>
                <input
                    type="file"
                    class="sr-only"
                    tabindex="-1"
                    aria-label="Open a .txt, .html or .json file"
                    accept=".txt,.html,.htm,.json,.jsonld,text/plain,text/html,application/json"
                    node_ref=file_input
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        if let Some(f) = input.files().and_then(|l| l.get(0)) {
                            io::open_file(st, f);
                        }
                        input.set_value("");
                    }
                />
                <details class="menu" node_ref=export_menu>
                    <summary>"Export"</summary>
                    <div class="menu-items">
                        <button data-act="native">"Quotelens JSON"</button>
                        <button data-act="w3c">"W3C Web Annotation"</button>
                        <button data-act="csv">"CSV"</button>
                    </div>
                </details>
                <button data-act="undo" disabled=move || st.review.with(|r| !r.history.can_undo()) aria-keyshortcuts="u" title=undo_label>"Undo"</button>
                <button data-act="redo" disabled=move || st.review.with(|r| !r.history.can_redo()) aria-keyshortcuts="Shift+U" title=redo_label>"Redo"</button>
                <button data-act="keys" aria-keyshortcuts="?">"Keys (?)"</button>
            </nav>
        </header>
    }
}

fn notices() -> impl IntoView {
    let st = expect_context::<AppState>();
    move || {
        st.notice.get().map(|n| {
            let raw = n.raw.clone();
            view! {
                <div class=if n.error { "notice error" } else { "notice" } role=if n.error { "alert" } else { "status" }>
                    <span class="text">{n.text}</span>
                    {n.offer_export.then(|| view! { <button on:click=move |_| io::export(st, Export::Native)>"Export this document"</button> })}
                    {raw.map(|(id, raw)| view! {
                        <button on:click=move |_| { let _ = crate::files::download(&format!("{id}.stored.json"), "application/json", &raw); }>
                            "Download the stored record"
                        </button>
                    })}
                    <button class="link" on:click=move |_| st.notice.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}

/// Paste an article (or open one) to extract it. The fields are read when the button is
/// pressed (no signals: nothing else shows them).
fn new_doc() -> impl IntoView {
    let st = expect_context::<AppState>();
    let value = |id: &str| crate::components::details::value_of(id);
    view! {
        <section class="new" aria-labelledby="new-h">
            <h2 id="new-h">"New article"</h2>
            <p class="hint">"Paste an article, or open or drop a .txt or .html file anywhere on the page. It is read here, in your browser."</p>
            <label for="new-title">"Title (optional)"</label>
            <input id="new-title" type="text" />
            <label for="new-text">"Article text"</label>
            <textarea id="new-text" rows="16"></textarea>
            <div class="actions">
                <button class="primary" on:click=move |_| io::open_text(st, value("new-title"), value("new-text"))>
                    "Find quotes and claims"
                </button>
                <button on:click=move |_| st.view.set(View::Review)>"Cancel"</button>
            </div>
        </section>
    }
}

#[component]
pub fn App() -> impl IntoView {
    let st = AppState::new(Review::new(ReviewDoc::new("", "Opening…", "", 0.0)));
    provide_context(st);
    st.boot();
    crate::components::details::follow_selection(st);

    Effect::new(move |_| {
        if let Some(id) = st.selected.get() {
            reveal(&id);
        }
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev| on_key(st, &ev));
    // a file dropped anywhere on the page opens (nothing happens on drag over a text field)
    let over = window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default());
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        if let Some(f) = ev.data_transfer().and_then(|d| d.files()).and_then(|l| l.get(0)) {
            io::open_file(st, f);
        }
    });
    on_cleanup(move || {
        keys.remove();
        over.remove();
        drop.remove();
    });

    view! {
        {toolbar()}
        {notices()}
        {move || match st.view.get() {
            View::Library => view! { <main class="page">{library()}</main> }.into_any(),
            View::New => view! { <main class="page">{new_doc()}</main> }.into_any(),
            View::Review => view! {
                <main class="workspace">
                    <Article />
                    <div class="side">
                        {details()}
                        <Panel />
                    </div>
                </main>
            }
            .into_any(),
        }}
        {help()}
    }
}
