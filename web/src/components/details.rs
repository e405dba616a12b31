//! The selected annotation: its words, speaker, cue and review state, with everything a reader
//! can change — status, kind, speaker (from the roster or typed; merging two roster entries is
//! one action), span boundaries, verdict and evidence links for claims, note and tags. Each
//! change is one undoable edit of the core's model. Also: making a new annotation from a text
//! selection in the article.

use leptos::prelude::*;
use quotelens_dom::act::Act;
use quotelens_dom::build::{act_of, acted_on};
use quotelens_review::SpeakerFilter;

use crate::act::AppAct;
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
    evidence: Vec<String>,
    start: usize,
    end: usize,
}

/// The panel of the selected annotation (a plain function: no props).
pub fn details() -> impl IntoView {
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
                evidence: a.evidence.clone(),
                start: a.start,
                end: a.end,
            })
        })
    });
    let roster = Memo::new(move |_| {
        st.review.with(|r| r.doc.speakers.iter().map(|s| (s.id.clone(), s.name.clone())).collect::<Vec<_>>())
    });
    // the edit form follows `editing` (e opens it, Escape closes it)
    Effect::new(move |_| {
        let open = st.editing.get();
        if let Some(d) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("edit-annotation"))
        {
            let _ = if open { d.set_attribute("open", "") } else { d.remove_attribute("open") };
        }
    });
    // the note and tags are not part of the card (a card redrawn under the pointer swallows the
    // click that caused it): their fields follow the document here, unless the note is being typed
    Effect::new(move |_| {
        let Some(id) = st.selected.get() else { return };
        let Some((note, tags)) = st.review.with(|r| r.get(&id).map(|a| (a.note.clone(), a.tags.join(", ")))) else {
            return;
        };
        if note_typed(&id).is_some() {
            return;
        }
        let doc = web_sys::window().and_then(|w| w.document());
        let active = doc.as_ref().and_then(web_sys::Document::active_element).map(|a| a.id()).unwrap_or_default();
        // the note is refreshed even when focused (nothing typed is pending: a merge kept it)
        for (field, value) in [("edit-note", note), ("edit-tags", tags)] {
            if (field == "edit-note" || field != active) && value_of(field) != value {
                if let Some(el) = doc.as_ref().and_then(|d| d.get_element_by_id(field)) {
                    let _ = quotelens_dom::build::B(el).value(&value);
                }
            }
        }
    });
    view! {
        <section class="details" aria-label="Selected annotation">
            {selection()}
            {move || match (current.get(), roster.get()) {
                (None, _) => view! {
                    <p class="hint">"Select a highlighted passage or a list item, or select text in the article to annotate it. Press " <kbd>"?"</kbd> " for the keys."</p>
                }
                .into_any(),
                (Some(c), names) => card(st, c, names).into_any(),
            }}
        </section>
    }
}

/// The value of the form control with this id (empty if there is none).
pub fn value_of(id: &str) -> String {
    use wasm_bindgen::JsCast;
    let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) else {
        return String::new();
    };
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.value()
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.value()
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}

/// The element an event happened on.
fn target_of(ev: &web_sys::Event) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    ev.target()?.dyn_into().ok()
}

