//! The document model every front end works on.

use serde::Serialize;

use crate::entities::Entity;
use crate::quotes::MarkStyle;
use crate::segment::{Paragraph, Sentence, Story};
use crate::span::Span;

/// What an annotation marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationKind {
    /// Words in quotation marks that someone said or wrote.
    Quote,
    /// Reported speech in the writer's words; `span` is its content.
    Claim,
    /// Words in quotation marks that nobody is quoted saying: scare quotes, titles, nicknames.
    Term,
}

/// For quotes: a whole statement, or a fragment inside the writer's sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteForm {
    Full,
    Partial,
}

/// How the speaker was found, so a reviewer can weigh it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A cue verb next to the quotation or claim names the source.
    Cue,
    /// The source is a pronoun resolved to an earlier mention.
    Pronoun,
    /// No cue: the quotation continues the previous speaker's.
    Continuation,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Annotation {
    pub id: usize,
    pub kind: AnnotationKind,
    /// The quoted words without marks, or the claim's content.
    pub span: Span,
    /// For quotes: the marks included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outer: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<QuoteForm>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<MarkStyle>,
    /// Index into [`Document::entities`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<usize>,
    /// Where the source is named for this annotation ("Katz", "He", "the ministry").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Span>,
    /// The cue: "said", "according to", "told".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// The name of the rule that made it (and named its speaker): `cue_after`, `cue_before`,
    /// `pronoun`… Reported in the output so a reviewer, or `quotelens eval -v`, can tell which
    /// rule to fix. The names are listed in `docs/rules.md`.
    pub rule: &'static str,
    /// Index of the story it belongs to.
    pub story: usize,
}

/// Everything extracted from one text. Spans are UTF-8 byte offsets into that text.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Document {
    pub paragraphs: Vec<Paragraph>,
    pub stories: Vec<Story>,
    pub sentences: Vec<Sentence>,
    pub annotations: Vec<Annotation>,
    pub entities: Vec<Entity>,
    /// How many annotations were left out to keep the output within
    /// [`crate::bounds::BYTES_OUT_PER_BYTE_IN`] (zero on any news text).
    #[serde(skip_serializing_if = "is_zero")]
    pub truncated: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Document {
    pub fn speaker_name(&self, a: &Annotation) -> Option<&str> {
        a.speaker.map(|i| self.entities[i].name.as_str())
    }

    pub fn quotes(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.iter().filter(|a| a.kind == AnnotationKind::Quote)
    }

    pub fn claims(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.iter().filter(|a| a.kind == AnnotationKind::Claim)
    }
}
