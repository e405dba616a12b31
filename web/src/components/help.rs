//! The `?` list: every key the review understands, in an in-page dialog.

use leptos::prelude::*;

use crate::state::AppState;

pub const KEYS: &[(&str, &str)] = &[
    ("j or n", "next annotation"),
    ("k or p", "previous annotation"),
    ("a", "accept the selected annotation"),
    ("r", "reject it"),
    ("s", "set it back to suggested"),
    ("e", "edit it: note, kind, speaker, span, verdict, links, tags"),
    ("Escape (in the edit form)", "close the edit form; review keys work again"),
    ("m", "with text selected in the article (by mouse, or by keyboard with caret browsing, F7): annotate it as a quote, claim or note"),
    ("u or Ctrl+Z", "undo"),
    ("Shift+U, Ctrl+Y or Ctrl+Shift+Z", "redo"),
    ("/", "search the annotations"),
    ("?", "show this list"),
    ("Escape", "close this list or any dialog, or clear the selection"),
];

/// Opens the list of keys as an in-page dialog (see [`crate::dialog`]) whenever `help_open`
/// turns true; closing it sets `help_open` back.
pub fn help() -> impl IntoView {
    let st = expect_context::<AppState>();
    Effect::new(move |_| {
        if st.help_open.get() {
            use quotelens_dom::build::b;
            let list = b("dl")
                .a("class", "keys")
                .all(KEYS.iter().flat_map(|(k, what)| [b("dt").c(b("kbd").t(k)), b("dd").t(what)]).collect());
            crate::dialog::tell(
                "Keyboard",
                "These keys work when the focus is on the article, a list row or the card's Accept, Reject and Reset, and never while typing in a field or while the edit form is open.",
                list,
                "Close",
                move || st.help_open.set(false),
            );
        }
    });
}