/// What a button of the card does, for the card's one click handler.
fn act(st: AppState, c: &Card, what: AppAct, el: &web_sys::Element) {
    let id = c.id.clone();
    let bound = |start_side: bool, forward: bool| {
        let (s, e) = (c.start, c.end);
        let text = st.review.with_untracked(|r| r.doc.text.clone());
        let (ns, ne) = if start_side { (word_edge(&text, s, forward), e) } else { (s, word_edge(&text, e, forward)) };
        // keep the edge on the word side: a start moved forward lands after the gap
        let ns = if start_side && forward { ns + text[ns..].len() - text[ns..].trim_start().len() } else { ns };
        if ns < ne {
            st.apply(Edit::SetBounds { id: id.clone(), start: ns, end: ne });
        }
    };
    match what {
        AppAct::StartBack => bound(true, false),
        AppAct::StartOn => bound(true, true),
        AppAct::EndBack => bound(false, false),
        AppAct::EndOn => bound(false, true),
        AppAct::SetSpeaker => {
            let name = value_of("edit-speaker").trim().to_string();
            let speaker =
                if name.is_empty() { SpeakerRef::None } else { SpeakerRef::Name { name, kind: SpeakerKind::Person } };
            st.apply(Edit::SetSpeaker { id, speaker });
        }
        AppAct::Merge => {
            let into = value_of("merge-into");
            if let (Some(from), false) = (c.speaker_id.clone(), into.is_empty()) {
                if st.apply(Edit::MergeSpeakers { from: from.clone(), into: into.clone() }) {
                    st.filter.update(|f| {
                        if f.speaker == SpeakerFilter::Is(from) {
                            f.speaker = SpeakerFilter::Is(into);
                        }
                    });
                }
            }
        }
        AppAct::AddLink => {
            let link = percent_encode_unsafe(value_of("new-link").trim());
            if !link.is_empty() && st.apply(Edit::AddEvidence { id, link }) {
                if let Some(i) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("new-link"))
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(e).ok())
                {
                    i.set_value("");
                }
            }
        }
        AppAct::RemoveLink => {
            if let Some(link) = el.get_attribute("data-link") {
                st.apply(Edit::RemoveEvidence { id, link });
            }
        }
        AppAct::Close => {
            st.selected.set(None);
            crate::focus::focus_home();
        }
        _ => {}
    }
}

/// An evidence link: a link that opens in a new tab and is told nothing of this page, when it
/// is http(s) (the core refuses every other scheme when a link is added or imported: this is
/// the second lock); anything else shows as text.
fn link_to(link: &str) -> quotelens_dom::build::B {
    use quotelens_dom::build::b;
    let lower = link.to_ascii_lowercase();
    let web = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !link.contains(|c: char| c.is_whitespace() || c.is_control() || "\"<>`\\".contains(c));
    if web {
        b("a")
            .a("class", "link-text")
            .a("href", link)
            .a("target", "_blank")
            .a("rel", "noopener noreferrer")
            .a("dir", "auto")
            .t(link)
    } else {
        b("span").a("class", "link-text").t(link)
    }
}

