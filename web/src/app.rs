//! The top of the app: state, the tool bar, the keyboard, and the two columns.

use leptos::prelude::*;
use quotelens_dom::act::Act;
use quotelens_dom::build::{act_of, acted_on};
use wasm_bindgen::JsCast;

use quotelens_review::ReviewDoc;

use crate::act::AppAct;
use crate::components::{article::Article, details::details, help::help, library::library, panel::Panel};
use crate::io::{self, Export};
use crate::model::{Review, Status};
use crate::state::{AppState, View};

/// Brings the selected annotation into view: its first run in the text (the page scrolls only
/// if it is off-screen) and its list row inside the side panel (which scrolls on its own, so the
/// card above it never moves, and the page never jumps to the list).
pub fn reveal(st: AppState, id: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let sel = quotelens_dom::build::css_string(id);
    let first = doc.get_element_by_id("doc-article").and_then(|article| {
        crate::components::article::marks_of(&article, st, id).into_iter().find(|m| m.has_attribute("data-first"))
    });
    if let Some(m) = first {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
        m.scroll_into_view_with_scroll_into_view_options(&opts);
    }
    if let Ok(Some(row)) = doc.query_selector(&format!(".panel [data-item=\"{sel}\"]")) {
        if let Ok(Some(list)) = row.closest(".panel") {
            scroll_within(&list, &row);
        }
    }
}

/// Scrolls `el` into view inside `scroller`, and only there: at phone width the panel does not
/// scroll on its own, and nothing moves.
fn scroll_within(scroller: &web_sys::Element, el: &web_sys::Element) {
    if scroller.scroll_height() <= scroller.client_height() + 1 {
        return;
    }
    let (b, r) = (scroller.get_bounding_client_rect(), el.get_bounding_client_rect());
    let by = if r.top() < b.top() {
        r.top() - b.top() - 8.0
    } else if r.bottom() > b.bottom() {
        r.bottom() - b.bottom() + 8.0
    } else {
        return;
    };
    scroller.set_scroll_top(scroller.scroll_top() + by as i32);
}

/// Moves keyboard focus to the selected annotation's list row (without scrolling the page), so
/// screen readers follow.
fn focus_item(id: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(Some(el)) = doc.query_selector(&format!("[data-item=\"{}\"]", quotelens_dom::build::css_string(id))) {
        crate::focus::focus(&el);
    }
}

/// A list row drawn only because its annotation is selected (beyond the rows listed) goes when
/// the selection moves on: focus leaves it first, for the article (the next row gets it once
/// drawn). Removing the focused element made the browser lay out the whole page: `j` took
/// 46 ms instead of 5 with 100,000 annotations.
fn leave_beyond_row() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if doc.active_element().is_some_and(|a| a.class_list().contains("beyond")) {
        if let Some(article) = doc.get_element_by_id("doc-article") {
            crate::focus::focus(&article);
        }
    }
}

/// The element a key was pressed in.
fn key_target(ev: &web_sys::KeyboardEvent) -> Option<web_sys::Element> {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}

/// A field: where letters are typing (and arrows move a choice).
fn is_field(el: &web_sys::Element) -> bool {
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el.closest("[contenteditable]").ok().flatten().is_some()
}

/// Whether a review key may act: never while the edit form or a dialog is open, never in a
/// field, and on a control (button, link, menu) only if it is one of the review's own
/// (`data-keys`: a list row, the card's Accept/Reject/Reset, the article).
fn keys_allowed(st: AppState, ev: &web_sys::KeyboardEvent) -> bool {
    if st.editing.get_untracked() {
        return false;
    }
    let Some(el) = key_target(ev) else { return true };
    if is_field(&el) || el.closest(".overlay").ok().flatten().is_some() {
        return false;
    }
    let control = el.closest("button, a, summary, details, [role=button]").ok().flatten();
    control.is_none_or(|c| c.has_attribute("data-keys"))
}

