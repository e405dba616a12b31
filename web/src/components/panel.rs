//! The side panel: the roster of who is quoted and how often, the filter and search, and the
//! annotations grouped by speaker. Each row is keyed by everything it shows, so a review
//! action redraws only the rows it changed.

use std::sync::Arc;

use leptos::prelude::*;
use quotelens_dom::act::Act;
use quotelens_dom::build::{act_of, acted_on};
use quotelens_review::{Filter, RosterEntry, SpeakerFilter};
use wasm_bindgen::JsCast;

use crate::act::AppAct;
use crate::model::{count, ReviewKind, Status, Verdict};
use crate::state::AppState;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    kind: ReviewKind,
    status: Status,
    verdict: Verdict,
    excerpt: String,
    /// The selected annotation's row, drawn although it is beyond the rows listed so far.
    beyond: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Group {
    /// Roster id, or None for annotations nobody is named for.
    speaker: Option<String>,
    name: String,
    rows: Vec<Row>,
    /// All the group's annotations that pass the filter (rows may hold fewer: see `limit`).
    total: usize,
}

/// The annotations the filter lets through, grouped by speaker, as indices into the document's
/// list, and what they were computed for.
#[derive(Clone)]
struct Listing {
    /// The document (generation) and the layout of its annotations (see `AppState::shape`).
    shape: (u64, u64),
    filter: Filter,
    groups: Arc<Vec<(Option<String>, Vec<usize>)>>,
}

/// Rows drawn at first; "show more" adds as many again (thousands of rows would slow the page).
const ROWS: usize = 400;

fn excerpt(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 90 {
        let cut: String = one.chars().take(88).collect();
        format!("{cut}…")
    } else {
        one
    }
}

/// The filter `<select>`s: id, label, the names of a named enum's values ("" meaning any), how
/// the chosen name is read from the filter and how the filter is set from a name.
type Choice = (&'static str, &'static str, Vec<&'static str>, fn(&Filter) -> &'static str, fn(&mut Filter, &str));

fn choices() -> [Choice; 3] {
    [
        (
            "filter-kind",
            "Kind",
            names(ReviewKind::ALL, ReviewKind::as_str),
            |f| f.kinds.first().map_or("", |k| k.as_str()),
            |f, v| f.kinds = ReviewKind::parse(v).into_iter().collect(),
        ),
        (
            "filter-status",
            "Status",
            names(Status::ALL, Status::as_str),
            |f| f.statuses.first().map_or("", |k| k.as_str()),
            |f, v| f.statuses = Status::parse(v).into_iter().collect(),
        ),
        (
            "filter-verdict",
            "Verdict",
            names(Verdict::ALL, Verdict::as_str),
            |f| f.verdicts.first().map_or("", |k| k.as_str()),
            |f, v| f.verdicts = Verdict::parse(v).into_iter().collect(),
        ),
    ]
}

/// The names of a named enum's values, for [`choices`].
fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&v| name(v)).collect()
}

/// The filters, the search and the count line. Plain DOM (see [`quotelens_dom::build`]; as `view!` these
/// and the article's paragraphs were 4.4 KB more of the app's gzip): one handler per kind of
/// event, and two effects keep the controls and the count line in step with the filter.
fn filters(st: AppState, groups: Memo<Vec<Group>>) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) else { return };
        let (id, v) = (el.id(), el.value());
        if let Some((.., set)) = choices().into_iter().find(|c| c.0 == id) {
            st.filter.update(|f| set(f, &v));
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            st.filter.update(|f| f.search = i.value());
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if acted_on(&ev).and_then(|b| act_of(&b)) == Some(AppAct::ShowAll) {
            st.filter.update(|f| f.speaker = SpeakerFilter::Any);
        }
    };
    view! {
        <section class="filters" aria-label="Filter and search" on:change=on_change on:input=on_input on:click=on_click use:fill_filters=(st, groups)></section>
    }
}