/// A pasted link with the characters a URL holds only percent-encoded (`"`, `<`, `>`, `` ` ``,
/// `\`) encoded, as browsers do in their address bar, rather than refused.
pub fn percent_encode_unsafe(link: &str) -> String {
    let mut out = String::with_capacity(link.len());
    for c in link.chars() {
        match c {
            '"' => out.push_str("%22"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '`' => out.push_str("%60"),
            '\\' => out.push_str("%5C"),
            _ => out.push(c),
        }
    }
    out
}

/// The selected annotation's card: a `<div>` filled by [`fill_card`] (see [`quotelens_dom::build`]). Its
/// controls share one handler per kind of event (click, change, Enter), told apart by their
/// `data-act` and ids.
fn card(st: AppState, c: Card, names: Vec<(String, String)>) -> impl IntoView {
    let class = format!("card k-{} s-{}", c.kind, c.status);
    let (c1, c2, c3, c4) = (c.clone(), c.clone(), c.clone(), c.clone());
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(t) = target_of(&ev) else { return };
        if let Ok(Some(d)) = t.closest("summary").map(|s| s.and_then(|s| s.parent_element())) {
            st.editing.set(!d.has_attribute("open"));
            return;
        }
        let Some(el) = t.closest("[data-act]").ok().flatten() else { return };
        let id = || c1.id.clone();
        match act_of(&el) {
            Some(Act::Accept) => return st.set_status(Status::Accepted),
            Some(Act::Reject) => return st.set_status(Status::Rejected),
            Some(Act::Reset) => return st.set_status(Status::Suggested),
            Some(Act::Delete) => {
                if st.apply(Edit::Delete { id: id() }) {
                    st.selected.set(None);
                }
                return;
            }
            _ => {}
        }
        if let Some(what) = act_of(&el) {
            act(st, &c1, what, &el);
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(el) = target_of(&ev) else { return };
        let (id, value) = (c2.id.clone(), value_of(&el.id()));
        let edit = match el.id().as_str() {
            "edit-kind" => ReviewKind::parse(&value).map(|kind| Edit::SetKind { id, kind }),
            "edit-verdict" => Verdict::parse(&value).map(|verdict| Edit::SetVerdict { id, verdict }),
            "edit-note" => {
                flush_note(st);
                None
            }
            "edit-tags" => Some(Edit::SetTags {
                id,
                tags: value.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
            }),
            _ => None,
        };
        if let Some(e) = edit {
            st.apply(e);
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Enter" {
            return;
        }
        let Some(el) = target_of(&ev) else { return };
        match el.id().as_str() {
            "edit-speaker" => act(st, &c3, AppAct::SetSpeaker, &el),
            "new-link" => act(st, &c3, AppAct::AddLink, &el),
            _ => {}
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        if target_of(&ev).is_some_and(|el| el.id() == "edit-note") {
            typed_note(st, c4.id.clone(), value_of("edit-note"));
        }
    };
    let (note, tags) = st.review.with_untracked(|r| {
        r.get(&c.id).map_or((String::new(), String::new()), |a| (a.note.clone(), a.tags.join(", ")))
    });
    let note = note_typed(&c.id).unwrap_or(note);
    let param = (c, names, st.editing.get_untracked(), note, tags);
    view! { <div class=class dir="auto" on:click=on_click on:change=on_change on:keydown=on_keydown on:input=on_input use:fill_card=param></div> }
}

/// Fills (or, redrawn in place, refills) the card's element.
fn fill_card(el: web_sys::Element, (c, names, open, note, tags): (Card, Vec<(String, String)>, bool, String, String)) {
    use quotelens_dom::build::{b, button, select};
    // a card redrawn in place keeps the edit section as the reader left it
    el.set_text_content(None);
    let is_claim = c.kind == ReviewKind::Claim;
    let label = |text: &str| b("span").a("class", "label").t(text);
    let kinds: Vec<&str> = ReviewKind::ALL.iter().map(|k| k.as_str()).collect();
    let verdicts: Vec<&str> = Verdict::ALL.iter().map(|v| v.as_str()).collect();
    let meta = b("p")
        .a("class", "meta")
        .c(b("span").a("class", "tag").t(c.kind.as_str()))
        .t(" ")
        .c(b("span").a("class", "state").t(c.status.as_str()));
    let meta = if is_claim { meta.t(" ").c(b("span").a("class", "verdict").t(c.verdict.as_str())) } else { meta };
    let speaker_row = b("div")
        .a("class", "row")
        .c(b("label").a("for", "edit-speaker").t("Speaker"))
        .c(b("input")
            .a("id", "edit-speaker")
            .a("type", "text")
            .a("list", "roster-names")
            .a("placeholder", "name, or empty for nobody")
            .value(c.speaker.as_deref().unwrap_or_default()))
        .c(b("datalist").a("id", "roster-names").all(names.iter().map(|(_, n)| b("option").a("value", n)).collect()))
        .c(button(AppAct::SetSpeaker.as_str(), "Set speaker").a("id", "set-speaker"));
    let merge_row = c.speaker_id.as_ref().map(|from| {
        b("div")
            .a("class", "row")
            .c(b("label").a("for", "merge-into").t("Merge this speaker into"))
            .c(b("select")
                .a("id", "merge-into")
                .all(names.iter().filter(|(i, _)| i != from).map(|(i, n)| b("option").a("value", i).t(n)).collect()))
            .c(button(AppAct::Merge.as_str(), "Merge"))
    });
    let span_row = b("div")
        .a("class", "row")
        .a("role", "group")
        .a("aria-label", "Span boundaries")
        .c(label("Span: "))
        .c(button(AppAct::StartBack.as_str(), "◀ start").a("id", "start-back").a("title", "Start one word earlier"))
        .c(button(AppAct::StartOn.as_str(), "start ▶").a("id", "start-on").a("title", "Start one word later"))
        .c(button(AppAct::EndBack.as_str(), "◀ end").a("id", "end-back").a("title", "End one word earlier"))
        .c(button(AppAct::EndOn.as_str(), "end ▶").a("id", "end-on").a("title", "End one word later"));
    let claim = is_claim.then(|| {
        let links = c
            .evidence
            .iter()
            .map(|link| {
                b("li").c(link_to(link)).t(" ").c(button(AppAct::RemoveLink.as_str(), "remove")
                    .a("class", "link")
                    .a("aria-label", &format!("Remove {link}"))
                    .a("data-link", link))
            })
            .collect();
        (
            b("label").t("Verdict ").c(select("edit-verdict", &verdicts, c.verdict.as_str())),
            b("div").a("class", "evidence").c(label("Evidence links")).c(b("ul").all(links)).c(b("div")
                .a("class", "row")
                .c(b("input")
                    .a("id", "new-link")
                    .a("type", "url")
                    .a("aria-label", "New evidence link")
                    .a("placeholder", "https://…"))
                .c(button(AppAct::AddLink.as_str(), "Add link").a("id", "add-link"))),
        )
    });
    let (verdict, evidence) = claim.map_or((None, None), |(v, e)| (Some(v), Some(e)));
    let fields = b("div")
        .a("class", "fields")
        .c(b("label").t("Kind ").c(select("edit-kind", &kinds, c.kind.as_str())))
        .c(speaker_row)
        .opt(merge_row)
        .c(span_row)
        .opt(verdict)
        .opt(evidence)
        .c(b("label").a("for", "edit-note").t("Note"))
        .c(b("textarea").a("id", "edit-note").a("rows", "2").a("dir", "auto").value(&note))
        .c(b("label").a("for", "edit-tags").t("Tags (comma-separated)"))
        .c(b("input").a("id", "edit-tags").a("type", "text").value(&tags))
        .c(button(Act::Delete.as_str(), "Delete annotation").a("class", "danger"));
    let edit = b("details")
        .a("class", "edit")
        .a("id", "edit-annotation")
        .c(b("summary").a("aria-keyshortcuts", "e").t("Edit (e)"))
        .c(fields);
    let edit = if open { edit.a("open", "") } else { edit };
    let _ = quotelens_dom::build::B(el)
        .c(meta)
        .c(b("p").a("class", "speaker").c(label("Speaker: ")).t(c.speaker.as_deref().unwrap_or("not named")))
        .opt(c.cue.as_ref().map(|cue| b("p").a("class", "cue").c(label("Cue: ")).t(cue)))
        .c(b("blockquote").a("class", "words").a("dir", "auto").t(&c.words))
        .c(b("div")
            .a("class", "actions")
            .c(button(Act::Accept.as_str(), "Accept (a)")
                .a("id", "do-accept")
                .a("class", "accept")
                .a("aria-keyshortcuts", "a")
                .a("data-keys", ""))
            .c(button(Act::Reject.as_str(), "Reject (r)")
                .a("id", "do-reject")
                .a("class", "reject")
                .a("aria-keyshortcuts", "r")
                .a("data-keys", ""))
            .c(button(Act::Reset.as_str(), "Reset (s)")
                .a("id", "do-reset")
                .a("aria-keyshortcuts", "s")
                .a("data-keys", ""))
            .c(button(AppAct::Close.as_str(), "Close")
                .a("id", "do-close")
                .a("class", "close")
                .a("title", "Clear the selection (Escape)")))
        .c(edit);
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
        Some(base + quotelens_review::layout::byte_at_utf16(&text, units))
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
fn selection() -> impl IntoView {
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
    // one handler for the three buttons (their `data-act`); the offer is plain DOM
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let kind = match acted_on(&ev).and_then(|b| act_of(&b)) {
            Some(AppAct::NewQuote) => ReviewKind::Quote,
            Some(AppAct::NewClaim) => ReviewKind::Claim,
            Some(AppAct::NewNote) => ReviewKind::Note,
            _ => return,
        };
        make(kind);
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
                <div class="selection" role="group" aria-label="Annotate the selected text" on:click=on_click use:fill_selection=words></div>
            }
        })
    }
}

