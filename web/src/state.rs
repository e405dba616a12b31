//! The app's state, held at the top and handed to components by context (as in Leptos'
//! todomvc): the document under review, the selection, the panel's filter, the library and the
//! messages. Every change goes through [`AppState::apply`] (or undo/redo/load), which saves it
//! at once to browser storage and tells other tabs; a tab told of another's save merges it into
//! its own document (see [`crate::merge`]), and so does a save that finds another tab's
//! revision stored over the one its changes were made on.

use leptos::prelude::*;
use quotelens_review::{Filter, ReviewDoc};
use wasm_bindgen::{closure::Closure, JsCast};

use crate::model::{now_ms, Change, Edit, Review, Status};
use crate::storage::{self, Saved, StoreError, Summary};

/// A message for the reader: what happened, or what went wrong and what to do about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
    /// Offer the export of the open document as the way out (storage trouble).
    pub offer_export: bool,
    /// A stored record that cannot be read, offered for download as it is.
    pub raw: Option<(String, String)>,
    /// What it is about, so that it goes when it no longer holds.
    pub topic: Topic,
}

/// What a message is about: it is taken down when that changes (a message that stays up after
/// it stopped being true is the one a reader acts on wrongly).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// What just happened, or a refused edit or file: gone at the next edit or document.
    Action,
    /// Saving failed: gone when a save succeeds.
    Saving,
    /// The open document was deleted in another tab: stays until the reader decides.
    Deleted,
    /// A stored record that cannot be read: stays until dismissed.
    Record,
    /// Both tabs changed a note: stays until dismissed or another document is opened.
    Merge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Review,
    Library,
    New,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub review: RwSignal<Review>,
    /// Bumped whenever a different document is loaded, so views keyed on offsets redraw.
    pub generation: RwSignal<u64>,
    /// What the last change touched (set after `review` changes): views that would redo work
    /// over every annotation follow this instead, and redraw only what it names.
    pub change: RwSignal<Change>,
    /// Bumped when the annotations' places or kinds changed: the paragraph layout follows it.
    pub shape: RwSignal<u64>,
    /// The selected annotation's id.
    pub selected: RwSignal<Option<String>>,
    pub filter: RwSignal<Filter>,
    pub help_open: RwSignal<bool>,
    /// The selected annotation's edit form is open: review keys are off, Escape closes it.
    pub editing: RwSignal<bool>,
    /// The reader's text selection in the article, as byte offsets (whitespace trimmed).
    pub text_selection: RwSignal<Option<(usize, usize)>>,
    pub notice: RwSignal<Option<Notice>>,
    pub view: RwSignal<View>,
    pub library: RwSignal<Vec<Summary>>,
    /// False until storage answered, and when it cannot be used.
    pub stored: RwSignal<bool>,
    db: StoredValue<Option<std::rc::Rc<idb::Database>>, LocalStorage>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// A save is scheduled or running; `again` asks for one more after it.
    saving: StoredValue<(bool, bool)>,
    /// The open document as stored, and its revision: what this tab's unsaved changes were
    /// made on. `None` until it is first stored.
    base: StoredValue<Option<(ReviewDoc, f64)>>,
    /// The open document was deleted in another tab: nothing is saved until the reader keeps it.
    gone: StoredValue<bool>,
}

impl AppState {
    pub fn new(review: Review) -> AppState {
        AppState {
            review: RwSignal::new(review),
            generation: RwSignal::new(0),
            change: RwSignal::new(Change::all()),
            shape: RwSignal::new(0),
            selected: RwSignal::new(None),
            filter: RwSignal::new(Filter::default()),
            help_open: RwSignal::new(false),
            editing: RwSignal::new(false),
            text_selection: RwSignal::new(None),
            notice: RwSignal::new(None),
            view: RwSignal::new(View::Review),
            library: RwSignal::new(Vec::new()),
            stored: RwSignal::new(false),
            db: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
            saving: StoredValue::new((false, false)),
            base: StoredValue::new(None),
            gone: StoredValue::new(false),
        }
    }

    /// Shows an information line, unless a merge's warning is up: that one stays until
    /// dismissed or another document is opened (its topic's promise), and a later line ("Updated
    /// with the changes made in another tab.") would hide that a note holds two texts.
    pub fn say(&self, text: impl Into<String>) {
        if self.notice_is(Topic::Merge) {
            return;
        }
        self.notice.set(Some(Notice {
            error: false,
            text: text.into(),
            offer_export: false,
            raw: None,
            topic: Topic::Action,
        }));
    }

