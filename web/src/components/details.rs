//! The selected annotation: its words, speaker, cue and review state, with everything a reader
//! can change — status, kind, speaker (from the roster or typed; merging two roster entries is
//! one action), span boundaries, verdict and evidence links for claims, note and tags. Each
//! change is one undoable edit of the core's model. Also: making a new annotation from a text
//! selection in the article.

use leptos::prelude::*;
use quotelens_core::review::SpeakerFilter;

use crate::model::{Edit, NewAnnotation, ReviewKind, SpeakerKind, SpeakerRef, Status, Verdict};
use crate::state::AppState;

/// The next word edge from `at` in `text` (forward or back), for moving span boundaries.
pub fn word_edge(text: &str, at: usize, forward: bool) -> usize {
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    if forward {
        let rest = &text[at..];
        let mut it = rest.char_indices().peekable();
        // skip non-word, then the word
        while let Some(&(_, c)) = it.peek() {
            if is_word(c) {
                break;
            }
            it.next();
        }
        while let Some(&(_, c)) = it.peek() {
            if !is_word(c) {
                break;
            }
            it.next();
        }
        at + it.peek().map_or(rest.len(), |&(i, _)| i)
    } else {
        let before = &text[..at];
        let mut end = before.len();
        let mut chars = before.char_indices().rev().peekable();
        while let Some(&(i, c)) = chars.peek() {
            if is_word(c) {
                break;
            }
            end = i;
            chars.next();
        }
        while let Some(&(i, c)) = chars.peek() {
            if !is_word(c) {
                break;
            }
            end = i;
            chars.next();
        }
        end
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Card {
    id: String,
    kind: ReviewKind,
    status: Status,
    verdict: Verdict,
    words: String,
    speaker_id: Option<String>,
    speaker: Option<String>,
    cue: Option<String>,
    note: String,
    tags: String,
    evidence: Vec<String>,
    start: usize,
    end: usize,
}

#[component]
pub fn Details() -> impl IntoView {
    let st = expect_context::<AppState>();
    let current = Memo::new(move |_| {
        let id = st.selected.get()?;
        st.review.with(|r| {
            let a = r.get(&id)?;
            Some(Card {
                id: a.id.clone(),
                kind: a.kind,
                status: a.status,
                verdict: a.verdict,
                words: r.doc.text_of(a).to_string(),
                speaker_id: a.speaker.clone(),
                speaker: r.speaker_name(a).map(str::to_string),
                cue: r.cue(a).map(str::to_string),
                note: a.note.clone(),
                tags: a.tags.join(", "),
                evidence: a.evidence.clone(),
                start: a.start,
                end: a.end,
            })
        })
    });
    let roster = Memo::new(move |_| {
        st.review.with(|r| r.doc.speakers.iter().map(|s| (s.id.clone(), s.name.clone())).collect::<Vec<_>>())
    });
    // the edit section stays open across the redraws its own edits cause
    let edit_open = RwSignal::new(false);
    view! {
        <section class="details" aria-label="Selected annotation">
            <Selection />
            {move || match current.get() {
                None => view! {
                    <p class="hint">"Select a highlighted passage or a list item, or select text in the article to annotate it. Press " <kbd>"?"</kbd> " for the keys."</p>
                }
                .into_any(),
                Some(c) => card(st, c, roster, edit_open).into_any(),
            }}
        </section>
    }
}

fn card(st: AppState, c: Card, roster: Memo<Vec<(String, String)>>, edit_open: RwSignal<bool>) -> impl IntoView {
    let id = c.id.clone();
    let edit = move |e: Edit| {
        st.apply(e);
    };
    let bound = {
        let id = id.clone();
        move |start_side: bool, forward: bool| {
            let (s, e) = (c.start, c.end);
            let text = st.review.with_untracked(|r| r.doc.text.clone());
            let (ns, ne) =
                if start_side { (word_edge(&text, s, forward), e) } else { (s, word_edge(&text, e, forward)) };
            // keep the edge on the word side: a start moved forward lands after the gap
            let ns = if start_side && forward { ns + text[ns..].len() - text[ns..].trim_start().len() } else { ns };
            if ns < ne {
                st.apply(Edit::SetBounds { id: id.clone(), start: ns, end: ne });
            }
        }
    };
    let (b1, b2, b3, b4) = (bound.clone(), bound.clone(), bound.clone(), bound);
    let speaker_input = NodeRef::<leptos::html::Input>::new();
    let set_speaker = {
        let id = id.clone();
        move || {
            let Some(input) = speaker_input.get() else { return };
            let name = input.value().trim().to_string();
            let speaker =
                if name.is_empty() { SpeakerRef::None } else { SpeakerRef::Name { name, kind: SpeakerKind::Person } };
            st.apply(Edit::SetSpeaker { id: id.clone(), speaker });
        }
    };
    let set_speaker2 = set_speaker.clone();
    let link_input = NodeRef::<leptos::html::Input>::new();
    let add_link = {
        let id = id.clone();
        move || {
            let Some(input) = link_input.get() else { return };
            let link = input.value().trim().to_string();
            if !link.is_empty() && st.apply(Edit::AddEvidence { id: id.clone(), link }) {
                input.set_value("");
            }
        }
    };
    let add_link2 = add_link.clone();
    let merge_from = c.speaker_id.clone();
    let merge_select = NodeRef::<leptos::html::Select>::new();
    let is_claim = c.kind == ReviewKind::Claim;
    let (id_kind, id_verdict, id_note, id_tags, id_del) = (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    let evidence = c.evidence.clone();
    view! {
        <div class=format!("card k-{} s-{}", c.kind, c.status)>
            <p class="meta">
                <span class="tag">{c.kind.as_str()}</span> " " <span class="state">{c.status.as_str()}</span>
                {is_claim.then(|| view! { " " <span class="verdict">{c.verdict.as_str()}</span> })}
            </p>
            <p class="speaker"><span class="label">"Speaker: "</span>{c.speaker.clone().unwrap_or_else(|| "not named".into())}</p>
            {c.cue.clone().map(|cue| view! { <p class="cue"><span class="label">"Cue: "</span>{cue}</p> })}
            <blockquote class="words">{c.words.clone()}</blockquote>
            <div class="actions">
                <button id="do-accept" class="accept" aria-keyshortcuts="a" on:click=move |_| st.set_status(Status::Accepted)>"Accept (a)"</button>
                <button id="do-reject" class="reject" aria-keyshortcuts="r" on:click=move |_| st.set_status(Status::Rejected)>"Reject (r)"</button>
                <button id="do-reset" aria-keyshortcuts="s" on:click=move |_| st.set_status(Status::Suggested)>"Reset (s)"</button>
            </div>
            <details
                class="edit"
                id="edit-annotation"
                prop:open=move || edit_open.get_untracked()
                on:toggle=move |ev| {
                    let d: web_sys::HtmlDetailsElement = event_target(&ev);
                    edit_open.set(d.open());
                }
            >
                <summary aria-keyshortcuts="e">"Edit (e)"</summary>
                <div class="fields">
                    <label>
                        "Kind "
                        <select
                            id="edit-kind"
                            on:change=move |ev| {
                                if let Some(kind) = ReviewKind::parse(&event_target_value(&ev)) {
                                    edit(Edit::SetKind { id: id_kind.clone(), kind });
                                }
                            }
                        >
                            {ReviewKind::ALL.iter().map(|&k| view! { <option value=k.as_str() selected=k == c.kind>{k.as_str()}</option> }).collect_view()}
                        </select>
                    </label>
                    <div class="row">
                        <label for="edit-speaker">"Speaker"</label>
                        <input
                            id="edit-speaker"
                            type="text"
                            list="roster-names"
                            placeholder="name, or empty for nobody"
                            prop:value=c.speaker.clone().unwrap_or_default()
                            node_ref=speaker_input
                            on:keydown=move |ev| if ev.key() == "Enter" { set_speaker2() }
                        />
                        <datalist id="roster-names">
                            <For each=move || roster.get() key=|x| x.clone() let:s><option value=s.1.clone()></option></For>
                        </datalist>
                        <button id="set-speaker" on:click=move |_| set_speaker()>"Set speaker"</button>
                    </div>
                    {merge_from.map(|from| {
                        let from2 = from.clone();
                        let others = move || roster.get().into_iter().filter(|(i, _)| *i != from2).collect::<Vec<_>>();
                        view! {
                            <div class="row">
                                <label for="merge-into">"Merge this speaker into"</label>
                                <select id="merge-into" node_ref=merge_select>
                                    <For each=others key=|x| x.clone() let:s>
                                        <option value=s.0.clone()>{s.1.clone()}</option>
                                    </For>
                                </select>
                                <button on:click=move |_| {
                                    if let Some(into) = merge_select.get().map(|s| s.value()).filter(|v| !v.is_empty()) {
                                        if st.apply(Edit::MergeSpeakers { from: from.clone(), into: into.clone() }) {
                                            st.filter.update(|f| if f.speaker == SpeakerFilter::Is(from.clone()) { f.speaker = SpeakerFilter::Is(into) });
                                        }
                                    }
                                }>"Merge"</button>
                            </div>
                        }
                    })}
                    <div class="row" role="group" aria-label="Span boundaries">
                        <span class="label">"Span: "</span>
                        <button id="start-back" on:click=move |_| b1(true, false) title="Start one word earlier">"◀ start"</button>
                        <button id="start-on" on:click=move |_| b2(true, true) title="Start one word later">"start ▶"</button>
                        <button id="end-back" on:click=move |_| b3(false, false) title="End one word earlier">"◀ end"</button>
                        <button id="end-on" on:click=move |_| b4(false, true) title="End one word later">"end ▶"</button>
                    </div>
                    {is_claim.then(|| view! {
                        <label>
                            "Verdict "
                            <select id="edit-verdict" on:change=move |ev| {
                                if let Some(verdict) = Verdict::parse(&event_target_value(&ev)) {
                                    edit(Edit::SetVerdict { id: id_verdict.clone(), verdict });
                                }
                            }>
                                {Verdict::ALL.iter().map(|&v| view! { <option value=v.as_str() selected=v == c.verdict>{v.as_str()}</option> }).collect_view()}
                            </select>
                        </label>
                        <div class="evidence">
                            <span class="label">"Evidence links"</span>
                            <ul>
                                {evidence.into_iter().map(|link| {
                                    let (l2, idl) = (link.clone(), id.clone());
                                    view! {
                                        <li>
                                            <span class="link-text">{link.clone()}</span>
                                            " "
                                            <button class="link" aria-label=format!("Remove {link}") on:click=move |_| edit(Edit::RemoveEvidence { id: idl.clone(), link: l2.clone() })>"remove"</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <div class="row">
                                <input type="url" aria-label="New evidence link" placeholder="https://…" node_ref=link_input on:keydown=move |ev| if ev.key() == "Enter" { add_link2() } />
                                <button id="add-link" on:click=move |_| add_link()>"Add link"</button>
                            </div>
                        </div>
                    })}
                    <label for="edit-note">"Note"</label>
                    <textarea id="edit-note" rows="2" prop:value=c.note.clone() on:change=move |ev| edit(Edit::SetNote { id: id_note.clone(), note: event_target_value(&ev) })></textarea>
                    <label for="edit-tags">"Tags (comma-separated)"</label>
                    <input
                        id="edit-tags"
                        type="text"
                        prop:value=c.tags.clone()
                        on:change=move |ev| {
                            let tags = event_target_value(&ev).split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
                            edit(Edit::SetTags { id: id_tags.clone(), tags });
                        }
                    />
                    <button class="danger" on:click=move |_| { if st.apply(Edit::Delete { id: id_del.clone() }) { st.selected.set(None); } }>"Delete annotation"</button>
                </div>
            </details>
        </div>
    }
}

/// A text selection in the article, as byte offsets, if there is one.
pub fn selected_range() -> Option<(usize, usize)> {
    use wasm_bindgen::JsCast;
    let sel = web_sys::window()?.get_selection().ok()??;
    if sel.is_collapsed() || sel.range_count() == 0 {
        return None;
    }
    let range = sel.get_range_at(0).ok()?;
    let point = |node: web_sys::Node, offset: u32| -> Option<usize> {
        // the run element carries its byte offset in data-o; the offset inside is in UTF-16
        let el: web_sys::Element = if node.node_type() == web_sys::Node::TEXT_NODE {
            node.parent_element()?
        } else {
            node.clone().dyn_into().ok()?
        };
        let run = el.closest("[data-o]").ok()??;
        let base: usize = run.get_attribute("data-o")?.parse().ok()?;
        let text = run.text_content().unwrap_or_default();
        let units = if el.is_same_node(Some(&run)) && node.node_type() != web_sys::Node::TEXT_NODE {
            0
        } else {
            offset as usize
        };
        Some(base + crate::layout::byte_at_utf16(&text, units))
    };
    let a = point(range.start_container().ok()?, range.start_offset().ok()?)?;
    let b = point(range.end_container().ok()?, range.end_offset().ok()?)?;
    (a < b).then_some((a, b))
}

/// Follows the text selection of the page into `AppState::text_selection` (installed once:
/// `selectionchange` fires on the document only, it does not reach the window).
pub fn follow_selection(st: AppState) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let on_change = Closure::<dyn FnMut()>::new(move || {
        let r = selected_range().and_then(|(a, b)| st.review.with_untracked(|rv| rv.doc.trim_selection(a, b)));
        if st.text_selection.try_get_untracked().is_some_and(|old| old != r) {
            st.text_selection.set(r);
        }
    });
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let _ = doc.add_event_listener_with_callback("selectionchange", on_change.as_ref().unchecked_ref());
    }
    on_change.forget();
}

/// Offers to make a quote, claim or note of the text selected in the article.
#[component]
fn Selection() -> impl IntoView {
    let st = expect_context::<AppState>();
    let range = st.text_selection;
    let make = move |kind: ReviewKind| {
        let Some((start, end)) = range.get_untracked() else { return };
        let id = st.review.with_untracked(|r| r.doc.peek_annotation_id());
        if st.apply(Edit::Add(NewAnnotation::new(kind, start, end))) {
            if let Some(s) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
                let _ = s.remove_all_ranges();
            }
            range.set(None);
            st.selected.set(Some(id));
            st.say(format!("New {kind} added. Set its speaker, note and tags under Edit."));
        }
    };
    move || {
        range.get().map(|(a, b)| {
            let words = st.review.with_untracked(|r| {
                let s = r.doc.slice(a, b);
                if s.chars().count() > 60 {
                    format!("{}…", s.chars().take(58).collect::<String>())
                } else {
                    s.to_string()
                }
            });
            view! {
                <div class="selection" role="group" aria-label="Annotate the selected text">
                    <p>"Selected: " <q>{words}</q></p>
                    <button on:click=move |_| make(ReviewKind::Quote)>"New quote"</button>
                    <button on:click=move |_| make(ReviewKind::Claim)>"New claim"</button>
                    <button on:click=move |_| make(ReviewKind::Note)>"New note"</button>
                </div>
            }
        })
    }
}