/// Closes the edit form (saving a note being typed) and puts focus back where keys work.
pub fn close_edit(st: AppState) {
    crate::components::details::flush_note(st);
    st.editing.set(false);
    crate::focus::focus_home();
}

/// The review keys (see [`crate::components::help::KEYS`]).
pub fn on_key(st: AppState, ev: &web_sys::KeyboardEvent) {
    let key = ev.key();
    let ctrl = ev.ctrl_key() || ev.meta_key();
    if key == "Escape" {
        if st.help_open.get_untracked() {
            st.help_open.set(false);
        } else if st.editing.get_untracked() {
            ev.prevent_default();
            close_edit(st);
        } else if key_target(ev).is_none_or(|el| !is_field(&el)) {
            st.selected.set(None);
        }
        return;
    }
    if ev.alt_key() || !keys_allowed(st, ev) {
        return;
    }
    let handled = match (key.as_str(), ctrl) {
        ("z", true) => {
            st.undo();
            true
        }
        ("Z" | "y", true) => {
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
            leave_beyond_row();
            st.step(true);
            true
        }
        ("k" | "p", _) => {
            leave_beyond_row();
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
                st.editing.set(true);
                // the note, not the Kind list: a letter typed in a focused <select> picks an
                // option (and so changes the kind) without a word on screen
                set_timeout(
                    || {
                        if let Some(el) =
                            web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("edit-note"))
                        {
                            crate::focus::focus(&el);
                        }
                    },
                    std::time::Duration::ZERO,
                );
            }
            true
        }
        ("m", _) if st.text_selection.get_untracked().is_some() => {
            // text selected in the article (by keyboard: caret browsing, F7): to the offer to
            // make a quote, claim or note of it
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(".selection button").ok().flatten())
            {
                crate::focus::focus(&el);
            }
            true
        }
        ("/", _) => {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("input[type=search]").ok().flatten())
            {
                crate::focus::focus(&el);
            }
            true
        }
        _ => false,
    };
    if handled {
        ev.prevent_default();
        if matches!(key.as_str(), "j" | "n" | "k" | "p") {
            if let Some(id) = st.selected.get_untracked() {
                // once drawn: the row may be one the list draws only now (see the panel)
                set_timeout(move || focus_item(&id), std::time::Duration::ZERO);
            }
        }
    }
}

/// The tool bar, built as plain DOM (see [`quotelens_dom::build`]: as `view!`, it and the new-article form
/// were 2.8 KB more of the app's gzip); one click and one change handler for all of it, and one
/// effect for its four live parts.
fn toolbar() -> impl IntoView {
    let st = expect_context::<AppState>();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = acted_on(&ev) else { return };
        let export = |what| {
            io::export(st, what);
            if let Ok(Some(d)) = el.closest("details") {
                let _ = d.remove_attribute("open");
            }
        };
        match act_of(&el) {
            Some(Act::ExportNative) => return export(Export::Native),
            Some(Act::ExportW3c) => return export(Export::W3c),
            _ => {}
        }
        match act_of(&el) {
            Some(AppAct::Library) => {
                st.view.set(if st.view.get_untracked() == View::Library { View::Review } else { View::Library });
            }
            Some(AppAct::New) => st.view.set(View::New),
            Some(AppAct::Open) => {
                if let Some(i) = el
                    .parent_element()
                    .and_then(|n| n.query_selector("input[type=file]").ok().flatten())
                    .and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    i.click();
                }
            }
            Some(AppAct::Csv) => export(Export::Csv),
            Some(AppAct::Undo) => st.undo(),
            Some(AppAct::Redo) => st.redo(),
            Some(AppAct::Keys) => st.help_open.update(|h| *h = !*h),
            _ => {}
        }
    };
    // the file input is the bar's only field
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(f) = input.files().and_then(|l| l.get(0)) {
            io::open_file(st, f);
        }
        input.set_value("");
    };
    view! { <header class="bar" on:click=on_click on:change=on_change use:fill_toolbar=st></header> }
}

