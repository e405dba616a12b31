//! The article with its annotations marked. Each paragraph is cut into runs (see
//! [`crate::layout`]); a paragraph is redrawn only when its runs or what they show change, and
//! a selection change moves the `sel` class from the old annotation's runs to the new one's, so a
//! review action touches a handful of nodes even with thousands of annotations. Paragraphs are
//! plain DOM (see [`quotelens_dom::build`]); text goes in as text nodes, never as markup.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::{Review, ReviewAnnotation};
use crate::state::AppState;
use quotelens_review::layout::{layout, Block, Para};

/// Paragraphs drawn at once (more than a screen's worth), and per frame after that.
const FIRST_SLICE: usize = 20;
const SLICE: usize = 300;

/// A paragraph as laid out: what its drawing depends on beyond the annotations' looks.
#[derive(Clone, Debug)]
struct ParaKey {
    /// A hash of the document, the paragraph's runs and the ids of their annotations: the key
    /// the list of paragraphs is diffed by (ids, not indices, so that an annotation added above
    /// does not redraw every paragraph below it).
    hash: u64,
    para: Para,
}

impl PartialEq for ParaKey {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash
    }
}

#[component]
pub fn Article() -> impl IntoView {
    let st = expect_context::<AppState>();
    // the layout follows the annotations' places and kinds only: a review action (status, note,
    // speaker) redraws the paragraphs of the annotation it changed (see `redraw` below)
    let paras = Memo::new(move |_| {
        let generation = st.generation.get();
        st.shape.track();
        st.review.with_untracked(|r| {
            let anns = &r.doc.annotations;
            layout(&r.paras, &r.marks())
                .into_iter()
                .map(|para| {
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    (generation, para.index, para.start, para.end, para.block).hash(&mut h);
                    for s in &para.segs {
                        (s.start, s.end, s.kinds, s.first, s.dateline, s.primary.map(|i| &anns[i].id)).hash(&mut h);
                    }
                    Arc::new(ParaKey { hash: h.finish(), para })
                })
                .collect::<Vec<_>>()
        })
    });
    // a change in place (a status, a note, a speaker) refills the paragraphs of the annotations
    // it touched, from the layout as it is (no reactive node per paragraph: thousands of them
    // made drawing a long article slower)
    let article = NodeRef::<leptos::html::Article>::new();
    Effect::new(move |_| {
        st.change.with(|c| {
            if c.shape {
                return; // the layout is new: the list of paragraphs redraws what changed
            }
            let Some(el) = article.get_untracked() else { return };
            let mut touched: Vec<usize> =
                st.review.with_untracked(|r| c.before.iter().flat_map(|a| r.paras_over(a.start, a.end)).collect());
            touched.dedup();
            paras.with_untracked(|ps| {
                for i in touched {
                    if let (Some(p), Some(e)) = (ps.get(i), para_element(&el, i)) {
                        fill_para(e, (st, p.clone()));
                    }
                }
            });
        });
    });
    // a long article is drawn in slices, one per frame, so the page stays responsive
    let shown = RwSignal::new(FIRST_SLICE);
    Effect::new(move |_| {
        st.generation.track();
        shown.set(FIRST_SLICE);
    });
    Effect::new(move |_| {
        let total = paras.with(Vec::len);
        let now = shown.get();
        if now < total {
            set_timeout(move || shown.update(|s| *s += SLICE), std::time::Duration::from_millis(0));
        }
    });
    let visible = move || paras.with(|p| p.iter().take(shown.get()).cloned().collect::<Vec<_>>());
    let progress = move || {
        let total = paras.with(Vec::len);
        let now = shown.get();
        (now < total).then(|| view! { <p class="progress-note" role="status">{format!("Showing {} of {} paragraphs…", now, total)}</p> })
    };
    // the selected annotation's runs carry `sel`: set here when the selection moves (in the
    // paragraphs of the old and the new one only), and by `fill_para` when a paragraph is drawn
    Effect::new(move |prev: Option<Option<String>>| {
        let now = st.selected.get();
        let Some(el) = article.get() else { return now };
        if let Some(old) = prev.flatten() {
            for m in marks_of(&el, st, &old) {
                let _ = m.class_list().remove_1("sel");
            }
        }
        if let Some(id) = &now {
            for m in marks_of(&el, st, id) {
                let _ = m.class_list().add_1("sel");
            }
        }
        now
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        // a click that ends a text selection is for making an annotation, not for selecting
        if web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed()) {
            return;
        }
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        if let Ok(Some(el)) = target.closest("[data-a]") {
            if let Some(id) = el.get_attribute("data-a") {
                st.selected.set(Some(id));
            }
        }
    };
    // the hover card: what a highlight is, beside it, while the pointer is over it
    let hover = NodeRef::<leptos::html::Div>::new();
    let shown_for = StoredValue::new(String::new());
    let on_over = move |ev: leptos::ev::MouseEvent| {
        let Some(card) = hover.get() else { return };
        let mark = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("mark[data-a]").ok().flatten());
        let Some(mark) = mark else {
            card.set_hidden(true);
            shown_for.set_value(String::new());
            return;
        };
        let id = mark.get_attribute("data-a").unwrap_or_default();
        if shown_for.with_value(|s| *s == id) && !card.hidden() {
            return;
        }
        let filled = st.review.with_untracked(|r| r.get(&id).map(|a| fill_hover(&card, r, a)));
        if filled.is_none() {
            return;
        }
        shown_for.set_value(id);
        card.set_hidden(false);
        place_hover(&card, &mark);
    };
    // another document: a card still up shows the old one's annotation
    Effect::new(move |_| {
        st.generation.track();
        if let Some(card) = hover.get_untracked() {
            card.set_hidden(true);
        }
        shown_for.set_value(String::new());
    });
    let on_leave = move |_| {
        if let Some(card) = hover.get() {
            card.set_hidden(true);
        }
        shown_for.set_value(String::new());
    };
    view! {
        <div class="reading">
        {legend()}
        <article class="article" id="doc-article" tabindex="-1" data-keys="" aria-label="Article text" on:click=on_click on:mouseover=on_over on:mouseleave=on_leave node_ref=article>
            <For each=visible key=|p| p.hash let:p>
                {render_para(st, p)}
            </For>
            {progress}
        </article>
        <div class="hovercard" id="hovercard" role="tooltip" hidden node_ref=hover></div>
        </div>
    }
}