fn fill_selection(el: web_sys::Element, words: String) {
    use quotelens_dom::build::{b, button, fill};
    let _ = fill(el)
        .c(b("p").t("Selected: ").c(b("q").a("dir", "auto").t(&words)))
        .c(button(AppAct::NewQuote.as_str(), "New quote"))
        .c(button(AppAct::NewClaim.as_str(), "New claim"))
        .c(button(AppAct::NewNote.as_str(), "New note"));
}

// ---- a note being typed -----------------------------------------------------------------

thread_local! {
    /// The note being typed and not yet applied: (annotation id, text, the pending save).
    static TYPED: std::cell::RefCell<Option<(String, String, Option<TimeoutHandle>)>> = const { std::cell::RefCell::new(None) };
}

/// How long typing must pause before the note is saved (each save is one undo step).
const NOTE_PAUSE: std::time::Duration = std::time::Duration::from_millis(400);
const DRAFT_KEY: &str = "quotelens-note-draft";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text typed into this annotation's note and not yet applied, if any.
pub fn note_typed(id: &str) -> Option<String> {
    TYPED.with_borrow(|t| t.as_ref().filter(|t| t.0 == id).map(|t| t.1.clone()))
}

/// A keystroke in the note: kept at once in `localStorage` (a reload or a closed tab loses
/// nothing), applied to the document when typing pauses.
fn typed_note(st: AppState, id: String, note: String) {
    let doc_id = st.review.with_untracked(|r| r.doc.id.clone());
    if let Some(ls) = local_storage() {
        let draft = js_sys::Array::of3(&doc_id.into(), &id.as_str().into(), &note.as_str().into());
        if let Ok(json) = js_sys::JSON::stringify(&draft) {
            let _ = ls.set_item(DRAFT_KEY, &String::from(json));
        }
    }
    let handle = set_timeout_with_handle(move || flush_note(st), NOTE_PAUSE).ok();
    TYPED.with_borrow_mut(|t| {
        if let Some((_, _, Some(h))) = t.take() {
            h.clear();
        }
        *t = Some((id, note, handle));
    });
}

