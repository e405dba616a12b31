//! Opening and saving files: pasted text, .txt and .html articles, native JSON and W3C JSON-LD
//! imports, and the three exports. Parsing and writing formats is the core's
//! (`quotelens_review::formats`); this only moves strings and asks before overwriting.

use leptos::prelude::*;
use quotelens_review::formats::{self, Format};

use crate::files::{download, file_stem, read_text};
use crate::model::{count, Review};
use crate::state::AppState;
use crate::storage::new_id;

/// Extracts a new article (in the worker, see [`crate::worker`]) and opens it; the page keeps
/// responding meanwhile, with a line saying what is being read.
pub fn open_text(st: AppState, title: String, text: String) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        st.warn("There is no text to read: paste an article or open a .txt or .html file.");
        return;
    }
    let title = if title.trim().is_empty() { first_line(&text) } else { title.trim().to_string() };
    st.say(format!("Extracting quotes and claims from “{title}” ({} KB)…", text.len() / 1024));
    crate::worker::extract(new_id(), title, text, move |result| match result {
        Ok(doc) => {
            let n = doc.annotations.len();
            let title = doc.title.clone();
            st.say(format!("“{title}”: {} found. Drawing them…", count(n, "annotation", "annotations")));
            // the paragraphs now, the drawing in a task of its own
            let review = Review::new(doc);
            set_timeout(
                move || {
                    st.load(review);
                    st.changed();
                    st.say(format!(
                        "“{title}”: {} found, {} to accept or reject.",
                        count(n, "annotation", "annotations"),
                        if n == 1 { "a suggestion" } else { "each a suggestion" }
                    ));
                },
                std::time::Duration::ZERO,
            );
        }
        Err(e) => st.warn(format!("Extraction failed: {e}. Nothing was changed.")),
    });
}

fn first_line(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("Untitled");
    let mut t: String = line.chars().take(80).collect();
    if line.chars().count() > 80 {
        t.push('…');
    }
    t
}

/// Opens a file by its name: an article (.txt, .html) or an annotation file (.json, .jsonld).
pub fn open_file(st: AppState, file: web_sys::File) {
    leptos::task::spawn_local(async move {
        let name = file.name();
        let lower = quotelens_extract::case::to_lowercase(&name);
        let text = match read_text(&file).await {
            Ok(t) => t,
            Err(e) => {
                st.warn(format!("“{name}” could not be read: {e}."));
                return;
            }
        };
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s).to_string();
        // what the file holds decides, not only its name
        let head = text.trim_start_matches('\u{feff}').trim_start();
        let json_named = lower.ends_with(".json") || lower.ends_with(".jsonld");
        let looks_json = (head.starts_with('{') || head.starts_with('[')) && js_sys::JSON::parse(head).is_ok();
        if text.contains('\0') {
            st.warn(format!(
                "“{name}” is not a text file, so it was not opened. Open an article (.txt or .html) or a Quotelens or W3C JSON file."
            ));
        } else if json_named || looks_json {
            import_json(st, &name, &text);
        } else if lower.ends_with(".csv") || lower.ends_with(".tsv") || looks_like_table(&text) {
            st.warn(format!(
                "“{name}” is a spreadsheet table (CSV), which Quotelens writes for spreadsheets but cannot read back. Nothing was changed: open the article (.txt or .html), or the Quotelens JSON export, to review it."
            ));
        } else if lower.ends_with(".html") || lower.ends_with(".htm") || text.trim_start().starts_with('<') {
            match quotelens_dom::text::article_text(&text) {
                Ok((title, body)) => open_text(st, if title.is_empty() { stem } else { title }, body),
                Err(e) => st.warn(format!("“{name}” could not be opened: {e}.")),
            }
        } else {
            open_text(st, stem, text);
        }
    });
}

/// A CSV or TSV table rather than prose: its first lines (at least two) all hold the same
/// number (two or more) of commas, or of tabs, outside double-quoted fields.
fn looks_like_table(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(5).collect();
    let count = |line: &str, sep: char| {
        let mut quoted = false;
        line.chars()
            .filter(|&c| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == sep && !quoted
            })
            .count()
    };
    lines.len() >= 2
        && [',', '\t'].iter().any(|&sep| {
            let n = count(lines[0], sep);
            n >= 2 && lines.iter().all(|l| count(l, sep) == n)
        })
}