fn fill_filters(el: web_sys::Element, (st, groups): (AppState, Memo<Vec<Group>>)) {
    use quotelens_dom::build::{b, button, fill, B};
    let mut section = fill(el);
    let mut selects = Vec::new();
    for (id, label, names, get, _) in choices() {
        let select = b("select")
            .a("id", id)
            .c(b("option").a("value", "").t("all"))
            .all(names.iter().map(|n| b("option").a("value", n).t(n)).collect());
        selects.push((select.0.clone().unchecked_into::<web_sys::HtmlSelectElement>(), get));
        section = section.c(b("label").t(label).t(" ").c(select));
    }
    let search = b("input").a("type", "search").a("placeholder", "words, speaker, note, tag");
    let search_input = search.0.clone().unchecked_into::<web_sys::HtmlInputElement>();
    let shown = b("p").a("class", "shown").a("aria-live", "polite");
    let line = shown.0.clone();
    let _ = section.c(b("label").a("class", "search").t("Search ").c(search)).c(shown);
    Effect::new(move |_| {
        st.filter.with(|f| {
            for (select, get) in &selects {
                if select.value() != get(f) {
                    select.set_value(get(f));
                }
            }
            if search_input.value() != f.search {
                search_input.set_value(&f.search);
            }
        });
    });
    // redrawn only when what it says changes: it is a live region
    Effect::new(move |prev: Option<(usize, Option<String>)>| {
        let now = (
            groups.with(|g| g.iter().map(|g| g.total).sum::<usize>()),
            st.filter.with(|f| match &f.speaker {
                SpeakerFilter::Is(id) => st.review.with(|r| r.doc.speaker(id).map(|s| s.name.clone())),
                SpeakerFilter::Unattributed => Some("nobody named".into()),
                SpeakerFilter::Any => None,
            }),
        );
        if prev.as_ref() != Some(&now) {
            line.set_text_content(Some(&format!("{} shown", count(now.0, "annotation", "annotations"))));
            if let Some(name) = &now.1 {
                let _ =
                    B(line.clone())
                        .t(" · speaker: ")
                        .t(name)
                        .t(" ")
                        .c(button(AppAct::ShowAll.as_str(), "show all").a("class", "link"));
            }
        }
        now
    });
}

/// The roster id of the speaker the list is filtered to, if any.
fn pressed_speaker(f: &Filter) -> Option<String> {
    match &f.speaker {
        SpeakerFilter::Is(id) => Some(id.clone()),
        _ => None,
    }
}

/// A roster entry: a toggle of the speaker filter (see `on_roster` in [`Panel`]).
fn fill_roster_entry(el: web_sys::Element, (e, on): (RosterEntry, bool)) {
    use quotelens_dom::build::{b, fill};
    let _ = fill(el).c(b("button")
        .a("class", "roster-entry")
        .act(AppAct::Speaker)
        .a("data-speaker", &e.id)
        .a("aria-pressed", if on { "true" } else { "false" })
        .a("title", "Show only this speaker")
        .c(b("span").a("class", "who").a("dir", "auto").t(&e.name))
        .c(b("span").a("class", "count").t(&format!(
            "{}, {}",
            count(e.quotes, "quote", "quotes"),
            count(e.claims, "claim", "claims")
        ))));
}

impl Row {
    fn of(r: &crate::model::Review, a: &crate::model::ReviewAnnotation, beyond: bool) -> Row {
        Row {
            id: a.id.clone(),
            kind: a.kind,
            status: a.status,
            verdict: a.verdict,
            excerpt: excerpt(r.doc.text_of(a)),
            beyond,
        }
    }
}

/// What a row shows, as a number: a row drawn from another is redrawn when they differ.
fn look_hash(row: &Row) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    row.hash(&mut h);
    h.finish()
}

/// A row of the list (see `on_row` in [`Panel`]): its button, shown by [`look_row`].
fn fill_row(el: web_sys::Element, (row, on): (Row, bool)) {
    use quotelens_dom::build::{b, fill};
    let button = b("button").act(Act::Select).a("data-keys", "").a("data-item", &row.id);
    look_row(&button.0, &row, on);
    let _ = fill(el).c(button);
}

