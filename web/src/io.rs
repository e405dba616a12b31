//! Opening and saving files: pasted text, .txt and .html articles, native JSON and W3C JSON-LD
//! imports, and the three exports. Parsing and writing formats is the core's
//! (`quotelens_core::formats`); this only moves strings and asks before overwriting.

use leptos::prelude::*;
use quotelens_core::formats::{self, Format};

use crate::files::{download, file_stem, read_text};
use crate::model::Review;
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
            st.say(format!("“{title}”: {n} annotation(s) found. Drawing them…"));
            // the paragraphs now, the drawing in a task of its own
            let review = Review::new(doc);
            set_timeout(
                move || {
                    st.load(review);
                    st.changed();
                    st.say(format!("“{title}”: {n} annotation(s) found, each a suggestion to accept or reject."));
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
        let lower = name.to_lowercase();
        let text = match read_text(&file).await {
            Ok(t) => t,
            Err(e) => {
                st.warn(format!("“{name}” could not be read: {e}."));
                return;
            }
        };
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s).to_string();
        if lower.ends_with(".json") || lower.ends_with(".jsonld") {
            import_json(st, &name, &text);
        } else if lower.ends_with(".html") || lower.ends_with(".htm") || text.trim_start().starts_with('<') {
            match crate::html_text::article_text(&text) {
                Ok((title, body)) => open_text(st, if title.is_empty() { stem } else { title }, body),
                Err(e) => st.warn(format!("“{name}” could not be opened: {e}.")),
            }
        } else {
            open_text(st, stem, text);
        }
    });
}

/// Imports native or W3C JSON. A file that fails validation changes nothing and is named with
/// its problem; a document already stored under the same id is replaced only if the reader
/// says so (otherwise the import becomes a copy).
pub fn import_json(st: AppState, name: &str, json: &str) {
    let mut result = formats::import(json, None);
    if result.is_err() && json.contains("\"@context\"") && !json.contains("quotelens:document") {
        // annotations from another tool, for the open document's text
        let text = st.review.with_untracked(|r| r.doc.text.clone());
        result = formats::import(json, Some(&text));
    }
    let imported = match result {
        Ok(i) => i,
        Err(e) => {
            st.warn(format!("“{name}” was not imported, and nothing was changed: {e}."));
            return;
        }
    };
    let mut doc = imported.doc;
    if doc.id.trim().is_empty() {
        doc.id = new_id();
    }
    let n = doc.annotations.len();
    let mut msg = format!(
        "Imported “{}” ({}): {n} annotation(s).",
        doc.title,
        if imported.format == Format::W3c { "W3C Web Annotation" } else { "Quotelens JSON" }
    );
    if !imported.reanchored.is_empty() {
        msg.push_str(&format!(" {} were found at a new place in the text.", imported.reanchored.len()));
    }
    if !imported.orphans.is_empty() {
        msg.push_str(&format!(" {} could not be placed in the text and were left out.", imported.orphans.len()));
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