/// The colours and underlines of the kinds, as the text shows them.
fn legend() -> impl IntoView {
    view! { <p class="legend" use:fill_legend></p> }
}

fn fill_legend(el: web_sys::Element) {
    use quotelens_dom::build::{b, fill};
    let mut p = fill(el).c(b("span").a("class", "label").t("Kinds: "));
    for k in crate::model::ReviewKind::ALL {
        p = p.c(b("span").a("class", &format!("swatch k-{k}")).t(k.as_str())).t(" ");
    }
    let _ = p.c(b("span").a("class", "label").t("· accepted in bold, rejected struck through"));
}

/// The hover card's lines: kind and status, speaker, cue.
fn fill_hover(card: &web_sys::HtmlDivElement, r: &Review, a: &ReviewAnnotation) {
    use quotelens_dom::build::{b, fill};
    let _ = card.set_attribute("class", &format!("hovercard k-{} s-{}", a.kind, a.status));
    let _ = fill(card.clone().into())
        .c(b("p")
            .c(b("span").a("class", "tag").t(a.kind.as_str()))
            .t(" ")
            .c(b("span").a("class", "state").t(a.status.as_str())))
        .c(b("p").c(b("span").a("class", "label").t("Speaker: ")).t(r.speaker_name(a).unwrap_or("not named")))
        .opt(r.cue(a).map(|c| b("p").c(b("span").a("class", "label").t("Cue: ")).t(c)))
        .c(b("p").a("class", "hint").t("Click to select it"));
}