/// Sets an element's text, only when it changes (a live region re-announces any rewrite).
fn set_text(el: &web_sys::Element, text: &str) {
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}

fn fill_toolbar(el: web_sys::Element, st: AppState) {
    use quotelens_dom::build::{b, button, fill};
    let title = b("p").a("class", "doc-title").a("dir", "auto");
    let progress = b("p").a("class", "progress").a("aria-live", "polite");
    let undo = button(AppAct::Undo.as_str(), "Undo").a("aria-keyshortcuts", "u");
    let redo = button(AppAct::Redo.as_str(), "Redo").a("aria-keyshortcuts", "Shift+U");
    let live = (title.0.clone(), progress.0.clone(), undo.0.clone(), redo.0.clone());
    Effect::new(move |_| {
        let (title, progress, undo, redo) = &live;
        st.review.with(|r| {
            let total = r.doc.annotations.len();
            let done = r.reviewed;
            set_text(title, &r.doc.title);
            set_text(progress, &format!("{done} of {total} reviewed"));
            let h = &r.history;
            for (el, can, label, verb) in
                [(undo, h.can_undo(), h.undo_label(), "Undo"), (redo, h.can_redo(), h.redo_label(), "Redo")]
            {
                let _ = if can { el.remove_attribute("disabled") } else { el.set_attribute("disabled", "") };
                let _ = el.set_attribute("title", &label.map_or(verb.to_string(), |l| format!("{verb} {l}")));
            }
        });
    });
    let _ = fill(el).c(b("h1").t("Quotelens")).c(title).c(progress).c(b("nav")
        .a("class", "tools")
        .a("aria-label", "Tools")
        .c(button(AppAct::Library.as_str(), "Library"))
        .c(button(AppAct::New.as_str(), "New"))
        .c(button(AppAct::Open.as_str(), "Open file…"))
        .c(b("input")
            .a("type", "file")
            .a("class", "sr-only")
            .a("tabindex", "-1")
            .a("aria-label", "Open a .txt, .html or .json file")
            .a("accept", ".txt,.html,.htm,.json,.jsonld,text/plain,text/html,application/json"))
        .c(b("details").a("class", "menu").c(b("summary").t("Export")).c(b("div")
            .a("class", "menu-items")
            .c(button(Act::ExportNative.as_str(), "Quotelens JSON"))
            .c(button(Act::ExportW3c.as_str(), "W3C Web Annotation"))
            .c(button(AppAct::Csv.as_str(), "CSV"))))
        .c(undo)
        .c(redo)
        .c(button(AppAct::Keys.as_str(), "Keys (?)").a("aria-keyshortcuts", "?")));
}

fn notices() -> impl IntoView {
    let st = expect_context::<AppState>();
    move || {
        st.notice.get().map(|n| {
            let raw = n.raw.clone();
            // one handler for the notice's buttons (their `data-act`); the notice is plain DOM
            let on_click = move |ev: leptos::ev::MouseEvent| match acted_on(&ev).and_then(|b| act_of(&b)) {
                Some(AppAct::Export) => io::export(st, Export::Native),
                Some(AppAct::Raw) => {
                    if let Some((id, raw)) = &raw {
                        let _ = crate::files::download(&format!("{id}.stored.json"), "application/json", raw);
                    }
                }
                Some(AppAct::Keep) => st.keep_deleted(),
                Some(AppAct::Dismiss) => st.notice.set(None),
                _ => {}
            };
            view! { <div on:click=on_click use:fill_notice=n></div> }
        })
    }
}