    pub fn warn(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error: true,
            text: text.into(),
            offer_export: false,
            raw: None,
            topic: Topic::Action,
        }));
    }

    fn notice_is(&self, topic: Topic) -> bool {
        self.notice.with_untracked(|n| n.as_ref().is_some_and(|n| n.topic == topic))
    }

    /// Takes down the message if it is about `topic`.
    pub fn clear_notice(&self, topic: Topic) {
        if self.notice_is(topic) {
            self.notice.set(None);
        }
    }

    fn storage_trouble(&self, e: StoreError) {
        let raw = match &e {
            StoreError::Corrupt { id, raw: Some(raw), .. } => Some((id.clone(), raw.clone())),
            _ => None,
        };
        if matches!(e, StoreError::Unavailable(_)) {
            self.stored.set(false);
        }
        let topic = if raw.is_some() { Topic::Record } else { Topic::Saving };
        self.notice.set(Some(Notice { error: true, text: e.to_string(), offer_export: true, raw, topic }));
    }

    // ---- the document -------------------------------------------------------------------

    /// Shows another document (nothing is saved: call [`AppState::changed`] for a new one).
    pub fn load(&self, review: Review) {
        // what was said about the previous document no longer holds
        if self.notice.with_untracked(|n| n.as_ref().is_some_and(|n| n.topic != Topic::Record)) {
            self.notice.set(None);
        }
        self.gone.set_value(false);
        self.base.set_value(None);
        self.selected.set(None);
        self.review.set(review);
        self.generation.update(|g| *g += 1);
        self.changed_all();
        self.view.set(View::Review);
    }

    /// Opens a new document and stores it.
    pub fn open_new(&self, doc: ReviewDoc) {
        self.load(Review::new(doc));
        self.changed();
    }

    /// The ids the reader steps through with next/previous: document order, current filter.
    pub fn visible_ids(&self) -> Vec<String> {
        let f = self.filter.get_untracked();
        self.review.with_untracked(|r| r.doc.filter(&f).into_iter().map(|a| a.id.clone()).collect())
    }

    /// Tells the views what a change touched (see [`Change`]).
    fn touched(&self, change: Change) {
        if change.shape {
            self.shape.update(|n| *n += 1);
        }
        self.change.set(change);
    }

    /// Everything changed: another document, or a merge.
    fn changed_all(&self) {
        self.touched(Change::all());
    }

    /// Moves the selection one place through the visible annotations (document order, the
    /// current filter): from the selected one to the next that passes, not over all of them.
    pub fn step(&self, forward: bool) {
        let next = self.filter.with_untracked(|f| {
            self.review.with_untracked(|r| {
                let anns = &r.doc.annotations;
                let passes = |i: &usize| f.matches(&r.doc, &anns[*i]);
                // a selected annotation the filter hides counts as none
                let at =
                    self.selected.with_untracked(|s| s.as_deref().and_then(|id| r.doc.position(id))).filter(passes);
                let found = match (at, forward) {
                    (None, true) => (0..anns.len()).find(passes),
                    (None, false) => (0..anns.len()).rev().find(passes),
                    (Some(i), true) => (i + 1..anns.len()).find(passes),
                    (Some(i), false) => (0..i).rev().find(passes),
                };
                // at either end the selection stays (if it is still visible)
                found.or(at).map(|i| anns[i].id.clone())
            })
        });
        if let Some(id) = next {
            if self.selected.with_untracked(|s| s.as_ref() != Some(&id)) {
                self.selected.set(Some(id));
            }
        }
    }

    /// Applies an edit; a refused one is explained and changes nothing.
    pub fn apply(&self, edit: Edit) -> bool {
        let focused = crate::focus::focus_key();
        // a note or tags are applied when their field loses focus, which is often the press of
        // a button: a message taken down then would move that button from under the pointer
        let quiet = matches!(edit, Edit::SetNote { .. } | Edit::SetTags { .. });
        let mut result = Ok(Change::default());
        self.review.update(|r| result = r.apply(edit));
        match result {
            Ok(change) => {
                self.touched(change);
                if !quiet {
                    self.clear_notice(Topic::Action);
                }
                self.changed();
                crate::focus::restore_focus(focused);
                true
            }
            Err(e) => {
                self.warn(format!("That change was not made: {e}."));
                false
            }
        }
    }

    pub fn set_status(&self, status: Status) {
        if let Some(id) = self.selected.get_untracked() {
            self.apply(Edit::SetStatus { id, status });
        }
    }

    pub fn undo(&self) {
        let focused = crate::focus::focus_key();
        let mut done = None;
        self.review.update(|r| done = r.undo());
        if let Some(change) = done {
            self.touched(change);
            self.keep_selection();
            self.changed();
            crate::focus::restore_focus(focused);
        }
    }

    pub fn redo(&self) {
        let focused = crate::focus::focus_key();
        let mut done = None;
        self.review.update(|r| done = r.redo());
        if let Some(change) = done {
            self.touched(change);
            self.keep_selection();
            self.changed();
            crate::focus::restore_focus(focused);
        }
    }

    /// Drops the selection when its annotation is gone (an undone add, a delete).
    fn keep_selection(&self) {
        if let Some(id) = self.selected.get_untracked() {
            if self.review.with_untracked(|r| r.get(&id).is_none()) {
                self.selected.set(None);
            }
        }
    }

    // ---- storage ------------------------------------------------------------------------

    /// Opens storage and the last document; the built-in sample the very first time (or when
    /// storage cannot be used).
    pub fn boot(self) {
        leptos::task::spawn_local(async move {
            match storage::open().await {
                Err(e) => {
                    self.load(sample());
                    self.storage_trouble(e);
                }
                Ok(db) => {
                    self.keep_db(db);
                    self.stored.set(true);
                    self.listen();
                    let lib = self.refresh_library().await;
                    match lib.first() {
                        Some(first) => self.open_stored(first.id.clone()).await,
                        None => self.open_new(sample().doc),
                    }
                }
            }
        });
    }

    /// Holds the database, and lets go of it when the browser closes it or another page
    /// deletes it (site data cleared): the next save opens it again.
    fn keep_db(&self, mut db: idb::Database) {
        let st = *self;
        db.on_version_change(move |_| st.drop_db());
        db.on_close(move |_| st.drop_db());
        self.db.set_value(Some(std::rc::Rc::new(db)));
    }

    fn drop_db(&self) {
        if let Some(db) = self.db.get_value() {
            db.close();
            self.db.set_value(None);
            // dropped once the handler that called this has returned
            set_timeout(move || drop(db), std::time::Duration::ZERO);
        }
    }

    /// Opens the database again after it was closed under the app; the open document is then
    /// stored whole (what was stored may be gone).
    async fn reconnect(&self) -> Option<std::rc::Rc<idb::Database>> {
        if !self.stored.get_untracked() {
            return None;
        }
        match storage::open().await {
            Ok(db) => {
                self.keep_db(db);
                self.base.set_value(None);
                self.refresh_library().await;
                self.db.get_value()
            }
            Err(e) => {
                self.storage_trouble(e);
                None
            }
        }
    }

    /// The open document was deleted in another tab: nothing more is saved unless the reader
    /// keeps it (a deleted document never comes back unasked).
    fn deleted_elsewhere(&self) {
        self.gone.set_value(true);
        let title = self.review.with_untracked(|r| r.doc.title.clone());
        self.notice.set(Some(Notice {
            error: true,
            text: format!(
                "“{title}” was deleted in another tab. Changes made here are not saved unless you keep it in the library again, or export it."
            ),
            offer_export: true,
            raw: None,
            topic: Topic::Deleted,
        }));
    }

    /// Stores the open document again after it was deleted in another tab.
    pub fn keep_deleted(&self) {
        self.gone.set_value(false);
        self.base.set_value(None);
        self.clear_notice(Topic::Deleted);
        self.changed();
    }

    async fn refresh_library(&self) -> Vec<Summary> {
        let Some(db) = self.db.get_value() else { return Vec::new() };
        match storage::list(&db).await {
            Ok(v) => {
                self.library.set(v.clone());
                v
            }
            Err(e) => {
                self.storage_trouble(e);
                Vec::new()
            }
        }
    }

    /// Opens a stored document.
    pub async fn open_stored(&self, id: String) {
        let Some(db) = self.db.get_value() else { return };
        match storage::load_rev(&db, &id).await {
            Ok((doc, rev)) => {
                let base = doc.clone();
                self.load(Review::new(doc));
                self.base.set_value(Some((base, rev)));
                if let Some(s) = self.library.with_untracked(|l| l.iter().find(|s| s.id == id).cloned()) {
                    let _ = storage::touch(&db, s, now_ms()).await;
                }
                crate::components::details::restore_draft(*self);
            }
            Err(e) => {
                if self.review.with_untracked(|r| r.doc.text.is_empty()) {
                    self.load(sample());
                }
                self.storage_trouble(e);
            }
        }
    }

    pub fn open_id(self, id: String) {
        leptos::task::spawn_local(async move { self.open_stored(id).await });
    }

    pub fn delete_id(self, id: String) {
        leptos::task::spawn_local(async move {
            let Some(db) = self.db.get_value() else { return };
            if let Err(e) = storage::delete(&db, &id).await {
                self.storage_trouble(e);
                return;
            }
            self.broadcast(&id, f64::INFINITY);
            let lib = self.refresh_library().await;
            if self.review.with_untracked(|r| r.doc.id == id) {
                // the open document is gone: the last one opened takes its place (the sample
                // only when the library is empty, never a second copy of it)
                let view = self.view.get_untracked();
                match lib.first() {
                    Some(next) => self.open_stored(next.id.clone()).await,
                    None => self.open_new(sample().doc),
                }
                self.view.set(view);
            }
        });
    }

    /// Renames a stored document (the open one through an undoable edit).
    pub fn rename_id(self, id: String, title: String) {
        if self.review.with_untracked(|r| r.doc.id == id) {
            self.apply(Edit::SetTitle { title });
            return;
        }
        leptos::task::spawn_local(async move {
            let Some(db) = self.db.get_value() else { return };
            let result = async {
                let (mut doc, rev) = storage::load_rev(&db, &id).await?;
                doc.apply(Edit::SetTitle { title }).map_err(|e| StoreError::Other(e.to_string()))?;
                doc.touch(now_ms());
                let opened =
                    self.library.with_untracked(|l| l.iter().find(|s| s.id == id).map_or(0.0, |s| s.opened_ms));
                storage::save(&db, &doc, opened, Some(rev)).await
            }
            .await;
            match result {
                Ok(Saved::Done(summary)) => {
                    self.broadcast(&id, summary.rev);
                    self.refresh_library().await;
                }
                Ok(Saved::Conflict { .. }) => {
                    self.warn("It was changed in another tab at the same moment: rename it again.");
                    self.refresh_library().await;
                }
                Ok(Saved::Gone) => {
                    self.warn("It was deleted in another tab.");
                    self.refresh_library().await;
                }
                Err(e) => self.storage_trouble(e),
            }
        });
    }

    /// Saves the open document soon, once the page is idle (coalescing bursts of changes into
    /// one write): a save writes the whole document, a long task for a large one, and must not
    /// delay the redraw of the change that asked for it.
    pub fn changed(&self) {
        let st = *self;
        let (busy, _) = self.saving.get_value();
        if busy {
            self.saving.set_value((true, true));
            return;
        }
        self.saving.set_value((true, false));
        leptos::task::spawn_local(async move { st.save_loop().await });
    }

    /// Saves the open document, merging first when another tab stored a revision meanwhile;
    /// with nothing to save, takes in another tab's newer revision. Runs until no change is
    /// left (one loop at a time, see [`AppState::changed`]).
    async fn save_loop(self) {
        let mut retries = 0;
        loop {
            storage::idle().await;
            self.saving.set_value((true, false));
            if self.gone.get_value() {
                break;
            }
            let db = match self.db.get_value() {
                Some(db) => db,
                None => match self.reconnect().await {
                    Some(db) => db,
                    None => break,
                },
            };
            let mine = self.review.with_untracked(|r| r.doc.clone());
            let base_rev = self.base.with_value(|b| b.as_ref().map(|(_, rev)| *rev));
            let unchanged = self.base.with_value(|b| b.as_ref().is_some_and(|(d, _)| *d == mine));
            // the copy and the comparison in one task, the writing of the JSON in the next
            storage::next_task().await;
            if unchanged {
                let stored = storage::stored_rev(&db, &mine.id).await;
                if stored.is_some() && stored != base_rev {
                    self.take_stored(&db, &mine).await;
                }
            } else {
                match storage::save(&db, &mine, now_ms(), base_rev).await {
                    Ok(Saved::Done(summary)) => {
                        let (id, rev) = (summary.id.clone(), summary.rev);
                        self.library.update(|l| match l.iter_mut().find(|s| s.id == summary.id) {
                            Some(s) => *s = summary,
                            None => l.insert(0, summary),
                        });
                        crate::components::details::draft_saved(&mine);
                        self.base.set_value(Some((mine, rev)));
                        self.broadcast(&id, rev);
                        self.clear_notice(Topic::Saving);
                    }
                    Ok(Saved::Gone) => self.deleted_elsewhere(),
                    Ok(Saved::Conflict { .. }) => {
                        if self.take_stored(&db, &mine).await {
                            self.saving.set_value((true, true));
                        }
                    }
                    Err(e) => {
                        if self.db.get_value().is_none() && retries < 2 {
                            // the database was closed under the save: open it again and retry
                            retries += 1;
                            self.saving.set_value((true, true));
                        } else {
                            self.storage_trouble(e);
                        }
                    }
                }
            }
            if !self.saving.get_value().1 {
                break;
            }
        }
        self.saving.set_value((false, false));
    }

    /// Merges the stored revision (another tab's) with this tab's changes, made on `base`, as
    /// far as `mine` (the document when the save began) and since. False if it cannot be read.
    async fn take_stored(&self, db: &idb::Database, mine: &ReviewDoc) -> bool {
        // a note being typed is part of this tab's changes
        crate::components::details::flush_note(*self);
        let (theirs, rev) = match storage::load_rev(db, &mine.id).await {
            Ok(x) => x,
            Err(e) => {
                self.storage_trouble(e);
                return false;
            }
        };
        if theirs.text != mine.text {
            // another tab replaced the document (an import under its id): show theirs
            let view = self.view.get_untracked();
            self.load(Review::new(theirs.clone()));
            self.view.set(view);
            self.base.set_value(Some((theirs, rev)));
            self.say("This document was replaced in another tab; it is shown as it is now.");
            return true;
        }
        let (merged, mut both) = self.base.with_value(|b| match b {
            Some((base, _)) => quotelens_review::merge::merge_noting(base, mine, &theirs),
            None => quotelens_review::merge::merge_noting(mine, mine, &theirs),
        });
        self.base.set_value(Some((theirs, rev)));
        let mut changed = false;
        self.review.update(|r| {
            // changes made since `mine` (the note flushed above among them) are merged too,
            // and a note both tabs changed there is said as well: else the reader saw two
            // texts in the note and was told only of an update
            let now = if r.doc == *mine {
                merged
            } else {
                let (now, since) = quotelens_review::merge::merge_noting(mine, &r.doc, &merged);
                for id in since {
                    if !both.contains(&id) {
                        both.push(id);
                    }
                }
                now
            };
            changed = now != r.doc;
            if changed {
                r.replace_doc(now);
            }
        });
        if changed {
            self.changed_all();
        }
        if !both.is_empty() {
            self.keep_selection();
            let text = format!(
                "{} also changed in another tab at the same time. Both texts are kept in it: edit it to keep the right one.",
                if both.len() == 1 { "A note you changed was".to_string() } else { format!("{} notes you changed were", both.len()) }
            );
            self.notice.set(Some(Notice { error: true, text, offer_export: false, raw: None, topic: Topic::Merge }));
        } else if changed {
            self.keep_selection();
            self.say("Updated with the changes made in another tab.");
        }
        true
    }

    // ---- other tabs -----------------------------------------------------------------------

    /// Tells other tabs that revision `rev` of document `id` is stored (infinite: deleted).
    fn broadcast(&self, id: &str, rev: f64) {
        self.channel.with_value(|c| {
            if let Some(c) = c {
                let msg = js_sys::Array::of2(&id.into(), &rev.into());
                let _ = c.post_message(&msg);
            }
        });
    }

    /// Another tab saved: refresh the library, and merge the open document if it is the one
    /// changed (through the save loop, so that merges and saves never interleave).
    fn listen(&self) {
        let Ok(channel) = web_sys::BroadcastChannel::new("quotelens") else { return };
        let st = *self;
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let data = js_sys::Array::from(&ev.data());
            let id = data.get(0).as_string().unwrap_or_default();
            let rev = data.get(1).as_f64().unwrap_or(0.0);
            leptos::task::spawn_local(async move {
                st.refresh_library().await;
                if st.review.with_untracked(|r| r.doc.id != id) {
                    return;
                }
                if rev.is_infinite() {
                    st.deleted_elsewhere();
                    return;
                }
                if st.base.with_value(|b| b.as_ref().map(|(_, r)| *r)) != Some(rev) {
                    st.changed();
                }
            });
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        self.channel.set_value(Some(channel));
    }
}

/// The built-in sample, extracted.
pub fn sample() -> Review {
    Review::extract(&storage::new_id(), "Sample: Harbour city votes to close coal pier", quotelens_extract::SAMPLE)
}
