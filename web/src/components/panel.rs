//! The side panel: the roster of who is quoted and how often, the filter and search, and the
//! annotations grouped by speaker. Each row is keyed by everything it shows, so a review
//! action redraws only the rows it changed.

use leptos::prelude::*;
use quotelens_core::review::{Filter, SpeakerFilter};
use wasm_bindgen::JsCast;

use crate::model::{ReviewKind, Status, Verdict};
use crate::state::AppState;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    kind: ReviewKind,
    status: Status,
    verdict: Verdict,
    excerpt: String,
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

/// The filters, the search and the count line. Plain DOM (see [`crate::dom`]; as `view!` these
/// were ~1.5 KB of the app's gzip): one handler per kind of event, and two effects keep the
/// controls and the count line in step with the filter.
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
        if crate::dom::acted_on(&ev).is_some() {
            st.filter.update(|f| f.speaker = SpeakerFilter::Any);
        }
    };
    view! {
        <section class="filters" aria-label="Filter and search" on:change=on_change on:input=on_input on:click=on_click use:fill_filters=(st, groups)></section>
    }
}

fn fill_filters(el: web_sys::Element, (st, groups): (AppState, Memo<Vec<Group>>)) {
    use crate::dom::{b, button, B};
    let mut section = B(el);
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
        })
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
            line.set_text_content(Some(&format!("{} annotation(s) shown", now.0)));
            if let Some(name) = &now.1 {
                let _ = B(line.clone())
                    .t(" · speaker: ")
                    .t(name)
                    .t(" ")
                    .c(button("show-all", "show all").a("class", "link"));
            }
        }
        now
    });
}

#[component]
pub fn Panel() -> impl IntoView {
    let st = expect_context::<AppState>();
    let roster = Memo::new(move |_| {
        st.review.with(|r| {
            let mut v: Vec<_> = r.doc.roster().into_iter().filter(|e| e.total > 0).collect();
            crate::sort::short_by(&mut v, |a, b| (b.quotes + b.claims, &a.name) < (a.quotes + a.claims, &b.name));
            v
        })
    });
    let limit = RwSignal::new(ROWS);
    let groups = Memo::new(move |_| {
        let limit = limit.get();
        st.filter.with(|f| {
            st.review.with(|r| {
                // group ids first (cheap); excerpts only for the rows that are drawn
                let mut groups: Vec<(Option<&String>, Vec<usize>)> = Vec::new();
                // by roster id, "" for nobody (roster ids are never empty)
                let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
                for (i, a) in r.doc.annotations.iter().enumerate() {
                    if !f.matches(&r.doc, a) {
                        continue;
                    }
                    let k = a.speaker.as_ref();
                    let g = *index.entry(k.map_or("", |s| s.as_str())).or_insert_with(|| {
                        groups.push((k, Vec::new()));
                        groups.len() - 1
                    });
                    groups[g].1.push(i);
                }
                // most annotated speakers first, the unattributed last
                crate::sort::by_key(&mut groups, |g| (u64::from(g.0.is_none()), u64::MAX - g.1.len() as u64));
                let mut left = limit;
                groups
                    .into_iter()
                    .map(|(speaker, ids)| {
                        let take = ids.len().min(left);
                        left -= take;
                        let rows = ids[..take]
                            .iter()
                            .map(|&i| {
                                let a = &r.doc.annotations[i];
                                Row {
                                    id: a.id.clone(),
                                    kind: a.kind,
                                    status: a.status,
                                    verdict: a.verdict,
                                    excerpt: excerpt(r.doc.text_of(a)),
                                }
                            })
                            .collect();
                        let name = speaker
                            .and_then(|id| r.doc.speaker(id))
                            .map_or("No speaker named".to_string(), |s| s.name.clone());
                        Group { speaker: speaker.cloned(), name, rows, total: ids.len() }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let speakers = move || groups.with(|g| g.iter().map(|g| (g.speaker.clone(), g.name.clone())).collect::<Vec<_>>());
    let shown = move || groups.with(|g| g.iter().map(|g| g.total).sum::<usize>());
    let drawn = move || groups.with(|g| g.iter().map(|g| g.rows.len()).sum::<usize>());
    let selector = Selector::new(move || st.selected.get());

    view! {
        <aside class="panel" aria-label="Annotations">
            <section class="roster" aria-labelledby="roster-h">
                <h2 id="roster-h">"Who is quoted"</h2>
                <ul class="roster-list">
                    <For each=move || roster.get() key=|e| (e.id.clone(), e.name.clone(), e.quotes, e.claims) let:e>
                        {
                            let id = e.id.clone();
                            let id2 = e.id.clone();
                            let pressed = move || st.filter.with(|f| f.speaker == SpeakerFilter::Is(id2.clone()));
                            view! {
                                <li>
                                    <button
                                        class="roster-entry"
                                        aria-pressed=move || if pressed() { "true" } else { "false" }
                                        title="Show only this speaker"
                                        on:click=move |_| {
                                            let want = SpeakerFilter::Is(id.clone());
                                            st.filter.update(|f| f.speaker = if f.speaker == want { SpeakerFilter::Any } else { want });
                                        }
                                    >
                                        <span class="who">{e.name.clone()}</span>
                                        <span class="count">{format!("{} quote(s), {} claim(s)", e.quotes, e.claims)}</span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
            {filters(st, groups)}
            <section class="groups" aria-label="Annotations by speaker">
                <For each=speakers key=|s| s.clone() let:speaker>
                    {
                        let (sp, name) = speaker;
                        let sp2 = sp.clone();
                        let rows = move || groups.with(|g| g.iter().find(|g| g.speaker == sp).map(|g| g.rows.clone()).unwrap_or_default());
                        let count = move || groups.with(|g| g.iter().find(|g| g.speaker == sp2).map_or(0, |g| g.total));
                        let sel = selector.clone();
                        view! {
                            <div class="group">
                                <h3>{name} " " <span class="count">{move || format!("({})", count())}</span></h3>
                                <ul>
                                    <For each=rows key=|r| r.clone() let:row>
                                        {
                                            let id = row.id.clone();
                                            let key = Some(row.id.clone());
                                            let key2 = key.clone();
                                            let sel = sel.clone();
                                            let sel2 = sel.clone();
                                            let class = format!("item k-{} s-{}", row.kind, row.status);
                                            let verdict = (row.kind == ReviewKind::Claim && row.verdict != Verdict::Unchecked)
                                                .then(|| view! { <span class="verdict">{row.verdict.as_str()}</span> });
                                            view! {
                                                <li>
                                                    <button
                                                        class=class
                                                        class:sel=move || sel.selected(&key)
                                                        data-item=row.id.clone()
                                                        aria-current=move || sel2.selected(&key2).then_some("true")
                                                        on:click=move |_| st.selected.set(Some(id.clone()))
                                                    >
                                                        <span class="tag">{row.kind.as_str()}</span>
                                                        <span class="state">{row.status.as_str()}</span>
                                                        {verdict}
                                                        <span class="excerpt">{row.excerpt.clone()}</span>
                                                    </button>
                                                </li>
                                            }
                                        }
                                    </For>
                                </ul>
                            </div>
                        }
                    }
                </For>
                {move || (drawn() < shown()).then(|| view! {
                    <button class="more" on:click=move |_| limit.update(|l| *l += ROWS)>
                        {format!("Show more ({} of {} listed)", drawn(), shown())}
                    </button>
                })}
            </section>
        </aside>
    }
}
