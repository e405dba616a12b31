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
        Review { doc, history: History::new(), paras: Arc::new(paras) }
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

    pub fn speaker_name(&self, a: &ReviewAnnotation) -> Option<&str> {
        self.doc.speaker_of(a).map(|s| s.name.as_str())
    }

    pub fn cue(&self, a: &ReviewAnnotation) -> Option<&str> {
        a.cue.map(|(s, e)| self.doc.slice(s, e)).filter(|c| !c.is_empty())
    }

    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.history.apply(&mut self.doc, edit, now_ms())
    }

    pub fn undo(&mut self) -> bool {
        self.history.undo(&mut self.doc, now_ms())
    }

    pub fn redo(&mut self) -> bool {
        self.history.redo(&mut self.doc, now_ms())
    }
}

/// "1 quote", "2 quotes", "0 quotes": a count in words, never "quote(s)" or "1 were".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