/// Imports native or W3C JSON. A file that fails validation changes nothing and is named with
/// its problem; a document already stored under the same id is replaced only if the reader
/// says so (otherwise the import becomes a copy).
pub fn import_json(st: AppState, name: &str, json: &str) {
    let mut result = formats::import(json, None);
    let mut onto_open = false;
    if result.is_err() && json.contains("\"@context\"") && !json.contains("quotelens:document") {
        // annotations from another tool, without the article: they may belong to the open one
        let (text, title) = st.review.with_untracked(|r| (r.doc.text.clone(), r.doc.title.clone()));
        let placed = formats::import(json, Some(&text)).map(|mut i| {
            if i.doc.title.trim().is_empty() {
                i.doc.title = format!("{title} (imported annotations)");
            }
            i
        });
        match placed {
            Ok(i) if !i.doc.annotations.is_empty() => {
                onto_open = true;
                result = Ok(i);
            }
            Ok(_) => {
                st.warn(format!(
                    "“{name}” holds annotations but not the article they belong to, and none of them is in the text of the open document. Nothing was changed: open the article first (paste it, or open its .txt or .html file), then import “{name}” again to place them on it."
                ));
                return;
            }
            Err(_) => {}
        }
    }
    let imported = match result {
        Ok(i) => i,
        Err(e) => {
            st.warn(format!("“{name}” was not imported, and nothing was changed: {e}."));
            return;
        }
    };
    let mut doc = imported.doc;
    if onto_open {
        // a new document: the open one's text with these annotations (the open one is unchanged)
        doc.id = new_id();
    }
    if doc.id.trim().is_empty() {
        doc.id = new_id();
    }
    let n = doc.annotations.len();
    let mut msg = format!(
        "Imported “{}” ({}): {}.",
        doc.title,
        if imported.format == Format::W3c { "W3C Web Annotation" } else { "Quotelens JSON" },
        count(n, "annotation", "annotations")
    );
    if !imported.reanchored.is_empty() {
        let n = imported.reanchored.len();
        msg.push_str(&format!(
            " {} found at a new place in the text.",
            if n == 1 { "1 was".to_string() } else { format!("{n} were") }
        ));
    }
    if !imported.orphans.is_empty() {
        let n = imported.orphans.len();
        msg.push_str(&format!(
            " {} could not be placed in the text and {} left out.",
            count(n, "annotation", "annotations"),
            if n == 1 { "was" } else { "were" }
        ));
    }
    let exists = st.library.with_untracked(|l| l.iter().find(|s| s.id == doc.id).map(|s| s.title.clone()));
    let Some(title) = exists else {
        st.open_new(doc);
        st.say(msg);
        return;
    };
    // nothing stored is replaced unless the reader says so: otherwise the import is a copy
    crate::dialog::ask(
        "Replace a stored document?",
        &format!("“{title}” is already in your library. Replace it with the imported file, or keep both (the import is added as a copy)?"),
        "Replace it",
        "Keep both",
        None,
        move |answer| {
            if answer.is_none() {
                doc.id = new_id();
            }
            st.open_new(doc);
            st.say(msg);
        },
    );
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Native,
    W3c,
    Csv,
}

pub fn export(st: AppState, what: Export) {
    let (name, mime, body) = st.review.with_untracked(|r| {
        let stem = file_stem(&r.doc.title);
        match what {
            Export::Native => (format!("{stem}.quotelens.json"), "application/json", formats::to_native_json(&r.doc)),
            Export::W3c => (format!("{stem}.annotations.jsonld"), "application/ld+json", formats::to_w3c_json(&r.doc)),
            Export::Csv => (format!("{stem}.csv"), "text/csv", formats::to_csv(&r.doc)),
        }
    });
    if let Err(e) = download(&name, mime, &body) {
        st.warn(format!("The export could not be made: {e}."));
    }
}