/// Applies the note being typed now (typing paused, the field lost focus, the page is hidden,
/// another tab's change is about to be merged).
pub fn flush_note(st: AppState) {
    let Some((id, note, handle)) = TYPED.with_borrow_mut(Option::take) else { return };
    if let Some(h) = handle {
        h.clear();
    }
    if st.review.with_untracked(|r| r.get(&id).is_some_and(|a| a.note != note)) {
        st.apply(Edit::SetNote { id, note });
    }
}

/// The draft kept in `localStorage`: (document id, annotation id, note).
fn draft() -> Option<(String, String, String)> {
    let json = local_storage()?.get_item(DRAFT_KEY).ok()??;
    let v = js_sys::Array::from(&js_sys::JSON::parse(&json).ok()?);
    Some((v.get(0).as_string()?, v.get(1).as_string()?, v.get(2).as_string()?))
}

/// After a save: the draft is stored with the document now (or its annotation is gone).
pub fn draft_saved(doc: &crate::model::ReviewDoc) {
    let Some((d, a, note)) = draft() else { return };
    if d == doc.id && doc.annotation(&a).is_none_or(|x| x.note == note) {
        if let Some(ls) = local_storage() {
            let _ = ls.remove_item(DRAFT_KEY);
        }
    }
}

/// On opening a document: a note typed into it that the page closed before saving is put back.
pub fn restore_draft(st: AppState) {
    let Some((d, id, note)) = draft() else { return };
    if st.review.with_untracked(|r| r.doc.id != d) {
        return;
    }
    if st.review.with_untracked(|r| r.get(&id).is_some_and(|a| a.note != note))
        && st.apply(Edit::SetNote { id: id.clone(), note })
    {
        st.selected.set(Some(id));
        st.say("The note you were typing when the page closed was restored.");
    }
}
