//! The `?` overlay: every key the review understands.

use leptos::prelude::*;

use crate::state::AppState;

pub const KEYS: &[(&str, &str)] = &[
    ("j or n", "next annotation"),
    ("k or p", "previous annotation"),
    ("a", "accept the selected annotation"),
    ("r", "reject it"),
    ("s", "set it back to suggested"),
    ("e", "edit it: kind, speaker, span, verdict, links, note, tags"),
    ("u or Ctrl+Z", "undo"),
    ("Shift+U, Ctrl+Y or Ctrl+Shift+Z", "redo"),
    ("/", "search the annotations"),
    ("?", "show or hide this list"),
    ("Escape", "close this list, or clear the selection"),
];

#[component]
pub fn Help() -> impl IntoView {
    let st = expect_context::<AppState>();
    view! {
        {move || st.help_open.get().then(|| view! {
            <div class="overlay" on:click=move |_| st.help_open.set(false)>
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="help-h"
                    on:click=|ev| ev.stop_propagation()
                >
                    <h2 id="help-h">"Keyboard"</h2>
                    <dl class="keys">
                        {KEYS.iter().map(|(k, what)| view! { <dt><kbd>{*k}</kbd></dt><dd>{*what}</dd> }).collect_view()}
                    </dl>
                    <button class="close" autofocus on:click=move |_| st.help_open.set(false)>"Close"</button>
                </div>
            </div>
        })}
    }
}
