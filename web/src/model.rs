//! The document under review as the app holds it: the core's [`ReviewDoc`] with its undo
//! [`History`], plus the paragraph layout the core's segmentation gives the text (computed once
//! per document: the text never changes under review).

use std::sync::Arc;

use quotelens_extract::segment::{self, BlockKind};
pub use quotelens_review::{
    Edit, EditError, History, NewAnnotation, ReviewAnnotation, ReviewDoc, ReviewKind, RosterEntry, SpeakerKind,
    SpeakerRef, Status, Verdict,
};

use quotelens_review::layout::{Block, Mark, ParaIn};

/// Milliseconds since the epoch, as the model stamps edits.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The bit a kind sets on the runs it covers (see [`quotelens_review::layout::Seg::kinds`]).
pub fn kind_bit(k: ReviewKind) -> u8 {
    1 << ReviewKind::ALL.iter().position(|&x| x == k).unwrap_or(0)
}

#[derive(Clone, Debug)]
pub struct Review {
    pub doc: ReviewDoc,
    pub history: History,
    pub paras: Arc<Vec<ParaIn>>,
    /// Annotations no longer suggested, kept up to date change by change (the tool bar's count).
    pub reviewed: usize,
}

/// What one change of the document touched, so that each view redraws only that: the
/// paragraphs and list rows of the annotations changed in place; everything when the layout
/// itself changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    /// Annotations were added, removed, moved or changed kind (or another document is shown):
    /// the paragraph layout and the list are computed again.
    pub shape: bool,
    /// The roster or the title changed.
    pub names: bool,
    /// The annotations changed in place, as they were before (same ids, offsets and kinds now).
    pub before: Vec<ReviewAnnotation>,
}

impl Change {
    /// Everything changed (another document, a merge with another tab's).
    pub fn all() -> Change {
        Change { shape: true, names: true, before: Vec::new() }
    }
}

impl Review {
    pub fn new(doc: ReviewDoc) -> Review {
        let paras = segment::paragraphs(&doc.text)
            .iter()
            .map(|p| ParaIn {
                start: p.span.start,
                end: p.span.end,
                block: match p.kind {
                    BlockKind::Body => Block::Body,
                    BlockKind::Heading => Block::Heading,
                    BlockKind::Boilerplate => Block::Boilerplate,
                },
                dateline_end: p.dateline.as_ref().map(|d| d.span.end),
            })
            .collect();
        let reviewed = doc.annotations.iter().filter(|a| a.status != Status::Suggested).count();
        Review { doc, history: History::new(), paras: Arc::new(paras), reviewed }
    }

    /// Extracts `text`: every quote, claim and term becomes a suggestion.
    pub fn extract(id: &str, title: &str, text: &str) -> Review {
        Review::new(ReviewDoc::from_text(id, title, text, now_ms()))
    }

    pub fn marks(&self) -> Vec<Mark> {
        self.doc
            .annotations
            .iter()
            .enumerate()
            .map(|(i, a)| Mark { id: i, bit: kind_bit(a.kind), start: a.start, end: a.end })
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<&ReviewAnnotation> {
        self.doc.annotation(id)
    }

    /// The annotation that was `before`, as it is now, and its index: found by binary search
    /// when its place in the order did not change (a status, a note), else by id.
    pub fn now_of(&self, before: &ReviewAnnotation) -> Option<(usize, &ReviewAnnotation)> {
        let anns = &self.doc.annotations;
        match anns.binary_search_by(|x| quotelens_review::annotation_order(x, before)) {
            Ok(i) if anns[i].id == before.id => Some((i, &anns[i])),
            _ => self.doc.position(&before.id).map(|i| (i, &anns[i])),
        }
    }

    /// The paragraphs (indices into `paras`) a span of the text is in.
    pub fn paras_over(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let first = self.paras.partition_point(|p| p.end <= start);
        let last = self.paras.partition_point(|p| p.start < end.max(start + 1));
        first..last.max(first)
    }

    /// What the last change made through the history touched; counts kept up to date.
    fn after_change(&mut self) -> Change {
        let Some(step) = self.history.last_step() else { return Change::default() };
        let mut change = Change { shape: step.added().next().is_some(), names: step.renames(), before: Vec::new() };
        let mut reviewed = self.reviewed;
        for id in step.added() {
            if self.doc.annotation(id).is_some_and(|a| a.status != Status::Suggested) {
                reviewed += 1;
            }
        }
        for old in step.previous() {
            reviewed = reviewed.saturating_sub(usize::from(old.status != Status::Suggested));
            match self.now_of(old) {
                Some((_, now)) => {
                    reviewed += usize::from(now.status != Status::Suggested);
                    if (now.start, now.end, now.kind) != (old.start, old.end, old.kind) {
                        change.shape = true;
                    }
                    change.before.push(old.clone());
                }
                None => change.shape = true,
            }
        }
        self.reviewed = reviewed;
        change
    }

    pub fn speaker_name(&self, a: &ReviewAnnotation) -> Option<&str> {
        self.doc.speaker_of(a).map(|s| s.name.as_str())
    }

    pub fn cue(&self, a: &ReviewAnnotation) -> Option<&str> {
        a.cue.map(|(s, e)| self.doc.slice(s, e)).filter(|c| !c.is_empty())
    }

    /// Applies an edit; what it touched (nothing for an edit that changed nothing).
    pub fn apply(&mut self, edit: Edit) -> Result<Change, EditError> {
        self.history.apply(&mut self.doc, edit, now_ms())?;
        Ok(self.after_change())
    }

    /// Undoes the last edit; None when there is none.
    pub fn undo(&mut self) -> Option<Change> {
        self.history.undo(&mut self.doc, now_ms()).then(|| self.after_change())
    }

    pub fn redo(&mut self) -> Option<Change> {
        self.history.redo(&mut self.doc, now_ms()).then(|| self.after_change())
    }

    /// Replaces the document by a merge of it (the history stays): counts again.
    pub fn replace_doc(&mut self, doc: ReviewDoc) {
        self.reviewed = doc.annotations.iter().filter(|a| a.status != Status::Suggested).count();
        self.doc = doc;
    }
}

/// "1 quote", "2 quotes", "0 quotes": a count in words, never "quote(s)" or "1 were".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
