//! The selected annotation: its words, speaker, cue and review state, with the review buttons.

use leptos::prelude::*;

use crate::model::Status;
use crate::state::AppState;

#[component]
pub fn Details() -> impl IntoView {
    let st = expect_context::<AppState>();
    let current = Memo::new(move |_| {
        let id = st.selected.get()?;
        st.review.with(|r| {
            let a = r.get(&id)?;
            Some((a.clone(), r.doc.text_of(a).to_string(), r.speaker_name(a).map(str::to_string), r.cue(a).map(str::to_string)))
        })
    });
    view! {
        <section class="details" aria-label="Selected annotation" aria-live="polite">
            {move || match current.get() {
                None => view! {
                    <p class="hint">"Select a highlighted passage or a list item. Press " <kbd>"?"</kbd> " for the keys."</p>
                }
                .into_any(),
                Some((a, words, speaker, cue)) => view! {
                    <div class=format!("card k-{} s-{}", a.kind, a.status)>
                        <p class="meta">
                            <span class="tag">{a.kind.as_str()}</span>
                            " "
                            <span class="state">{a.status.as_str()}</span>
                        </p>
                        <p class="speaker">
                            <span class="label">"Speaker: "</span>
                            {speaker.unwrap_or_else(|| "not named".into())}
                        </p>
                        {cue.map(|c| view! { <p class="cue"><span class="label">"Cue: "</span>{c}</p> })}
                        <blockquote class="words">{words}</blockquote>
                        <div class="actions">
                            <button class="accept" aria-keyshortcuts="a" on:click=move |_| st.set_status(Status::Accepted)>"Accept (a)"</button>
                            <button class="reject" aria-keyshortcuts="r" on:click=move |_| st.set_status(Status::Rejected)>"Reject (r)"</button>
                            <button aria-keyshortcuts="s" on:click=move |_| st.set_status(Status::Suggested)>"Reset (s)"</button>
                        </div>
                    </div>
                }
                .into_any(),
            }}
        </section>
    }
}