fn fill_notice(el: web_sys::Element, n: crate::state::Notice) {
    use quotelens_dom::build::{b, button, fill};
    let notice = fill(el)
        .a("class", if n.error { "notice error" } else { "notice" })
        .a("role", if n.error { "alert" } else { "status" })
        .c(b("span").a("class", "text").t(&n.text));
    let notice =
        if n.offer_export { notice.c(button(AppAct::Export.as_str(), "Export this document")) } else { notice };
    let notice =
        if n.raw.is_some() { notice.c(button(AppAct::Raw.as_str(), "Download the stored record")) } else { notice };
    let notice = if n.topic == crate::state::Topic::Deleted {
        notice.c(button(AppAct::Keep.as_str(), "Keep it in the library"))
    } else {
        notice
    };
    let _ = notice.c(button(AppAct::Dismiss.as_str(), "Dismiss").a("class", "link"));
}

/// Paste an article (or open one) to extract it. The fields are read when the button is
/// pressed (no signals: nothing else shows them). Plain DOM (see [`quotelens_dom::build`]), one click
/// handler for both buttons.
fn new_doc() -> impl IntoView {
    let st = expect_context::<AppState>();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let value = crate::components::details::value_of;
        match acted_on(&ev).and_then(|el| act_of(&el)) {
            Some(AppAct::Extract) => io::open_text(st, value("new-title"), value("new-text")),
            Some(AppAct::Cancel) => st.view.set(View::Review),
            _ => {}
        }
    };
    view! { <section class="new" aria-labelledby="new-h" on:click=on_click use:fill_new_doc></section> }
}

fn fill_new_doc(el: web_sys::Element) {
    use quotelens_dom::build::{b, button, fill};
    let _ = fill(el)
        .c(b("h2").a("id", "new-h").t("New article"))
        .c(b("p").a("class", "hint").t(
            "Paste an article, or open or drop a .txt or .html file anywhere on the page. It is read here, in your browser.",
        ))
        .c(b("label").a("for", "new-title").t("Title (optional)"))
        .c(b("input").a("id", "new-title").a("type", "text"))
        .c(b("label").a("for", "new-text").t("Article text"))
        .c(b("textarea").a("id", "new-text").a("rows", "16"))
        .c(b("div")
            .a("class", "actions")
            .c(button(AppAct::Extract.as_str(), "Find quotes and claims").a("class", "primary"))
            .c(button(AppAct::Cancel.as_str(), "Cancel")));
}

#[component]
pub fn App() -> impl IntoView {
    let st = AppState::new(Review::new(ReviewDoc::new("", "Opening…", "", 0.0)));
    provide_context(st);
    st.boot();
    crate::components::details::follow_selection(st);

    Effect::new(move |_| {
        let now = st.selected.get();
        // the edit form belongs to one annotation: another one's card opens closed
        st.editing.set(false);
        if let Some(id) = now {
            // once drawn: the list may draw the row only now (see the panel)
            set_timeout(move || reveal(st, &id), std::time::Duration::ZERO);
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
    // a note being typed is applied (and kept as a draft) when the tab is hidden or closed
    let hide = window_event_listener(leptos::ev::pagehide, move |_| crate::components::details::flush_note(st));
    crate::focus::guard_focus();
    on_cleanup(move || {
        hide.remove();
        keys.remove();
        over.remove();
        drop.remove();
    });

    // a view is drawn anew only when it changes: setting a signal notifies even with the same
    // value, and a review drawn anew on every document opened was drawn twice (the old view's
    // effects redrew it for the new document first) with the list's first rows in the same
    // task: one 120-200 ms task on a 1 MB article, half of it thrown away
    let shown_view = Memo::new(move |_| st.view.get());
    view! {
        {toolbar()}
        {notices()}
        {move || match shown_view.get() {
            View::Library => view! { <main class="page" tabindex="-1">{library()}</main> }.into_any(),
            View::New => view! { <main class="page" tabindex="-1">{new_doc()}</main> }.into_any(),
            View::Review => view! {
                <main class="workspace" tabindex="-1">
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