/// Puts the hover card under the highlight (above it near the window's bottom), inside the window.
fn place_hover(card: &web_sys::HtmlDivElement, mark: &web_sys::Element) {
    let Some(w) = web_sys::window() else { return };
    let width = w.inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(1024.0);
    let height = w.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(768.0);
    let r = mark.get_client_rects().get(0).unwrap_or_else(|| mark.get_bounding_client_rect());
    let h = f64::from(card.offset_height());
    let cw = f64::from(card.offset_width());
    let top = if r.bottom() + 8.0 + h > height { r.top() - 8.0 - h } else { r.bottom() + 8.0 };
    let left = r.left().min(width - cw - 8.0).max(8.0);
    let style = web_sys::HtmlElement::style(card);
    let _ = style.set_property("top", &format!("{top}px"));
    let _ = style.set_property("left", &format!("{left}px"));
}

/// Paragraph `i` of the article, if it is drawn.
fn para_element(article: &web_sys::Element, i: usize) -> Option<web_sys::Element> {
    // paragraphs are the article's children in order (drawn from the first on)
    let child = article.children().item(i as u32).filter(|el| el.get_attribute("data-p") == Some(i.to_string()));
    child.or_else(|| article.query_selector(&format!("[data-p=\"{i}\"]")).ok().flatten())
}

/// The marks of an annotation, found in its paragraphs only (a search of the whole article
/// goes through every mark).
pub fn marks_of(article: &web_sys::Element, st: AppState, id: &str) -> Vec<web_sys::Element> {
    let Some(range) = st.review.with_untracked(|r| r.get(id).map(|a| r.paras_over(a.start, a.end))) else {
        return Vec::new();
    };
    let sel = format!("mark[data-a=\"{}\"]", quotelens_dom::build::css_string(id));
    range.filter_map(|i| para_element(article, i)).flat_map(|p| quotelens_dom::build::all(&p, &sel)).collect()
}

/// A paragraph: its element, filled by [`fill_para`] as plain DOM (see [`quotelens_dom::build`]; as
/// `view!`, with a `Selector` per run, the paragraphs and the panel's filters were 4.4 KB more
/// of the app's gzip).
fn render_para(st: AppState, p: Arc<ParaKey>) -> impl IntoView {
    let index = p.para.index;
    match p.para.block {
        Block::Heading => {
            view! { <h2 class="blk heading" dir="auto" data-p=index use:fill_para=(st, p)></h2> }.into_any()
        }
        Block::Boilerplate => {
            view! { <p class="blk boilerplate" dir="auto" data-p=index use:fill_para=(st, p)></p> }.into_any()
        }
        Block::Body => view! { <p class="blk" dir="auto" data-p=index use:fill_para=(st, p)></p> }.into_any(),
    }
}

/// The runs of a paragraph: marks for annotated text, spans for the rest.
fn fill_para(el: web_sys::Element, (st, p): (AppState, Arc<ParaKey>)) {
    use quotelens_dom::build::{b, fill};
    let mut para = fill(el);
    if p.para.block == Block::Boilerplate {
        para = para
            .c(b("span").a("class", "badge").a("aria-hidden", "true").t("boilerplate"))
            .c(b("span").a("class", "sr-only").t("Boilerplate: "));
    }
    let selected = st.selected.get_untracked();
    st.review.with_untracked(|r| {
        for s in &p.para.segs {
            let piece = r.doc.slice(s.start, s.end);
            let Some(a) = s.primary.and_then(|i| r.doc.annotations.get(i)) else {
                let span = b("span");
                let span = if s.dateline { span.class("dateline") } else { span };
                para = para.c(span.a("data-o", &s.start.to_string()).t(piece));
                continue;
            };
            let mut class = String::from("mark");
            for (i, k) in crate::model::ReviewKind::ALL.iter().enumerate() {
                if s.kinds & (1 << i) != 0 {
                    class.push_str(" k-");
                    class.push_str(k.as_str());
                }
            }
            class.push_str(" s-");
            class.push_str(a.status.as_str());
            if s.dateline {
                class.push_str(" dateline");
            }
            if selected.as_ref() == Some(&a.id) {
                class.push_str(" sel");
            }
            let mark = b("mark").class(&class).a("data-a", &a.id).a("data-o", &s.start.to_string());
            let mark = if s.first { mark.a("data-first", "") } else { mark };
            para = para.c(mark.t(piece));
        }
    });
}