/// What a row's button shows: set again in place when a review action changes its annotation
/// (the button stays, and so does the focus a reader has on it: removing a focused element
/// made the browser lay out the whole page, 40 ms with 100,000 annotations).
fn look_row(button: &web_sys::Element, row: &Row, on: bool) {
    use quotelens_dom::build::{b, fill};
    let class = format!(
        "item k-{} s-{}{}{}",
        row.kind,
        row.status,
        if on { " sel" } else { "" },
        if row.beyond { " beyond" } else { "" }
    );
    let _ = button.set_attribute("class", &class);
    let _ = button.set_attribute("data-look", &look_hash(row).to_string());
    let _ = if on { button.set_attribute("aria-current", "true") } else { button.remove_attribute("aria-current") };
    let verdict = (row.kind == ReviewKind::Claim && row.verdict != Verdict::Unchecked)
        .then(|| b("span").a("class", "verdict").t(row.verdict.as_str()));
    let _ = fill(button.clone())
        .c(b("span").a("class", "tag").t(row.kind.as_str()))
        .c(b("span").a("class", "state").t(row.status.as_str()))
        .opt(verdict)
        .c(b("span").a("class", "excerpt").a("dir", "auto").t(&row.excerpt));
}

#[component]
pub fn Panel() -> impl IntoView {
    let st = expect_context::<AppState>();
    // the roster's counts change only with a speaker, a kind or a rejection
    let roster = Memo::new(move |prev: Option<&Vec<RosterEntry>>| {
        st.generation.track();
        st.review.with_untracked(|r| {
            let counts_same = st.change.with(|c| {
                !c.shape
                    && !c.names
                    && c.before.iter().all(|b| {
                        r.now_of(b).is_some_and(|(_, a)| {
                            (&a.speaker, a.kind, a.is_live()) == (&b.speaker, b.kind, b.is_live())
                        })
                    })
            });
            if let (Some(prev), true) = (prev, counts_same) {
                return prev.clone();
            }
            let mut v: Vec<_> = r.doc.roster().into_iter().filter(|e| e.total > 0).collect();
            quotelens_review::sort::short_by(&mut v, |a, b| {
                (b.quotes + b.claims, &a.name) < (a.quotes + a.claims, &b.name)
            });
            v
        })
    });
    let limit = RwSignal::new(ROWS);
    let aside = NodeRef::<leptos::html::Aside>::new();
    // another document: its list starts at the top, with the first rows (the panel stays)
    Effect::new(move |prev: Option<u64>| {
        let now = st.generation.get();
        if prev.is_some_and(|p| p != now) {
            if limit.get_untracked() != ROWS {
                limit.set(ROWS);
            }
            if let Some(el) = aside.get_untracked() {
                el.set_scroll_top(0);
            }
        }
        now
    });
    // which annotations the filter lets through, by speaker: over every annotation, so only
    // when a change can move one in or out or between speakers (not at every accept)
    let listing = Memo::new_with_compare(
        move |prev: Option<&Listing>| {
            let shape = (st.generation.get(), st.shape.get());
            st.filter.with(|f| {
                st.review.with_untracked(|r| {
                    let same = prev.filter(|p| p.shape == shape && p.filter == *f).filter(|_| {
                        st.change.with(|c| {
                            !c.names
                                && c.before.iter().all(|b| {
                                    r.now_of(b).is_some_and(|(_, a)| {
                                        a.speaker == b.speaker && f.matches(&r.doc, a) == f.matches(&r.doc, b)
                                    })
                                })
                        })
                    });
                    if let Some(p) = same {
                        return p.clone();
                    }
                    // by roster id, "" for nobody (roster ids are never empty)
                    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
                    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
                    for (i, a) in r.doc.annotations.iter().enumerate() {
                        if !f.matches(&r.doc, a) {
                            continue;
                        }
                        let k = a.speaker.as_ref();
                        let g = *index.entry(k.map_or("", |s| s.as_str())).or_insert_with(|| {
                            groups.push((k.cloned(), Vec::new()));
                            groups.len() - 1
                        });
                        groups[g].1.push(i);
                    }
                    // most annotated speakers first, the unattributed last
                    quotelens_review::sort::by_key(&mut groups, |g| {
                        (u64::from(g.0.is_none()), u64::MAX - g.1.len() as u64)
                    });
                    Listing { shape, filter: f.clone(), groups: Arc::new(groups) }
                })
            })
        },
        |a, b| !matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(&a.groups, &b.groups)),
    );
    // the rows drawn: the first `limit` of the listing, and the selected one's (a review action
    // that leaves the listing as it is redraws its row in place: see `looks`)
    // a new document's rows are drawn in the task after its text: its first highlights first,
    // and neither task long
    // and the roster (a long article can name hundreds of people) in the task after that
    let rows_for = a_task_after(move || st.generation.get());
    let roster_for = a_task_after(move || rows_for.get());
    let listed = move || rows_for.get() == st.generation.get();
    let rostered = move || roster_for.get() == st.generation.get();
    let groups = Memo::new(move |_| {
        let limit = if listed() { limit.get() } else { 0 };
        let selected = st.selected.get();
        listing.with(|l| {
            st.review.with_untracked(|r| {
                let selected_at = selected.as_deref().and_then(|id| r.doc.position(id));
                let row = |i: usize, beyond: bool| Row::of(r, &r.doc.annotations[i], beyond);
                let mut left = limit;
                l.groups
                    .iter()
                    .map(|(speaker, ids)| {
                        let take = ids.len().min(left);
                        left -= take;
                        let mut rows: Vec<Row> = ids[..take].iter().map(|&i| row(i, false)).collect();
                        // the selected annotation (a highlight clicked, `j`) always has its row
                        // (the indices are in document order)
                        if let Some(at) = selected_at.filter(|at| ids[take..].binary_search(at).is_ok()) {
                            rows.push(row(at, true));
                        }
                        let name = speaker
                            .as_ref()
                            .and_then(|id| r.doc.speaker(id))
                            .map_or("No speaker named".to_string(), |s| s.name.clone());
                        Group { speaker: speaker.clone(), name, rows, total: ids.len() }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    // a change in place redraws the rows of the annotations it touched, in place (no reactive
    // node per row: a row is plain DOM, found by its id)
    Effect::new(move |_| {
        st.change.with(|c| {
            if c.shape {
                return; // the listing is new: see below
            }
            let Some(el) = aside.get_untracked() else { return };
            let selected = st.selected.get_untracked();
            st.review.with_untracked(|r| {
                for b in &c.before {
                    let Some((_, a)) = r.now_of(b) else { continue };
                    let sel = format!(".item[data-item=\"{}\"]", quotelens_dom::build::css_string(&a.id));
                    for button in quotelens_dom::build::all(&el, &sel) {
                        let row = Row::of(r, a, button.class_list().contains("beyond"));
                        look_row(&button, &row, selected.as_ref() == Some(&a.id));
                    }
                }
            });
        });
    });
    // a listing computed again (a kind changed, a merge with another tab, an undone delete)
    // keeps the rows it still has (keyed by id): they show the annotations as they are now
    Effect::new(move |_| {
        groups.with(|g| {
            let Some(el) = aside.get_untracked() else { return };
            let rows: std::collections::HashMap<&str, &Row> =
                g.iter().flat_map(|g| &g.rows).map(|r| (r.id.as_str(), r)).collect();
            let selected = st.selected.get_untracked();
            for button in quotelens_dom::build::all(&el, ".groups .item") {
                let id = button.get_attribute("data-item").unwrap_or_default();
                if let Some(row) = rows.get(id.as_str()) {
                    if button.get_attribute("data-look") != Some(look_hash(row).to_string()) {
                        look_row(&button, row, selected.as_ref() == Some(&row.id));
                    }
                }
            }
        });
    });
    // the speakers with rows drawn: one past the drawn rows would be a heading over nothing
    let speakers = move || {
        groups.with(|g| {
            g.iter().filter(|g| !g.rows.is_empty()).map(|g| (g.speaker.clone(), g.name.clone())).collect::<Vec<_>>()
        })
    };
    let shown = move || groups.with(|g| g.iter().map(|g| g.total).sum::<usize>());
    let drawn = move || groups.with(|g| g.iter().map(|g| g.rows.len()).sum::<usize>());
    // the selected annotation's row carries `sel` and `aria-current`, the filtered speaker's
    // roster entry `aria-pressed`: set here when they change, and by the fill functions when a
    // row or entry is drawn (plain DOM, see quotelens_dom::build: smaller than a view and a Selector each)
    Effect::new(move |_| {
        let now = st.selected.get();
        let Some(el) = aside.get() else { return };
        for i in quotelens_dom::build::all(&el, ".item.sel") {
            let _ = i.class_list().remove_1("sel");
            let _ = i.remove_attribute("aria-current");
        }
        if let Some(id) = now {
            for i in quotelens_dom::build::all(
                &el,
                &format!(".item[data-item=\"{}\"]", quotelens_dom::build::css_string(&id)),
            ) {
                let _ = i.class_list().add_1("sel");
                let _ = i.set_attribute("aria-current", "true");
            }
        }
    });
    Effect::new(move |_| {
        let pressed = st.filter.with(pressed_speaker);
        let Some(el) = aside.get() else { return };
        for b in quotelens_dom::build::all(&el, ".roster-entry") {
            let on = b.get_attribute("data-speaker") == pressed;
            let _ = b.set_attribute("aria-pressed", if on { "true" } else { "false" });
        }
    });
    let on_roster = move |ev: leptos::ev::MouseEvent| {
        let Some(b) = acted_on(&ev).filter(|b| act_of(b) == Some(AppAct::Speaker)) else { return };
        let Some(id) = b.get_attribute("data-speaker") else { return };
        let want = SpeakerFilter::Is(id);
        st.filter.update(|f| f.speaker = if f.speaker == want { SpeakerFilter::Any } else { want });
    };
    let on_row = move |ev: leptos::ev::MouseEvent| {
        let row = acted_on(&ev).filter(|b| act_of(b) == Some(Act::Select));
        if let Some(id) = row.and_then(|b| b.get_attribute("data-item")) {
            st.selected.set(Some(id));
        }
    };

    view! {
        <aside class="panel" aria-label="Annotations" node_ref=aside>
            <section class="roster" aria-labelledby="roster-h">
                <h2 id="roster-h">"Who is quoted"</h2>
                <ul class="roster-list" on:click=on_roster>
                    <For each=move || if rostered() { roster.get() } else { Vec::new() } key=|e| (e.id.clone(), e.name.clone(), e.quotes, e.claims) let:e>
                        {
                            let on = st.filter.with_untracked(pressed_speaker).as_ref() == Some(&e.id);
                            view! { <li use:fill_roster_entry=(e, on)></li> }
                        }
                    </For>
                </ul>
            </section>
            {filters(st, groups)}
            <section class="groups" aria-label="Annotations by speaker" on:click=on_row>
                <For each=speakers key=|s| s.clone() let:speaker>
                    {
                        let (sp, name) = speaker;
                        let sp2 = sp.clone();
                        let rows = move || groups.with(|g| g.iter().find(|g| g.speaker == sp).map(|g| g.rows.clone()).unwrap_or_default());
                        let count = move || groups.with(|g| g.iter().find(|g| g.speaker == sp2).map_or(0, |g| g.total));
                        view! {
                            <div class="group">
                                <h3>{name} " " <span class="count">{move || format!("({})", count())}</span></h3>
                                <ul>
                                    <For each=rows key=|r| (r.id.clone(), r.beyond) let:row>
                                        {
                                            let on = st.selected.with_untracked(|s| s.as_ref() == Some(&row.id));
                                            view! { <li use:fill_row=(row, on)></li> }
                                        }
                                    </For>
                                </ul>
                            </div>
                        }
                    }
                </For>
                {move || (listed() && drawn() < shown()).then(|| view! {
                    <button class="more" on:click=move |_| limit.update(|l| *l += ROWS)>
                        {format!("Show more ({} of {} listed)", drawn(), shown())}
                    </button>
                })}
            </section>
        </aside>
    }
}

/// A generation number that follows `source`'s one task later: what waits for it is drawn in
/// a task of its own, after what `source` drew.
fn a_task_after(source: impl Fn() -> u64 + 'static) -> RwSignal<u64> {
    let target = RwSignal::new(untrack(&source));
    Effect::new(move |_| {
        let now = source();
        if target.get_untracked() != now {
            set_timeout(move || target.set(now), std::time::Duration::ZERO);
        }
    });
    target
}
