//! The side panel: the roster of who is quoted and how often, the filter and search, and the
//! annotations grouped by speaker. Each row is keyed by everything it shows, so a review
//! action redraws only the rows it changed.

use leptos::prelude::*;
use quotelens_core::review::{Filter, SpeakerFilter};

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

/// A `<select>` over the names of a named enum, "" meaning any: `get` reads the chosen name
/// from the filter, `set` sets the filter from a name. Not generic over the enum, so that the
/// three selects share one copy of the view's code.
fn choice(
    label: &'static str,
    names: Vec<&'static str>,
    get: fn(&Filter) -> &'static str,
    set: fn(&mut Filter, &str),
) -> impl IntoView {
    let st = expect_context::<AppState>();
    view! {
        <label>
            {label} " "
            <select
                id=format!("filter-{}", label.to_lowercase())
                prop:value=move || st.filter.with(get)
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    st.filter.update(|f| set(f, &v));
                }
            >
                <option value="">"all"</option>
                {names.into_iter().map(|n| view! { <option value=n>{n}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// The names of a named enum's values, for [`choice`].
fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&v| name(v)).collect()
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
    let speaker_filter = move || {
        st.filter.with(|f| match &f.speaker {
            SpeakerFilter::Is(id) => st.review.with(|r| r.doc.speaker(id).map(|s| s.name.clone())),
            SpeakerFilter::Unattributed => Some("nobody named".into()),
            SpeakerFilter::Any => None,
        })
    };

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
            <section class="filters" aria-label="Filter and search">
                {choice(
                    "Kind",
                    names(ReviewKind::ALL, ReviewKind::as_str),
                    |f| f.kinds.first().map_or("", |k| k.as_str()),
                    |f, v| f.kinds = ReviewKind::parse(v).into_iter().collect(),
                )}
                {choice(
                    "Status",
                    names(Status::ALL, Status::as_str),
                    |f| f.statuses.first().map_or("", |k| k.as_str()),
                    |f, v| f.statuses = Status::parse(v).into_iter().collect(),
                )}
                {choice(
                    "Verdict",
                    names(Verdict::ALL, Verdict::as_str),
                    |f| f.verdicts.first().map_or("", |k| k.as_str()),
                    |f, v| f.verdicts = Verdict::parse(v).into_iter().collect(),
                )}
                <label class="search">
                    "Search "
                    <input
                        type="search"
                        placeholder="words, speaker, note, tag"
                        prop:value=move || st.filter.with(|f| f.search.clone())
                        on:input=move |ev| st.filter.update(|f| f.search = event_target_value(&ev))
                    />
                </label>
                <p class="shown" aria-live="polite">
                    {move || format!("{} annotation(s) shown", shown())}
                    {move || speaker_filter().map(|s| view! {
                        " · speaker: " {s} " "
                        <button class="link" on:click=move |_| st.filter.update(|f| f.speaker = SpeakerFilter::Any)>"show all"</button>
                    })}
                </p>
            </section>
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
