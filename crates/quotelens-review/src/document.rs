//! The reviewable document: what a reader checks, corrects and annotates.
//!
//! Extraction ([`quotelens_extract::extract`]) proposes; a person decides. A [`ReviewDoc`] holds the text,
//! a roster of [`Speaker`]s and one [`ReviewAnnotation`] per quote, claim, term or note, each
//! with a review [`Status`], a fact-check [`Verdict`], evidence links, a note and tags. The app
//! and the embeddable widget both work on this model, and [`crate::formats`] reads and writes it,
//! so no UI code needs to know about offsets, ids or formats.
//!
//! Design:
//! * **Offsets** are UTF-8 byte offsets into `text`, always on char boundaries, `start < end`
//!   (what Rust slices with; [`quotelens_extract::offsets::OffsetIndex`] converts to UTF-16 for the DOM).
//! * **Ids** are stable strings, `a1, a2, …` for annotations and `s1, s2, …` for speakers,
//!   handed out by counters stored in the document, so an id is never given twice, even after a
//!   delete and an undo (external references — exports, links — stay unambiguous).
//! * **Speakers** are referenced by roster id, never by name: renaming is one roster change and
//!   merging speaker A into B is one edit (every annotation of A moves to B, A leaves the roster).
//! * **Order**: `annotations` stay sorted by `(start, end, id number)`, a pure function of their
//!   content, so that rendering can sweep them and every edit and its undo give the same order.
//! * **Edits** go through [`ReviewDoc::apply`]: an [`Edit`] is validated first (a clear
//!   [`EditError`] and nothing changed), then turned into a few primitive operations on single
//!   annotations or roster entries. Each primitive returns its own inverse, so a [`Step`] (what
//!   undoes an edit) holds only the annotations that changed — never a copy of the document —
//!   and undoing a step returns the step that redoes it. [`History`] keeps those steps.
//! * Helpers the UI calls ([`ReviewDoc::roster`], [`Filter`], [`ReviewDoc::segments`]) are pure
//!   functions of the document.
//!
//! ```
//! use quotelens_review::{Edit, Filter, History, ReviewDoc, ReviewKind, Status};
//!
//! let text = "\"The pier will close,\" said Mayor Ana Ruiz.";
//! let mut doc = ReviewDoc::from_text("doc-1", "Pier", text, 0.0);
//! let mut history = History::new();
//! let id = doc.annotations[0].id.clone();
//! assert_eq!(doc.text_of(&doc.annotations[0]), "The pier will close,");
//! history.apply(&mut doc, Edit::accept(&id), 1.0).unwrap();
//! assert_eq!(doc.annotations[0].status, Status::Accepted);
//! history.undo(&mut doc, 2.0);
//! assert_eq!(doc.annotations[0].status, Status::Suggested);
//! let quotes = doc.filter(&Filter { kinds: vec![ReviewKind::Quote], ..Filter::default() });
//! assert_eq!(doc.speaker_of(quotes[0]).map(|s| s.name.as_str()), Some("Ana Ruiz"));
//! ```
//!
//! Nothing here reads a clock: times are `now_ms` parameters (milliseconds since the epoch, as
//! JavaScript's `Date.now()` gives them), so the module runs unchanged in WASM.

use std::cmp::Ordering;
use std::collections::{HashSet, VecDeque};
use std::fmt;

use crate::formats::json::quoted;

use serde::{Deserialize, Serialize};

use quotelens_extract::case::{push_lower, to_lowercase};
use quotelens_extract::entities::EntityKind;
use quotelens_extract::model::AnnotationKind;

/// The version of the review model that [`crate::formats`] writes. Raise it with every change
/// to the saved shape, and add a migration from the previous one.
pub const SCHEMA_VERSION: u32 = 1;

/// Declares a small enum with its lowercase name, a parser and the list of its values, so the
/// formats can name every allowed value in an error.
macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name {
            $($(#[$vm])* $v),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The lowercase name used in every format.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$v => $s),+
                }
            }

            /// The value named `s` (exactly as [`Self::as_str`] writes it).
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($s => Some($name::$v),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum! {
    /// What a review annotation marks. Extends [`AnnotationKind`] (which extraction uses) with
    /// the reader's own notes.
    ReviewKind {
        /// Words in quotation marks that someone said or wrote.
        Quote = "quote",
        /// Reported speech in the writer's words.
        Claim = "claim",
        /// Scare quotes, titles, nicknames: in marks, but nobody is quoted.
        Term = "term",
        /// A reader's note on any stretch of text.
        Note = "note",
    }
}

named_enum! {
    /// Where an annotation stands in review.
    Status {
        /// Proposed by extraction, not yet looked at.
        Suggested = "suggested",
        Accepted = "accepted",
        /// Kept (so that the decision is remembered), but not a quote or claim any more.
        Rejected = "rejected",
    }
}

named_enum! {
    /// A fact-check verdict, meaningful for claims.
    Verdict {
        Unchecked = "unchecked",
        Supported = "supported",
        Disputed = "disputed",
        False = "false",
        Misleading = "misleading",
    }
}

named_enum! {
    /// Who made an annotation.
    Origin {
        Extracted = "extracted",
        Manual = "manual",
    }
}

named_enum! {
    /// What a speaker is (the review-side copy of [`EntityKind`], which the formats can read).
    SpeakerKind {
        Person = "person",
        Group = "group",
        Institution = "institution",
        Unknown = "unknown",
    }
}

impl From<AnnotationKind> for ReviewKind {
    fn from(k: AnnotationKind) -> Self {
        match k {
            AnnotationKind::Quote => ReviewKind::Quote,
            AnnotationKind::Claim => ReviewKind::Claim,
            AnnotationKind::Term => ReviewKind::Term,
        }
    }
}

impl From<EntityKind> for SpeakerKind {
    fn from(k: EntityKind) -> Self {
        match k {
            EntityKind::Person => SpeakerKind::Person,
            EntityKind::Group => SpeakerKind::Group,
            EntityKind::Institution => SpeakerKind::Institution,
            EntityKind::Unknown => SpeakerKind::Unknown,
        }
    }
}

/// One entry of the document's roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// `s1`, `s2`, …: stable, never reused.
    pub id: String,
    /// As a reader names them: trimmed, inner spaces collapsed, never empty.
    pub name: String,
    pub kind: SpeakerKind,
}

/// One quote, claim, term or note under review.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewAnnotation {
    /// `a1`, `a2`, …: stable, never reused.
    pub id: String,
    pub kind: ReviewKind,
    /// UTF-8 byte offsets into [`ReviewDoc::text`], on char boundaries, `start < end`.
    pub start: usize,
    pub end: usize,
    /// The roster id ([`Speaker::id`]) of who said it.
    pub speaker: Option<String>,
    /// The cue ("said", "according to"), as byte offsets.
    pub cue: Option<(usize, usize)>,
    /// Where the source is named ("the ministry", "She"), as byte offsets.
    pub source: Option<(usize, usize)>,
    pub status: Status,
    pub origin: Origin,
    pub verdict: Verdict,
    /// Links (http or https only, see [`normalize_link`]) supporting the verdict.
    pub evidence: Vec<String>,
    pub note: String,
    pub tags: Vec<String>,
}

impl ReviewAnnotation {
    /// Not rejected: still a quote, claim, term or note as far as readers and scorers go.
    pub fn is_live(&self) -> bool {
        self.status != Status::Rejected
    }
}

/// A document under review. Read the fields freely; change them through [`ReviewDoc::apply`]
/// (or [`History::apply`]) to keep them valid and undoable.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewDoc {
    pub schema_version: u32,
    pub id: String,
    pub title: String,
    pub text: String,
    /// Milliseconds since the epoch.
    pub created_ms: f64,
    pub updated_ms: f64,
    pub speakers: Vec<Speaker>,
    /// Sorted by `(start, end, id number)`.
    pub annotations: Vec<ReviewAnnotation>,
    /// The number in the next annotation id (`a{n}`); only ever grows.
    pub next_annotation: u64,
    /// The number in the next speaker id (`s{n}`); only ever grows.
    pub next_speaker: u64,
}

/// What the roster shows for one speaker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterEntry {
    pub id: String,
    pub name: String,
    pub kind: SpeakerKind,
    /// Quotes and claims not rejected.
    pub quotes: usize,
    pub claims: usize,
    /// Every annotation that names this speaker, whatever its kind or status (0: unused).
    pub total: usize,
}

/// A stretch of text between two consecutive annotation edges, with the annotations over it:
/// what a renderer turns into one `<span>` (nested and overlapping annotations become runs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    /// Indices into [`ReviewDoc::annotations`] (valid until the next edit), in document order.
    pub annotations: Vec<usize>,
}

/// A problem found by [`ReviewDoc::check`]: where (a field path) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub path: String,
    pub reason: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

impl std::error::Error for Invalid {}

/// The order of `annotations`: by span, then by id number (`a9` before `a10`), then by id.
pub fn annotation_order(a: &ReviewAnnotation, b: &ReviewAnnotation) -> Ordering {
    (a.start, a.end)
        .cmp(&(b.start, b.end))
        .then_with(|| id_number(&a.id, 'a').unwrap_or(u64::MAX).cmp(&id_number(&b.id, 'a').unwrap_or(u64::MAX)))
        .then_with(|| a.id.cmp(&b.id))
}

/// Sorts annotations by [`annotation_order`], stably, each id's number read once (not twice
/// per comparison: on 50,000 annotations that parsing was most of the sort's time).
pub fn sort_annotations(list: &mut Vec<ReviewAnnotation>) {
    let keys: Vec<(usize, usize, u64)> =
        list.iter().map(|a| (a.start, a.end, id_number(&a.id, 'a').unwrap_or(u64::MAX))).collect();
    let order = crate::sort::order(list.len(), &|i, j| (keys[i], &list[i].id) < (keys[j], &list[j].id));
    let mut slots: Vec<Option<ReviewAnnotation>> = std::mem::take(list).into_iter().map(Some).collect();
    list.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The largest id number: 2^53 − 1, the largest integer JavaScript holds exactly, so that
/// counters survive a trip through JSON in the browser and can never overflow.
pub const MAX_ID_NUMBER: u64 = (1 << 53) - 1;

/// The number in an id of the form `{prefix}{digits}` (no leading zeros, at most
/// [`MAX_ID_NUMBER`]), e.g. `a12` → 12. Other ids are valid too, but are not counted.
pub fn id_number(id: &str, prefix: char) -> Option<u64> {
    let digits = id.strip_prefix(prefix)?;
    let canonical =
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && (digits == "0" || !digits.starts_with('0'));
    if canonical {
        digits.parse().ok().filter(|&n| n <= MAX_ID_NUMBER)
    } else {
        None
    }
}

/// A speaker name as stored: trimmed, runs of whitespace made one space.
pub fn clean_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Names compare without case and spacing differences ("jane  DOE" is "Jane Doe").
fn name_key(name: &str) -> String {
    to_lowercase(&clean_name(name))
}

/// Tags as stored: trimmed, empty ones dropped, duplicates dropped (first kept).
pub fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    // a set beside the list: thousands of tags on one annotation are deduplicated in one pass
    let mut seen: HashSet<&str> = HashSet::with_capacity(tags.len());
    for t in tags {
        let t = t.trim();
        if !t.is_empty() && seen.insert(t) {
            out.push(t.to_string());
        }
    }
    out
}

/// An evidence link as stored, or why it cannot be one. Only `http` and `https` links are kept:
/// the app renders evidence as `<a href>`, and `javascript:` or `data:` there would run code. A
/// bare `example.org/page` becomes `https://example.org/page`.
pub fn normalize_link(link: &str) -> Result<String, EditError> {
    let bad = |reason: &'static str| EditError::BadLink { link: link.to_string(), reason };
    let l = link.trim();
    if l.is_empty() {
        return Err(bad("it is empty"));
    }
    if l.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("it contains spaces or control characters"));
    }
    // never valid unescaped in a URL, and the characters that break out of HTML attributes
    if l.contains(['"', '<', '>', '`', '\\']) {
        return Err(bad("it contains characters a link holds only percent-encoded (\" < > ` \\)"));
    }
    let lower = l.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        r
    } else {
        // a scheme is letters (digits, + - .) before a colon; with no dot it cannot be a host
        let scheme_end = lower.find(':');
        let has_scheme = lower.contains("://")
            || scheme_end.is_some_and(|i| {
                let s = &lower[..i];
                !s.is_empty()
                    && s.starts_with(|c: char| c.is_ascii_alphabetic())
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                    && !s.contains('.')
            });
        if has_scheme || l.starts_with('/') {
            return Err(bad("only http and https links are allowed"));
        }
        return Ok(format!("https://{l}"));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(bad("it names no host"));
    }
    Ok(l.to_string())
}

/// Who an annotation is attributed to, as an edit gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpeakerRef {
    /// Nobody (the text does not say).
    None,
    /// An existing roster entry.
    Id(String),
    /// By name: the roster entry of that name (case and spacing ignored) if there is one,
    /// otherwise a new entry of `kind`.
    Name { name: String, kind: SpeakerKind },
}

/// A manual annotation to add. It gets the next id, status `accepted` (a person made it),
/// origin `manual` and verdict `unchecked`.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAnnotation {
    pub kind: ReviewKind,
    pub start: usize,
    pub end: usize,
    pub speaker: SpeakerRef,
    pub note: String,
    pub tags: Vec<String>,
}

impl NewAnnotation {
    pub fn new(kind: ReviewKind, start: usize, end: usize) -> Self {
        NewAnnotation { kind, start, end, speaker: SpeakerRef::None, note: String::new(), tags: Vec::new() }
    }
}

/// Every change a reviewer can make. Annotations are named by `id`, speakers by roster id.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Accept, reject, or reset to suggested (see [`Edit::accept`] and friends).
    SetStatus {
        id: String,
        status: Status,
    },
    SetSpeaker {
        id: String,
        speaker: SpeakerRef,
    },
    /// Fails with [`EditError::NameTaken`] when another entry has that name: merge instead.
    RenameSpeaker {
        speaker: String,
        name: String,
    },
    SetSpeakerKind {
        speaker: String,
        kind: SpeakerKind,
    },
    /// Every annotation of `from` goes to `into`, and `from` leaves the roster.
    MergeSpeakers {
        from: String,
        into: String,
    },
    /// `speaker` leaves the roster; its annotations are left without a speaker.
    RemoveSpeaker {
        speaker: String,
    },
    SetKind {
        id: String,
        kind: ReviewKind,
    },
    SetBounds {
        id: String,
        start: usize,
        end: usize,
    },
    Add(NewAnnotation),
    Delete {
        id: String,
    },
    SetNote {
        id: String,
        note: String,
    },
    /// Tags are cleaned with [`clean_tags`].
    SetTags {
        id: String,
        tags: Vec<String>,
    },
    SetVerdict {
        id: String,
        verdict: Verdict,
    },
    /// The link is cleaned with [`normalize_link`].
    AddEvidence {
        id: String,
        link: String,
    },
    RemoveEvidence {
        id: String,
        link: String,
    },
    SetTitle {
        title: String,
    },
    /// Several edits as one undo step ("accept all visible"): all apply, or none.
    Batch(Vec<Edit>),
    /// Runs extraction on the document's text and adds its suggestions where no annotation
    /// stands (a paragraph added after the text changed under the annotations); their
    /// speakers join the roster by name. One undo step.
    AddExtracted,
    /// Puts back, on the words `start..end`, an annotation that lost its place when the text
    /// changed under it (the widget's "needs review" list): its status, note, tags and
    /// evidence kept, its id when free (else a new one), its cue and source dropped (they
    /// pointed at the old words). `speaker` is its speaker as the old document had it: the
    /// same roster id here, else the entry of that name, else it joins the roster.
    Place {
        annotation: ReviewAnnotation,
        speaker: Option<Speaker>,
        start: usize,
        end: usize,
    },
    /// Merges annotations from another copy of this document (an import, already placed on
    /// this text). One with the words (`start..end`) and kind of an annotation here updates it
    /// and keeps its id (ids are local to each copy: the words are what two copies share),
    /// and its speaker when it names none; the others are added under new ids. Their speakers
    /// are `roster` ids: found here by name, or added. Only the annotations here before the
    /// edit are matched, so two of `annotations` on the same words both come in. One undo
    /// step; an invalid item refuses the whole edit ([`EditError::InMerge`]). The widget's
    /// import; the app does without it (feature `import-merge`, on by default: the app turns
    /// it off to keep 1.4 KB of gzip out of its wasm).
    #[cfg(feature = "import-merge")]
    MergeImported {
        annotations: Vec<ReviewAnnotation>,
        roster: Vec<Speaker>,
    },
}

impl Edit {
    pub fn accept(id: impl Into<String>) -> Edit {
        Edit::SetStatus { id: id.into(), status: Status::Accepted }
    }

    pub fn reject(id: impl Into<String>) -> Edit {
        Edit::SetStatus { id: id.into(), status: Status::Rejected }
    }

    pub fn reset(id: impl Into<String>) -> Edit {
        Edit::SetStatus { id: id.into(), status: Status::Suggested }
    }

    /// A short name for undo/redo menus ("Undo merge speakers").
    pub fn label(&self) -> &'static str {
        match self {
            Edit::SetStatus { status: Status::Accepted, .. } => "accept",
            Edit::SetStatus { status: Status::Rejected, .. } => "reject",
            Edit::SetStatus { status: Status::Suggested, .. } => "reset to suggested",
            Edit::SetSpeaker { .. } => "set speaker",
            Edit::RenameSpeaker { .. } => "rename speaker",
            Edit::SetSpeakerKind { .. } => "change speaker kind",
            Edit::MergeSpeakers { .. } => "merge speakers",
            Edit::RemoveSpeaker { .. } => "remove speaker",
            Edit::SetKind { .. } => "change kind",
            Edit::SetBounds { .. } => "change bounds",
            Edit::Add(_) => "add annotation",
            Edit::Delete { .. } => "delete annotation",
            Edit::SetNote { .. } => "edit note",
            Edit::SetTags { .. } => "edit tags",
            Edit::SetVerdict { .. } => "set verdict",
            Edit::AddEvidence { .. } => "add evidence",
            Edit::RemoveEvidence { .. } => "remove evidence",
            Edit::SetTitle { .. } => "rename document",
            Edit::Batch(_) => "bulk edit",
            Edit::AddExtracted => "add suggestions",
            Edit::Place { .. } => "place annotation",
            #[cfg(feature = "import-merge")]
            Edit::MergeImported { .. } => "import annotations",
        }
    }
}

/// Why an edit was refused. The document is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The id counter passed [`MAX_ID_NUMBER`]: a new id would not survive a save and a load.
    IdsUsedUp,
    NoSuchAnnotation(String),
    NoSuchSpeaker(String),
    /// `end` lies past the end of the text (`len` bytes).
    OutsideText {
        start: usize,
        end: usize,
        len: usize,
    },
    /// `start >= end`: an annotation covers at least one character.
    EmptySpan {
        start: usize,
        end: usize,
    },
    /// The offset falls inside a multi-byte character.
    NotCharBoundary {
        offset: usize,
    },
    /// A speaker name that is empty after trimming.
    EmptyName,
    /// Another roster entry already has this name.
    NameTaken {
        name: String,
        speaker: String,
    },
    /// Merging a speaker into itself.
    SameSpeaker(String),
    BadLink {
        link: String,
        reason: &'static str,
    },
    DuplicateEvidence(String),
    NoSuchEvidence(String),
    /// Edit `index` of a batch failed (the batch was rolled back).
    InBatch {
        index: usize,
        error: Box<EditError>,
    },
    /// An annotation of an [`Edit::MergeImported`] is not valid here (nothing was merged);
    /// the path starts with its id in the import.
    #[cfg(feature = "import-merge")]
    InMerge(Invalid),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoSuchAnnotation(id) => write!(f, "no annotation has the id {}", quoted(id)),
            EditError::NoSuchSpeaker(id) => write!(f, "no speaker has the id {}", quoted(id)),
            EditError::OutsideText { start, end, len } => {
                write!(f, "the span {start}..{end} reaches past the end of the text ({len} bytes)")
            }
            EditError::EmptySpan { start, end } => {
                write!(f, "the span {start}..{end} is empty or reversed: the start must come before the end")
            }
            EditError::NotCharBoundary { offset } => write!(f, "byte offset {offset} falls inside a character"),
            EditError::EmptyName => write!(f, "a speaker needs a name"),
            EditError::NameTaken { name, speaker } => {
                write!(f, "the speaker {speaker} is already called {}: merge the two instead", quoted(name))
            }
            EditError::SameSpeaker(id) => write!(f, "cannot merge the speaker {id} into itself"),
            EditError::BadLink { link, reason } => write!(f, "{} cannot be an evidence link: {reason}", quoted(link)),
            EditError::DuplicateEvidence(link) => write!(f, "{} is already listed as evidence", quoted(link)),
            EditError::NoSuchEvidence(link) => write!(f, "{} is not listed as evidence", quoted(link)),
            EditError::InBatch { index, error } => write!(f, "edit {} of the batch: {error}", index + 1),
            #[cfg(feature = "import-merge")]
            EditError::InMerge(invalid) => write!(f, "the imported annotation {invalid}"),
            EditError::IdsUsedUp => {
                write!(f, "every annotation or speaker id up to {MAX_ID_NUMBER} is taken: no new one can be made")
            }
        }
    }
}

impl std::error::Error for EditError {}

/// A primitive change; running one returns its inverse. Annotations are found by id and placed
/// by their sort key, roster entries by id and kept at their index.
#[derive(Clone, Debug, PartialEq)]
enum Op {
    /// Insert the annotation, or replace the one with its id.
    Put(ReviewAnnotation),
    /// Remove the annotation with this id.
    Drop(String),
    /// Insert the speaker at the index, or replace the one with its id.
    PutSpeaker(usize, Speaker),
    DropSpeaker(String),
    Title(String),
    /// Insert these annotations (new ids; one already here is skipped), sorting once: an
    /// import of thousands would be quadratic one `Put` at a time.
    #[cfg(feature = "import-merge")]
    PutAll(Vec<ReviewAnnotation>),
    /// Remove the annotations with these ids.
    #[cfg(feature = "import-merge")]
    DropAll(Vec<String>),
}

/// What undoes one edit (or, once undone, redoes it): the inverse primitives, in the order to
/// run them. Holds only what changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    ops: Vec<Op>,
}

impl Step {
    /// True for an edit that changed nothing (setting a value it already had).
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// How many primitive changes it holds (at most a few per annotation touched).
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// The ids of the annotations the edit added (the ones undoing it removes), in the order
    /// it added them.
    pub fn added(&self) -> impl Iterator<Item = &str> {
        self.ops
            .iter()
            .rev()
            .flat_map(|op| match op {
                Op::Drop(id) => std::slice::from_ref(id),
                #[cfg(feature = "import-merge")]
                Op::DropAll(ids) => ids.as_slice(),
                _ => &[],
            })
            .map(String::as_str)
    }

    /// The ids of the annotations the edit changed or removed (the ones undoing it puts back),
    /// in the order it changed them.
    pub fn changed(&self) -> impl Iterator<Item = &str> {
        self.ops.iter().rev().filter_map(|op| if let Op::Put(a) = op { Some(a.id.as_str()) } else { None })
    }

    /// The annotations the edit changed or removed, as they were before it: with the document
    /// as it is now, what a view must redraw (and nothing else).
    pub fn previous(&self) -> impl Iterator<Item = &ReviewAnnotation> {
        self.ops.iter().rev().flat_map(|op| match op {
            Op::Put(a) => std::slice::from_ref(a),
            #[cfg(feature = "import-merge")]
            Op::PutAll(anns) => anns.as_slice(),
            _ => &[],
        })
    }

    /// True if the edit changed the roster or the title.
    pub fn renames(&self) -> bool {
        self.ops.iter().any(|op| matches!(op, Op::PutSpeaker(..) | Op::DropSpeaker(_) | Op::Title(_)))
    }
}

impl ReviewDoc {
    /// A document with no annotations.
    pub fn new(id: impl Into<String>, title: impl Into<String>, text: impl Into<String>, now_ms: f64) -> ReviewDoc {
        let now = finite(now_ms);
        ReviewDoc {
            schema_version: SCHEMA_VERSION,
            id: id.into(),
            title: title.into(),
            text: text.into(),
            created_ms: now,
            updated_ms: now,
            speakers: Vec::new(),
            annotations: Vec::new(),
            next_annotation: 1,
            next_speaker: 1,
        }
    }

    /// Runs extraction on `text` and makes every quote, claim and term a suggestion, with the
    /// extracted speakers as the roster (`s1…` in the order extraction found them). Empty
    /// spans (`""`) are left out: nothing to highlight.
    pub fn from_text(
        id: impl Into<String>,
        title: impl Into<String>,
        text: impl Into<String>,
        now_ms: f64,
    ) -> ReviewDoc {
        let mut doc = ReviewDoc::new(id, title, text, now_ms);
        let extracted = quotelens_extract::extract(&doc.text);
        let mut roster_ids: Vec<Option<String>> = Vec::with_capacity(extracted.entities.len());
        for e in &extracted.entities {
            let name = clean_name(&e.name);
            if name.is_empty() {
                roster_ids.push(None);
                continue;
            }
            let id = doc.take_speaker_id();
            doc.speakers.push(Speaker { id: id.clone(), name, kind: e.kind.into() });
            roster_ids.push(Some(id));
        }
        for a in extracted.annotations.iter().filter(|a| !a.span.is_empty()) {
            let id = doc.take_annotation_id();
            doc.annotations.push(ReviewAnnotation {
                id,
                kind: a.kind.into(),
                start: a.span.start,
                end: a.span.end,
                speaker: a.speaker.and_then(|i| roster_ids.get(i).cloned().flatten()),
                cue: a.cue.map(|s| (s.start, s.end)),
                source: a.source.map(|s| (s.start, s.end)),
                status: Status::Suggested,
                origin: Origin::Extracted,
                verdict: Verdict::Unchecked,
                evidence: Vec::new(),
                note: String::new(),
                tags: Vec::new(),
            });
        }
        sort_annotations(&mut doc.annotations);
        doc
    }

    /// Marks the document changed at `now_ms`.
    pub fn touch(&mut self, now_ms: f64) {
        self.updated_ms = finite(now_ms);
    }

    /// The id the next [`Edit::Add`] will give its annotation (to select it afterwards).
    pub fn peek_annotation_id(&self) -> String {
        format!("a{}", self.next_annotation)
    }

    /// The id the next new speaker will get.
    pub fn peek_speaker_id(&self) -> String {
        format!("s{}", self.next_speaker)
    }

    fn take_annotation_id(&mut self) -> String {
        let id = self.peek_annotation_id();
        self.next_annotation = self.next_annotation.saturating_add(1);
        id
    }

    fn take_speaker_id(&mut self) -> String {
        let id = self.peek_speaker_id();
        self.next_speaker = self.next_speaker.saturating_add(1);
        id
    }

    /// Raises the id counters above every id in use (after an import).
    pub fn fix_counters(&mut self) {
        let a = self.annotations.iter().filter_map(|a| id_number(&a.id, 'a')).max().map_or(1, |n| n.saturating_add(1));
        let s = self.speakers.iter().filter_map(|s| id_number(&s.id, 's')).max().map_or(1, |n| n.saturating_add(1));
        self.next_annotation = self.next_annotation.max(a);
        self.next_speaker = self.next_speaker.max(s);
    }

    /// The index of the annotation with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.annotations.iter().position(|a| a.id == id)
    }

    pub fn annotation(&self, id: &str) -> Option<&ReviewAnnotation> {
        self.annotations.iter().find(|a| a.id == id)
    }

    pub fn speaker(&self, id: &str) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.id == id)
    }

    /// The roster entry an annotation is attributed to.
    pub fn speaker_of(&self, a: &ReviewAnnotation) -> Option<&Speaker> {
        a.speaker.as_deref().and_then(|id| self.speaker(id))
    }

    /// The roster entry with this name (case and spacing ignored).
    pub fn speaker_named(&self, name: &str) -> Option<&Speaker> {
        let key = name_key(name);
        self.speakers.iter().find(|s| name_key(&s.name) == key)
    }

    /// The text of a byte range, or "" when the range is not a valid one.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }

    /// The annotated words.
    pub fn text_of(&self, a: &ReviewAnnotation) -> &str {
        self.slice(a.start, a.end)
    }

    /// Checks a byte range for an annotation: inside the text, on char boundaries, not empty.
    pub fn check_span(&self, start: usize, end: usize) -> Result<(), EditError> {
        let len = self.text.len();
        if end > len || start > len {
            return Err(EditError::OutsideText { start, end, len });
        }
        if start >= end {
            return Err(EditError::EmptySpan { start, end });
        }
        for offset in [start, end] {
            if !self.text.is_char_boundary(offset) {
                return Err(EditError::NotCharBoundary { offset });
            }
        }
        Ok(())
    }

    /// A reader's selection with surrounding whitespace left out, or `None` when nothing but
    /// whitespace (or an invalid range) was selected.
    pub fn trim_selection(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let s = self.text.get(start..end)?;
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        (!trimmed.is_empty()).then(|| (start + lead, start + lead + trimmed.len()))
    }

    /// Every invariant the model promises; the importers run this last. The path names the
    /// field (`annotations[3].end`), the reason what is wrong with it.
    pub fn check(&self) -> Result<(), Invalid> {
        let bad = |path: String, reason: String| Err(Invalid { path, reason });
        if self.schema_version != SCHEMA_VERSION {
            return bad(
                "schema_version".into(),
                format!("is {}, this build works on {SCHEMA_VERSION}", self.schema_version),
            );
        }
        let mut speaker_ids = HashSet::new();
        for (i, s) in self.speakers.iter().enumerate() {
            if s.id.is_empty() {
                return bad(format!("speakers[{i}].id"), "is empty".into());
            }
            if !speaker_ids.insert(s.id.as_str()) {
                return bad(format!("speakers[{i}].id"), format!("{} is used twice", quoted(&s.id)));
            }
            if clean_name(&s.name).is_empty() {
                return bad(format!("speakers[{i}].name"), "is empty".into());
            }
        }
        let mut ids = HashSet::new();
        for (i, a) in self.annotations.iter().enumerate() {
            let at = |field: &str| format!("annotations[{i}].{field}");
            if a.id.is_empty() {
                return bad(at("id"), "is empty".into());
            }
            if !ids.insert(a.id.as_str()) {
                return bad(at("id"), format!("{} is used twice", quoted(&a.id)));
            }
            if let Err((field, reason)) = self.check_fields(a) {
                return bad(at(&field), reason);
            }
            if let Some(sp) = &a.speaker {
                if !speaker_ids.contains(sp.as_str()) {
                    return bad(at("speaker"), format!("{} is not in the roster", quoted(sp)));
                }
            }
            // (the ids' numbers only decide between annotations on the same words)
            let prev = i.checked_sub(1).map(|p| &self.annotations[p]);
            if prev.is_some_and(|p| (p.start, p.end) >= (a.start, a.end) && annotation_order(p, a) != Ordering::Less) {
                return bad(at("start"), "annotations are out of order".into());
            }
        }
        Ok(())
    }

    /// What [`ReviewDoc::check`] asks of one annotation's span, cue, source and evidence links:
    /// the field (`start`, `evidence[2]`) and what is wrong with it.
    fn check_fields(&self, a: &ReviewAnnotation) -> Result<(), (String, String)> {
        if let Err(e) = self.check_span(a.start, a.end) {
            return Err(("start".into(), e.to_string()));
        }
        for (field, span) in [("cue", a.cue), ("source", a.source)] {
            if let Some((s, e)) = span {
                let ok =
                    s <= e && e <= self.text.len() && self.text.is_char_boundary(s) && self.text.is_char_boundary(e);
                if !ok {
                    return Err((field.into(), format!("{s}..{e} is not a range of whole characters inside the text")));
                }
            }
        }
        for (k, link) in a.evidence.iter().enumerate() {
            if normalize_link(link).as_deref() != Ok(link.as_str()) {
                return Err((format!("evidence[{k}]"), format!("{} is not an http(s) link", quoted(link))));
            }
        }
        Ok(())
    }

    /// Applies an edit, or explains why not and changes nothing.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.apply_undoable(edit).map(|_| ())
    }

    /// Applies an edit and returns the [`Step`] that undoes it (empty when nothing changed).
    pub fn apply_undoable(&mut self, edit: Edit) -> Result<Step, EditError> {
        match edit {
            Edit::Batch(edits) => {
                let counters = (self.next_annotation, self.next_speaker);
                let mut done: Vec<Step> = Vec::with_capacity(edits.len());
                for (index, e) in edits.into_iter().enumerate() {
                    match self.apply_undoable(e) {
                        Ok(step) => done.push(step),
                        Err(error) => {
                            for step in done.into_iter().rev() {
                                self.revert(step);
                            }
                            // ids taken inside a failed batch were never seen: hand them out again
                            (self.next_annotation, self.next_speaker) = counters;
                            return Err(EditError::InBatch { index, error: Box::new(error) });
                        }
                    }
                }
                // undo the last edit first
                Ok(Step { ops: done.into_iter().rev().flat_map(|s| s.ops).collect() })
            }
            edit => {
                let ops = self.plan(edit)?;
                Ok(self.run(ops))
            }
        }
    }

    /// Runs a step (an undo or a redo) and returns the step that takes it back.
    pub fn revert(&mut self, step: Step) -> Step {
        self.run(step.ops)
    }

    fn run(&mut self, ops: Vec<Op>) -> Step {
        let mut inverse: Vec<Op> = ops.into_iter().filter_map(|op| self.exec(op)).collect();
        inverse.reverse();
        Step { ops: inverse }
    }

    /// Runs one primitive; `None` when it no longer applies (a step replayed on another
    /// document): skipped rather than a panic.
    fn exec(&mut self, op: Op) -> Option<Op> {
        match op {
            Op::Put(ann) => {
                // unchanged key (status, note, speaker…): found by binary search, replaced in place
                if let Ok(i) = self.annotations.binary_search_by(|x| annotation_order(x, &ann)) {
                    return Some(Op::Put(std::mem::replace(&mut self.annotations[i], ann)));
                }
                let old = self.position(&ann.id).map(|i| self.annotations.remove(i));
                let id = ann.id.clone();
                self.insert_sorted(ann);
                Some(old.map_or(Op::Drop(id), Op::Put))
            }
            Op::Drop(id) => {
                let i = self.position(&id)?;
                Some(Op::Put(self.annotations.remove(i)))
            }
            Op::PutSpeaker(index, sp) => match self.speakers.iter().position(|s| s.id == sp.id) {
                Some(i) => Some(Op::PutSpeaker(i, std::mem::replace(&mut self.speakers[i], sp))),
                None => {
                    let id = sp.id.clone();
                    self.speakers.insert(index.min(self.speakers.len()), sp);
                    Some(Op::DropSpeaker(id))
                }
            },
            Op::DropSpeaker(id) => {
                let i = self.speakers.iter().position(|s| s.id == id)?;
                Some(Op::PutSpeaker(i, self.speakers.remove(i)))
            }
            Op::Title(t) => Some(Op::Title(std::mem::replace(&mut self.title, t))),
            #[cfg(feature = "import-merge")]
            Op::PutAll(mut anns) => {
                let here: HashSet<&str> = self.annotations.iter().map(|a| a.id.as_str()).collect();
                anns.retain(|a| !here.contains(a.id.as_str()));
                drop(here);
                let ids = anns.iter().map(|a| a.id.clone()).collect();
                self.annotations.append(&mut anns);
                // stable, through the one shared sort (one instance in the wasm)
                sort_annotations(&mut self.annotations);
                Some(Op::DropAll(ids))
            }
            #[cfg(feature = "import-merge")]
            Op::DropAll(ids) => {
                let gone: HashSet<&str> = ids.iter().map(String::as_str).collect();
                let (out, keep) =
                    std::mem::take(&mut self.annotations).into_iter().partition(|a| gone.contains(a.id.as_str()));
                self.annotations = keep;
                Some(Op::PutAll(out))
            }
        }
    }

    fn insert_sorted(&mut self, ann: ReviewAnnotation) {
        let i = self.annotations.partition_point(|x| annotation_order(x, &ann) == Ordering::Less);
        self.annotations.insert(i, ann);
    }

    fn find(&self, id: &str) -> Result<&ReviewAnnotation, EditError> {
        self.annotation(id).ok_or_else(|| EditError::NoSuchAnnotation(id.to_string()))
    }

    fn speaker_index(&self, id: &str) -> Result<usize, EditError> {
        self.speakers.iter().position(|s| s.id == id).ok_or_else(|| EditError::NoSuchSpeaker(id.to_string()))
    }

    /// An annotation with one change, as a `Put`, or nothing when the change is no change.
    fn changed(&self, id: &str, f: impl FnOnce(&mut ReviewAnnotation)) -> Result<Vec<Op>, EditError> {
        let old = self.find(id)?;
        let mut new = old.clone();
        f(&mut new);
        Ok(if &new == old { Vec::new() } else { vec![Op::Put(new)] })
    }

    /// Resolves who an edit names; a new roster entry comes back as an op to run first. The
    /// speaker id is only taken (the counter moved) by the caller, once everything validated.
    fn resolve_speaker(&self, r: &SpeakerRef) -> Result<(Option<String>, Option<Speaker>), EditError> {
        match r {
            SpeakerRef::None => Ok((None, None)),
            SpeakerRef::Id(id) => {
                self.speaker_index(id)?;
                Ok((Some(id.clone()), None))
            }
            SpeakerRef::Name { name, kind } => {
                let name = clean_name(name);
                if name.is_empty() {
                    return Err(EditError::EmptyName);
                }
                if let Some(s) = self.speaker_named(&name) {
                    return Ok((Some(s.id.clone()), None));
                }
                let id = self.peek_speaker_id();
                Ok((Some(id.clone()), Some(Speaker { id, name, kind: *kind })))
            }
        }
    }

    /// Validates an edit and turns it into primitives. Nothing changes unless it returns `Ok`.
    fn plan(&mut self, edit: Edit) -> Result<Vec<Op>, EditError> {
        match edit {
            Edit::SetStatus { id, status } => self.changed(&id, |a| a.status = status),
            Edit::SetKind { id, kind } => self.changed(&id, |a| a.kind = kind),
            Edit::SetVerdict { id, verdict } => self.changed(&id, |a| a.verdict = verdict),
            Edit::SetNote { id, note } => self.changed(&id, |a| a.note = note),
            Edit::SetTags { id, tags } => self.changed(&id, |a| a.tags = clean_tags(&tags)),
            Edit::SetBounds { id, start, end } => {
                self.find(&id)?;
                self.check_span(start, end)?;
                self.changed(&id, |a| (a.start, a.end) = (start, end))
            }
            Edit::SetSpeaker { id, speaker } => {
                self.find(&id)?;
                let (sid, new) = self.resolve_speaker(&speaker)?;
                if new.is_some() && self.next_speaker > MAX_ID_NUMBER {
                    return Err(EditError::IdsUsedUp);
                }
                let mut ops = self.changed(&id, |a| a.speaker = sid)?;
                if let Some(sp) = new {
                    self.next_speaker = self.next_speaker.saturating_add(1);
                    ops.insert(0, Op::PutSpeaker(self.speakers.len(), sp));
                }
                Ok(ops)
            }
            Edit::RenameSpeaker { speaker, name } => {
                let i = self.speaker_index(&speaker)?;
                let name = clean_name(&name);
                if name.is_empty() {
                    return Err(EditError::EmptyName);
                }
                if let Some(other) = self.speaker_named(&name).filter(|s| s.id != speaker) {
                    return Err(EditError::NameTaken { name, speaker: other.id.clone() });
                }
                if self.speakers[i].name == name {
                    return Ok(Vec::new());
                }
                Ok(vec![Op::PutSpeaker(i, Speaker { name, ..self.speakers[i].clone() })])
            }
            Edit::SetSpeakerKind { speaker, kind } => {
                let i = self.speaker_index(&speaker)?;
                if self.speakers[i].kind == kind {
                    return Ok(Vec::new());
                }
                Ok(vec![Op::PutSpeaker(i, Speaker { kind, ..self.speakers[i].clone() })])
            }
            Edit::MergeSpeakers { from, into } => {
                self.speaker_index(&from)?;
                self.speaker_index(&into)?;
                if from == into {
                    return Err(EditError::SameSpeaker(from));
                }
                Ok(self.reassign(&from, Some(&into)))
            }
            Edit::RemoveSpeaker { speaker } => {
                self.speaker_index(&speaker)?;
                Ok(self.reassign(&speaker, None))
            }
            Edit::Add(n) => {
                self.check_span(n.start, n.end)?;
                let (sid, new) = self.resolve_speaker(&n.speaker)?;
                // an id past the largest would make an export the importer refuses
                if self.next_annotation > MAX_ID_NUMBER || (new.is_some() && self.next_speaker > MAX_ID_NUMBER) {
                    return Err(EditError::IdsUsedUp);
                }
                let mut ops = Vec::with_capacity(2);
                if let Some(sp) = new {
                    self.next_speaker = self.next_speaker.saturating_add(1);
                    ops.push(Op::PutSpeaker(self.speakers.len(), sp));
                }
                let id = self.take_annotation_id();
                ops.push(Op::Put(ReviewAnnotation {
                    id,
                    kind: n.kind,
                    start: n.start,
                    end: n.end,
                    speaker: sid,
                    cue: None,
                    source: None,
                    status: Status::Accepted,
                    origin: Origin::Manual,
                    verdict: Verdict::Unchecked,
                    evidence: Vec::new(),
                    note: n.note,
                    tags: clean_tags(&n.tags),
                }));
                Ok(ops)
            }
            Edit::Delete { id } => {
                self.find(&id)?;
                Ok(vec![Op::Drop(id)])
            }
            Edit::AddEvidence { id, link } => {
                let a = self.find(&id)?;
                let link = normalize_link(&link)?;
                if a.evidence.contains(&link) {
                    return Err(EditError::DuplicateEvidence(link));
                }
                self.changed(&id, |a| a.evidence.push(link))
            }
            Edit::RemoveEvidence { id, link } => {
                let a = self.find(&id)?;
                // the link as the reader typed it or as it was stored
                let stored = normalize_link(&link).unwrap_or_else(|_| link.trim().to_string());
                let Some(k) = a.evidence.iter().position(|l| *l == link || *l == stored) else {
                    return Err(EditError::NoSuchEvidence(link));
                };
                self.changed(&id, |a| {
                    a.evidence.remove(k);
                })
            }
            Edit::SetTitle { title } => Ok(if title == self.title { Vec::new() } else { vec![Op::Title(title)] }),
            // batches never get here: apply_undoable runs their edits one by one
            Edit::Batch(_) => Ok(Vec::new()),
            Edit::AddExtracted => self.plan_extracted(),
            Edit::Place { annotation, speaker, start, end } => self.plan_place(annotation, speaker, start, end),
            #[cfg(feature = "import-merge")]
            Edit::MergeImported { annotations, roster } => self.plan_merge(annotations, &roster),
        }
    }

    /// [`Edit::MergeImported`].
    #[cfg(feature = "import-merge")]
    fn plan_merge(&mut self, items: Vec<ReviewAnnotation>, roster: &[Speaker]) -> Result<Vec<Op>, EditError> {
        let (mut next_a, mut next_s) = (self.next_annotation, self.next_speaker);
        let mut speakers: Vec<Speaker> = Vec::new();
        let mut updates: Vec<Op> = Vec::new();
        let mut added: Vec<ReviewAnnotation> = Vec::new();
        for mut b in items {
            let bad = |(field, reason): (String, String)| {
                EditError::InMerge(Invalid { path: format!("{}.{field}", b.id), reason })
            };
            self.check_fields(&b).map_err(bad)?;
            // speakers by name: the file's roster ids mean nothing here
            let sp = b.speaker.as_deref().and_then(|id| roster.iter().find(|s| s.id == id));
            b.speaker = match sp {
                None => None,
                Some(sp) if clean_name(&sp.name).is_empty() => {
                    return Err(bad(("speaker".into(), format!("{} has no name", quoted(&sp.id)))));
                }
                Some(sp) => Some(self.roster_id(sp, &mut speakers, &mut next_s)),
            };
            // `annotations` is sorted by (start, end, id): the same words are found by bisection
            let lo = self.annotations.partition_point(|a| (a.start, a.end) < (b.start, b.end));
            let same = self.annotations[lo..]
                .iter()
                .take_while(|a| (a.start, a.end) == (b.start, b.end))
                .position(|a| a.kind == b.kind)
                .map(|i| lo + i);
            let Some(i) = same else {
                b.id = format!("a{next_a}");
                next_a = next_a.saturating_add(1);
                added.push(b);
                continue;
            };
            // (two on the same annotation are two updates: the last wins)
            let a = &self.annotations[i];
            b.id = a.id.clone();
            if b.speaker.is_none() {
                b.speaker = a.speaker.clone();
            }
            if b != *a {
                updates.push(Op::Put(b));
            }
        }
        let mut ops = self.take_ids(next_a, next_s, speakers)?;
        ops.append(&mut updates);
        if !added.is_empty() {
            ops.push(Op::PutAll(added));
        }
        Ok(ops)
    }

    /// Commits the id counters an edit has advanced to and returns the ops adding its new
    /// roster entries (the edit's other ops follow them); refused when an id would pass the
    /// largest one, as an export the importer refuses would.
    fn take_ids(&mut self, next_a: u64, next_s: u64, speakers: Vec<Speaker>) -> Result<Vec<Op>, EditError> {
        if next_a > MAX_ID_NUMBER.saturating_add(1) || next_s > MAX_ID_NUMBER.saturating_add(1) {
            return Err(EditError::IdsUsedUp);
        }
        (self.next_annotation, self.next_speaker) = (next_a, next_s);
        let at = self.speakers.len();
        Ok(speakers.into_iter().enumerate().map(|(i, sp)| Op::PutSpeaker(at + i, sp)).collect())
    }

    /// The roster id here of another document's speaker: the entry of that name, here or among
    /// `new` (entries this edit adds), else a new one (`s{next}`) added to `new`.
    fn roster_id(&self, sp: &Speaker, new: &mut Vec<Speaker>, next: &mut u64) -> String {
        if let Some(x) = self.speaker_named(&sp.name) {
            return x.id.clone();
        }
        let key = name_key(&sp.name);
        if let Some(x) = new.iter().find(|x| name_key(&x.name) == key) {
            return x.id.clone();
        }
        let id = format!("s{next}");
        *next = next.saturating_add(1);
        new.push(Speaker { id: id.clone(), ..sp.clone() });
        id
    }

    /// [`Edit::Place`].
    fn plan_place(
        &mut self,
        mut a: ReviewAnnotation,
        speaker: Option<Speaker>,
        start: usize,
        end: usize,
    ) -> Result<Vec<Op>, EditError> {
        self.check_span(start, end)?;
        let mut ops = Vec::with_capacity(2);
        a.speaker = match speaker {
            None => None,
            Some(sp) if self.speaker(&sp.id).is_some_and(|x| x.name == sp.name) => Some(sp.id),
            Some(sp) => match self.speaker_named(&sp.name) {
                Some(x) => Some(x.id.clone()),
                None => {
                    if self.next_speaker > MAX_ID_NUMBER {
                        return Err(EditError::IdsUsedUp);
                    }
                    let id = if self.speaker(&sp.id).is_none() && id_number(&sp.id, 's').is_some() {
                        sp.id.clone()
                    } else {
                        self.take_speaker_id()
                    };
                    ops.push(Op::PutSpeaker(self.speakers.len(), Speaker { id: id.clone(), ..sp }));
                    Some(id)
                }
            },
        };
        if self.annotation(&a.id).is_some() || id_number(&a.id, 'a').is_none() {
            if self.next_annotation > MAX_ID_NUMBER {
                return Err(EditError::IdsUsedUp);
            }
            a.id = self.take_annotation_id();
        }
        // a kept id past the counters: the next one given must be past it
        if let Some(n) = id_number(&a.id, 'a') {
            self.next_annotation = self.next_annotation.max(n.saturating_add(1));
        }
        for sp in ops.iter().filter_map(|op| if let Op::PutSpeaker(_, sp) = op { Some(sp) } else { None }) {
            if let Some(n) = id_number(&sp.id, 's') {
                self.next_speaker = self.next_speaker.max(n.saturating_add(1));
            }
        }
        (a.start, a.end, a.cue, a.source) = (start, end, None, None);
        ops.push(Op::Put(a));
        Ok(ops)
    }

    /// [`Edit::AddExtracted`]: extraction's suggestions that overlap no annotation here, under
    /// new ids; their speakers found by name, or added.
    fn plan_extracted(&mut self) -> Result<Vec<Op>, EditError> {
        // `String`s, as the app and widget call it: another set of argument types would
        // instantiate a second copy of `from_text` in their wasm
        let fresh = ReviewDoc::from_text(String::new(), String::new(), self.text.clone(), 0.0);
        // `annotations` is sorted by start: an overlap is among those starting before the end
        let free = |a: &ReviewAnnotation| {
            let before = self.annotations.partition_point(|b| b.start < a.end);
            !self.annotations[..before].iter().any(|b| a.start < b.end)
        };
        let suggested: Vec<&ReviewAnnotation> = fresh.annotations.iter().filter(|a| free(a)).collect();
        let mut speakers: Vec<Speaker> = Vec::new();
        let mut puts = Vec::with_capacity(suggested.len());
        let (mut next_a, mut next_s) = (self.next_annotation, self.next_speaker);
        for a in suggested {
            let speaker = fresh.speaker_of(a).map(|sp| self.roster_id(sp, &mut speakers, &mut next_s));
            puts.push(Op::Put(ReviewAnnotation { id: format!("a{next_a}"), speaker, ..a.clone() }));
            next_a = next_a.saturating_add(1);
        }
        let mut ops = self.take_ids(next_a, next_s, speakers)?;
        ops.append(&mut puts);
        Ok(ops)
    }

    /// Moves every annotation of `from` to `to` (or to nobody), then drops `from`.
    fn reassign(&self, from: &str, to: Option<&str>) -> Vec<Op> {
        let mut ops: Vec<Op> = self
            .annotations
            .iter()
            .filter(|a| a.speaker.as_deref() == Some(from))
            .map(|a| Op::Put(ReviewAnnotation { speaker: to.map(str::to_string), ..a.clone() }))
            .collect();
        ops.push(Op::DropSpeaker(from.to_string()));
        ops
    }

    /// The roster with counts, in roster order (extraction's order of first mention, then
    /// speakers added by hand).
    pub fn roster(&self) -> Vec<RosterEntry> {
        let mut entries: Vec<RosterEntry> = self
            .speakers
            .iter()
            .map(|s| RosterEntry {
                id: s.id.clone(),
                name: s.name.clone(),
                kind: s.kind,
                quotes: 0,
                claims: 0,
                total: 0,
            })
            .collect();
        for a in &self.annotations {
            let Some(i) = a.speaker.as_deref().and_then(|id| self.speakers.iter().position(|s| s.id == id)) else {
                continue;
            };
            let e = &mut entries[i];
            e.total += 1;
            if a.is_live() {
                match a.kind {
                    ReviewKind::Quote => e.quotes += 1,
                    ReviewKind::Claim => e.claims += 1,
                    ReviewKind::Term | ReviewKind::Note => {}
                }
            }
        }
        entries
    }

    /// The annotations a filter lets through, in document order.
    pub fn filter(&self, f: &Filter) -> Vec<&ReviewAnnotation> {
        let query = to_lowercase(f.search.trim());
        self.annotations.iter().filter(|a| f.matches_lowered(self, a, &query)).collect()
    }

    /// The text cut at every edge of the annotations `keep` lets through: consecutive runs
    /// covering the whole text, each with the annotations over it.
    pub fn segments(&self, keep: impl Fn(&ReviewAnnotation) -> bool) -> Vec<Segment> {
        let kept: Vec<usize> = (0..self.annotations.len()).filter(|&i| keep(&self.annotations[i])).collect();
        let mut edges: Vec<usize> = Vec::with_capacity(kept.len() * 2 + 2);
        edges.push(0);
        edges.push(self.text.len());
        for &i in &kept {
            let a = &self.annotations[i];
            edges.push(a.start.min(self.text.len()));
            edges.push(a.end.min(self.text.len()));
        }
        crate::sort::numbers(&mut edges);
        edges.dedup();
        let mut out = Vec::with_capacity(edges.len());
        let mut active: Vec<usize> = Vec::new();
        let mut next = 0; // into `kept`, which is sorted by start
        for w in edges.windows(2) {
            let (start, end) = (w[0], w[1]);
            active.retain(|&i| self.annotations[i].end > start);
            while next < kept.len() && self.annotations[kept[next]].start <= start {
                if self.annotations[kept[next]].end > start {
                    active.push(kept[next]);
                }
                next += 1;
            }
            crate::sort::numbers(&mut active);
            out.push(Segment { start, end, annotations: active.clone() });
        }
        out
    }
}

fn finite(ms: f64) -> f64 {
    if ms.is_finite() {
        ms
    } else {
        0.0
    }
}

/// Which speaker a [`Filter`] wants.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SpeakerFilter {
    #[default]
    Any,
    /// Annotations with no speaker.
    Unattributed,
    /// Annotations of this roster id.
    Is(String),
}

/// What the annotation list shows. Empty lists mean "any".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub kinds: Vec<ReviewKind>,
    pub statuses: Vec<Status>,
    pub verdicts: Vec<Verdict>,
    pub speaker: SpeakerFilter,
    /// Case-insensitive words looked for in the annotated text, the speaker's name, the note,
    /// the tags and the evidence links.
    pub search: String,
}

impl Filter {
    pub fn matches(&self, doc: &ReviewDoc, a: &ReviewAnnotation) -> bool {
        self.matches_lowered(doc, a, &fold_for_search(self.search.trim()))
    }

    fn matches_lowered(&self, doc: &ReviewDoc, a: &ReviewAnnotation, query: &str) -> bool {
        if !(self.kinds.is_empty() || self.kinds.contains(&a.kind)) {
            return false;
        }
        if !(self.statuses.is_empty() || self.statuses.contains(&a.status)) {
            return false;
        }
        if !(self.verdicts.is_empty() || self.verdicts.contains(&a.verdict)) {
            return false;
        }
        let speaker_ok = match &self.speaker {
            SpeakerFilter::Any => true,
            SpeakerFilter::Unattributed => a.speaker.is_none(),
            SpeakerFilter::Is(id) => a.speaker.as_deref() == Some(id.as_str()),
        };
        if !speaker_ok {
            return false;
        }
        if query.is_empty() {
            return true;
        }
        let has = |s: &str| fold_for_search(s).contains(query);
        has(doc.text_of(a))
            || doc.speaker_of(a).is_some_and(|s| has(&s.name))
            || has(&a.note)
            || a.tags.iter().any(|t| has(t))
            || a.evidence.iter().any(|l| has(l))
    }
}

/// Text as search compares it: lower case, and Latin letters without their accents, so that
/// "wrobel" finds "Wróbel" and "sao paulo" finds "São Paulo" (ß, æ, œ and ĳ become two letters;
/// combining accents are dropped).
pub fn fold_for_search(s: &str) -> String {
    // base letters of U+00C0..U+017F; '*' is a letter kept as it is (or spelled out below)
    const LATIN: &[u8; 192] = b"aaaaaa*ceeeeiiiidnooooo*ouuuuy**aaaaaa*ceeeeiiiidnooooo*ouuuuy*y\
aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let code = c as u32;
        if (0x300..0x370).contains(&code) {
            continue; // a combining accent
        }
        if (0xC0..0x180).contains(&code) {
            match (LATIN[(code - 0xC0) as usize], c) {
                (b'*', 'Æ' | 'æ') => out.push_str("ae"),
                (b'*', 'ß') => out.push_str("ss"),
                (b'*', 'Œ' | 'œ') => out.push_str("oe"),
                (b'*', 'Ĳ' | 'ĳ') => out.push_str("ij"),
                (b'*', _) => push_lower(&mut out, c),
                (base, _) => out.push(base as char),
            }
            continue;
        }
        push_lower(&mut out, c);
    }
    out
}

/// Undo and redo for one document: the [`Step`]s of past edits, newest last, up to a limit.
/// Keep it beside the document it was filled from; after replacing the document (an import)
/// start a new one. A step that no longer fits is skipped, never a panic.
#[derive(Clone, Debug)]
pub struct History {
    undo: VecDeque<(&'static str, Step)>,
    redo: Vec<(&'static str, Step)>,
    limit: usize,
    /// Where the step of the last change is: the newest undo step (after an edit or a redo),
    /// the newest redo step (after an undo), or none (nothing changed).
    last: Last,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Last {
    None,
    Undo,
    Redo,
}

impl Default for History {
    fn default() -> Self {
        History::with_limit(1000)
    }
}

impl History {
    pub fn new() -> History {
        History::default()
    }

    /// Keeps at most `limit` undo steps (the oldest go first).
    pub fn with_limit(limit: usize) -> History {
        History { undo: VecDeque::new(), redo: Vec::new(), limit: limit.max(1), last: Last::None }
    }

    /// Applies an edit, remembers how to undo it, and stamps `updated_ms`. An edit that changes
    /// nothing leaves no step (and keeps the redo list).
    pub fn apply(&mut self, doc: &mut ReviewDoc, edit: Edit, now_ms: f64) -> Result<(), EditError> {
        let label = edit.label();
        self.last = Last::None;
        let step = doc.apply_undoable(edit)?;
        if step.is_empty() {
            return Ok(());
        }
        self.last = Last::Undo;
        doc.touch(now_ms);
        self.undo.push_back((label, step));
        if self.undo.len() > self.limit {
            self.undo.pop_front();
        }
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last edit; false when there is none.
    pub fn undo(&mut self, doc: &mut ReviewDoc, now_ms: f64) -> bool {
        self.last = Last::None;
        let Some((label, step)) = self.undo.pop_back() else { return false };
        self.last = Last::Redo;
        let redo = doc.revert(step);
        doc.touch(now_ms);
        self.redo.push((label, redo));
        true
    }

    /// Redoes the last undone edit; false when there is none.
    pub fn redo(&mut self, doc: &mut ReviewDoc, now_ms: f64) -> bool {
        self.last = Last::None;
        let Some((label, step)) = self.redo.pop() else { return false };
        self.last = Last::Undo;
        let undo = doc.revert(step);
        doc.touch(now_ms);
        self.undo.push_back((label, undo));
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What [`History::undo`] would undo ("merge speakers").
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo.back().map(|(l, _)| *l)
    }

    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo.last().map(|(l, _)| *l)
    }

    /// The step that takes back the last edit, undo or redo made through this history (None if
    /// that changed nothing): [`Step::previous`] and [`Step::added`] say what it touched.
    pub fn last_step(&self) -> Option<&Step> {
        match self.last {
            Last::None => None,
            Last::Undo => self.undo.back().map(|(_, s)| s),
            Last::Redo => self.redo.last().map(|(_, s)| s),
        }
    }

    pub fn clear(&mut self) {
        self.last = Last::None;
        self.undo.clear();
        self.redo.clear();
    }

    /// Primitive changes held, undo and redo together: grows with what edits touched, not with
    /// the size of the document.
    pub fn stored_ops(&self) -> usize {
        self.undo.iter().map(|(_, s)| s.len()).sum::<usize>() + self.redo.iter().map(|(_, s)| s.len()).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An invented article: quotes, claims, a term, an emoji and a continuation.
    pub(crate) const ARTICLE: &str = "RIVERTON — The city council voted on Tuesday to close the old Elm Street bridge to cars, a decision that Mayor Dana Whitcombe called \"overdue and unavoidable.\"\n\n\"We cannot keep patching a structure that was built for horse carts,\" Whitcombe said at a news conference. \"Every winter the repairs cost more.\"\n\nEngineers from the county said the bridge could carry bicycles safely for at least another decade. According to the transport office, about 4,000 vehicles cross it each day.\n\nLocal shop owner Priya Nandakumar disagreed. \"This will kill foot traffic on Elm Street 😟,\" she told reporters, adding that nobody had asked the merchants.\n";

    fn doc() -> ReviewDoc {
        ReviewDoc::from_text("d1", "Bridge", ARTICLE, 1000.0)
    }

    fn find<'d>(d: &'d ReviewDoc, words: &str) -> &'d ReviewAnnotation {
        d.annotations
            .iter()
            .find(|a| d.text_of(a).contains(words))
            .unwrap_or_else(|| panic!("no annotation with {words:?}"))
    }

    fn speaker_id(d: &ReviewDoc, name: &str) -> String {
        d.speaker_named(name).unwrap_or_else(|| panic!("no speaker {name}")).id.clone()
    }

    /// What undo must restore: everything but the id counters (which never go back).
    fn content(d: &ReviewDoc) -> (String, Vec<Speaker>, Vec<ReviewAnnotation>) {
        (d.title.clone(), d.speakers.clone(), d.annotations.clone())
    }

    #[test]
    fn extraction_becomes_suggestions() {
        let d = doc();
        assert!(d.check().is_ok(), "{:?}", d.check());
        assert_eq!(d.schema_version, SCHEMA_VERSION);
        assert!(d.annotations.len() >= 6, "{:#?}", d.annotations);
        assert!(d.annotations.iter().all(|a| a.status == Status::Suggested
            && a.origin == Origin::Extracted
            && a.verdict == Verdict::Unchecked));
        let q = find(&d, "horse carts");
        assert_eq!(q.kind, ReviewKind::Quote);
        assert_eq!(d.speaker_of(q).map(|s| s.name.as_str()), Some("Dana Whitcombe"));
        assert_eq!(d.speaker_of(q).map(|s| s.kind), Some(SpeakerKind::Person));
        assert_eq!(q.cue.map(|(s, e)| &d.text[s..e]), Some("said"));
        let c = find(&d, "4,000 vehicles");
        assert_eq!(c.kind, ReviewKind::Claim);
        assert_eq!(d.speaker_of(c).map(|s| s.name.as_str()), Some("the transport office"));
        assert_eq!(find(&d, "overdue").kind, ReviewKind::Term);
        // ids in document order, counters past them
        let ids: Vec<&str> = d.annotations.iter().map(|a| a.id.as_str()).collect();
        let expected: Vec<String> = (1..=ids.len()).map(|i| format!("a{i}")).collect();
        assert_eq!(ids, expected);
        assert_eq!(d.next_annotation, ids.len() as u64 + 1);
        assert_eq!(d.peek_annotation_id(), format!("a{}", ids.len() + 1));
        assert!(d.speakers.iter().enumerate().all(|(i, s)| s.id == format!("s{}", i + 1)));
        assert_eq!((d.created_ms, d.updated_ms), (1000.0, 1000.0));
    }

    /// A paragraph added under a reviewed document: extraction's suggestions come in for it
    /// through an edit (undoable), and nothing already there is touched or doubled.
    #[test]
    fn a_lost_annotation_is_placed_back_through_apply() {
        // the old document: a noted, accepted quote by a speaker the new roster lacks
        let mut old = ReviewDoc::from_text("d1", "Bridge", ARTICLE, 1000.0);
        let q = find(&old, "horse carts").id.clone();
        old.apply(Edit::accept(&q)).unwrap();
        old.apply(Edit::SetNote { id: q.clone(), note: "check the date".into() }).unwrap();
        let lost = old.annotation(&q).unwrap().clone();
        let speaker = old.speaker_of(&lost).cloned();
        assert!(speaker.is_some());
        // the new document: the same text, nobody on the roster, nothing annotated
        let mut d = ReviewDoc::new("d1", "Bridge", ARTICLE, 1000.0);
        let (start, end) = (lost.start, lost.end);
        let before = d.clone();
        let step =
            d.apply_undoable(Edit::Place { annotation: lost.clone(), speaker: speaker.clone(), start, end }).unwrap();
        assert_eq!(step.added().collect::<Vec<_>>(), [q.as_str()]);
        d.check().expect("a valid document");
        let placed = d.annotation(&q).expect("its id was free, so it is kept");
        assert_eq!((placed.status, placed.note.as_str()), (Status::Accepted, "check the date"));
        assert_eq!(d.speaker_of(placed).map(|s| &s.name), speaker.as_ref().map(|s| &s.name));
        assert!(d.next_annotation > id_number(&q, 'a').unwrap(), "the counter passed the kept id");
        // one undo step takes the annotation and the speaker it brought back out
        d.revert(step);
        assert_eq!(content(&d), content(&before));
        assert!(d.speakers.is_empty());
        // placed twice: the second gets a new id and the same roster entry
        d.apply(Edit::Place { annotation: lost.clone(), speaker: speaker.clone(), start, end }).unwrap();
        d.apply(Edit::Place { annotation: lost.clone(), speaker, start, end }).unwrap();
        assert_eq!(d.annotations.len(), 2);
        assert_eq!(d.speakers.len(), 1);
        assert_ne!(d.annotations[0].id, d.annotations[1].id);
        // bad bounds are refused and change nothing
        let now = d.clone();
        let err = d.apply(Edit::Place { annotation: lost, speaker: None, start: 5, end: 5 });
        assert!(matches!(err, Err(EditError::EmptySpan { .. })), "{err:?}");
        assert_eq!(d, now);
    }

    /// An annotation of another copy of the document, as an import brings it.
    #[cfg(feature = "import-merge")]
    fn imported(id: &str, kind: ReviewKind, (start, end): (usize, usize), speaker: Option<&str>) -> ReviewAnnotation {
        ReviewAnnotation {
            id: id.into(),
            kind,
            start,
            end,
            speaker: speaker.map(str::to_string),
            cue: None,
            source: None,
            status: Status::Accepted,
            origin: Origin::Manual,
            verdict: Verdict::Unchecked,
            evidence: Vec::new(),
            note: String::new(),
            tags: Vec::new(),
        }
    }

    #[cfg(feature = "import-merge")]
    fn span_of(d: &ReviewDoc, words: &str) -> (usize, usize) {
        let start = d.text.find(words).unwrap_or_else(|| panic!("no {words:?}"));
        (start, start + words.len())
    }

    #[cfg(feature = "import-merge")]
    #[test]
    fn an_import_merges_through_one_undoable_edit() {
        let mut d = doc();
        let q = find(&d, "horse carts").clone();
        let whitcombe = speaker_id(&d, "Dana Whitcombe");
        // the other copy's roster: its own ids; one name as here (spelled otherwise), one new
        let roster = vec![
            Speaker { id: "s1".into(), name: "  dana   WHITCOMBE ".into(), kind: SpeakerKind::Person },
            Speaker { id: "s7".into(), name: "Ora Blum".into(), kind: SpeakerKind::Person },
        ];
        let mut same = imported("a40", q.kind, (q.start, q.end), None);
        same.note = "checked".into();
        let shop = span_of(&d, "Local shop owner");
        let pier = span_of(&d, "Engineers from the county");
        let items = vec![
            same,
            imported("a41", ReviewKind::Note, shop, Some("s7")),
            imported("a42", ReviewKind::Note, pier, Some("s7")),
            imported("a43", ReviewKind::Quote, pier, Some("s1")),
            // the same words as the note just above, again: both come in
            imported("a44", ReviewKind::Note, pier, None),
        ];
        let before = d.clone();
        let (next_a, next_s) = (d.next_annotation, d.next_speaker);
        let step = d.apply_undoable(Edit::MergeImported { annotations: items, roster }).unwrap();
        d.check().expect("a valid document");

        // the quote on the same words and of the same kind was updated: its id, and its speaker
        // since the import named none
        let updated = d.annotation(&q.id).unwrap();
        assert_eq!((updated.note.as_str(), updated.status), ("checked", Status::Accepted));
        assert_eq!(updated.speaker.as_deref(), Some(whitcombe.as_str()));
        assert_eq!(step.changed().collect::<Vec<_>>(), [q.id.as_str()]);
        // the others were added under new ids, in order; the counters passed them
        let new: Vec<String> = (0..4).map(|i| format!("a{}", next_a + i)).collect();
        assert_eq!(step.added().collect::<Vec<_>>(), new);
        assert_eq!(d.annotations.len(), before.annotations.len() + 4);
        assert_eq!(d.next_annotation, next_a + 4);
        // speakers by name: Whitcombe is the entry here, Ora Blum joined the roster once
        let blum = d.speaker_named("Ora Blum").expect("a new roster entry").clone();
        assert_eq!(blum.id, format!("s{next_s}"));
        assert_eq!((d.speakers.len(), d.next_speaker), (before.speakers.len() + 1, next_s + 1));
        let by_id = |id: &String| d.annotation(id).unwrap();
        assert_eq!(by_id(&new[0]).speaker.as_deref(), Some(blum.id.as_str()));
        assert_eq!(by_id(&new[1]).speaker.as_deref(), Some(blum.id.as_str()));
        assert_eq!(by_id(&new[2]).speaker.as_deref(), Some(whitcombe.as_str()));
        assert_eq!(by_id(&new[3]).speaker, None);
        assert_eq!(d.text_of(by_id(&new[3])), "Engineers from the county");

        // one step undoes it all, exactly; its inverse redoes it
        let merged = d.clone();
        let redo = d.revert(step);
        assert_eq!(content(&d), content(&before));
        d.revert(redo);
        assert_eq!(content(&d), content(&merged));
    }

    #[cfg(feature = "import-merge")]
    #[test]
    fn an_import_matches_only_what_was_here_and_the_last_update_wins() {
        let mut d = doc();
        let q = find(&d, "horse carts").clone();
        let mut first = imported("x1", q.kind, (q.start, q.end), None);
        first.note = "first".into();
        let mut last = first.clone();
        last.note = "last".into();
        let before = d.clone();
        let step = d.apply_undoable(Edit::MergeImported { annotations: vec![first, last], roster: vec![] }).unwrap();
        assert_eq!(d.annotation(&q.id).unwrap().note, "last");
        // two updates of one annotation, nothing added; undone, the first goes too
        assert_eq!(step.changed().collect::<Vec<_>>(), [q.id.as_str(), q.id.as_str()]);
        assert_eq!(step.added().count(), 0);
        let redo = d.revert(step);
        assert_eq!(content(&d), content(&before));
        d.revert(redo);
        // an update that changes nothing is no change
        let again = d.apply_undoable(Edit::MergeImported {
            annotations: vec![d.annotation(&q.id).unwrap().clone()],
            roster: vec![],
        });
        assert!(again.unwrap().is_empty());
        // another kind on the same words is another annotation
        let n = d.annotations.len();
        d.apply(Edit::MergeImported {
            annotations: vec![imported("x2", ReviewKind::Note, (q.start, q.end), None)],
            roster: vec![],
        })
        .unwrap();
        assert_eq!(d.annotations.len(), n + 1);
    }

    #[cfg(feature = "import-merge")]
    #[test]
    fn an_invalid_imported_annotation_refuses_the_whole_merge() {
        let mut d = doc();
        let good = imported("a1", ReviewKind::Note, span_of(&d, "Local shop owner"), None);
        let len = d.text.len();
        let emoji = d.text.find('😟').unwrap();
        let mut bad_link = ReviewAnnotation { id: "a2".into(), ..good.clone() };
        bad_link.evidence = vec!["javascript:alert(1)".into()];
        let mut bad_cue = ReviewAnnotation { id: "a2".into(), ..good.clone() };
        bad_cue.cue = Some((emoji + 1, emoji + 4));
        let nameless = Speaker { id: "s1".into(), name: "  ".into(), kind: SpeakerKind::Person };
        let cases = [
            (imported("a2", ReviewKind::Note, (len - 2, len + 3), None), "past the end"),
            (imported("a2", ReviewKind::Note, (9, 9), None), "empty"),
            (bad_link, "a refused link"),
            (bad_cue, "a cue inside a character"),
            (imported("a2", ReviewKind::Note, (0, 5), Some("s1")), "a speaker with no name"),
        ];
        for (item, why) in cases {
            let before = d.clone();
            let r =
                d.apply(Edit::MergeImported { annotations: vec![good.clone(), item], roster: vec![nameless.clone()] });
            let Err(EditError::InMerge(invalid)) = &r else { panic!("{why}: {r:?}") };
            assert!(invalid.path.starts_with("a2."), "{why}: {invalid:?}");
            assert!(r.unwrap_err().to_string().starts_with("the imported annotation a2."), "{why}");
            // nothing changed, not even the counters
            assert_eq!(d, before, "{why}");
        }
    }

    #[test]
    fn extracted_suggestions_fill_only_the_free_text() {
        let cut = ARTICLE.find("Local shop owner").unwrap();
        let before = ReviewDoc::from_text("d1", "Bridge", &ARTICLE[..cut], 1000.0);
        let mut d = ReviewDoc::new("d1", "Bridge", ARTICLE, 1000.0);
        (d.speakers, d.annotations) = (before.speakers.clone(), before.annotations.clone());
        (d.next_annotation, d.next_speaker) = (before.next_annotation, before.next_speaker);
        let q = find(&d, "horse carts").id.clone();
        d.apply(Edit::accept(&q)).unwrap();
        let reviewed = d.clone();
        assert!(d.speaker_named("Priya Nandakumar").is_none());

        let step = d.apply_undoable(Edit::AddExtracted).unwrap();
        d.check().expect("still a valid document");
        let added: Vec<&ReviewAnnotation> =
            d.annotations.iter().filter(|a| reviewed.annotation(&a.id).is_none()).collect();
        assert!(!added.is_empty());
        assert!(added.iter().all(|a| a.start >= cut && a.status == Status::Suggested), "{added:#?}");
        let foot = find(&d, "kill foot traffic");
        assert_eq!(d.speaker_of(foot).map(|s| s.name.as_str()), Some("Priya Nandakumar"));
        // what was there is untouched, the accepted quote included; new ids continue the count
        for a in &reviewed.annotations {
            assert_eq!(d.annotation(&a.id), Some(a));
        }
        assert!(added.iter().all(|a| id_number(&a.id, 'a').unwrap() >= reviewed.next_annotation));
        assert_eq!(d.speakers[..reviewed.speakers.len()], reviewed.speakers[..]);
        // nothing more to add a second time
        let again = d.apply_undoable(Edit::AddExtracted).unwrap();
        assert!(again.is_empty());
        // one undo step takes it all back
        d.revert(step);
        assert_eq!(content(&d), content(&reviewed));
    }

    /// Every kind of edit: applied, undone (content as before), redone (exactly as after).
    #[test]
    fn every_edit_undoes_and_redoes_exactly() {
        let base = doc();
        let q = find(&base, "horse carts").id.clone();
        let c = find(&base, "4,000 vehicles").id.clone();
        let whit = speaker_id(&base, "Dana Whitcombe");
        let priya = speaker_id(&base, "Priya Nandakumar");
        let emoji = ARTICLE.find("😟").unwrap();
        let cc = ARTICLE.find("city council").unwrap();
        // applied one after another, so each meets the state the previous ones left
        let edits = vec![
            Edit::accept(&q),
            Edit::reject(&c),
            Edit::reset(&c),
            Edit::SetStatus { id: c.clone(), status: Status::Accepted },
            Edit::SetSpeaker { id: c.clone(), speaker: SpeakerRef::Id(priya.clone()) },
            Edit::SetSpeaker { id: c.clone(), speaker: SpeakerRef::None },
            Edit::SetSpeaker {
                id: c.clone(),
                speaker: SpeakerRef::Name { name: "  Rafael   Osei ".into(), kind: SpeakerKind::Person },
            },
            Edit::SetSpeaker {
                id: c.clone(),
                speaker: SpeakerRef::Name { name: "dana whitcombe".into(), kind: SpeakerKind::Person },
            },
            Edit::RenameSpeaker { speaker: whit.clone(), name: "Dana R. Whitcombe".into() },
            Edit::SetSpeakerKind { speaker: whit.clone(), kind: SpeakerKind::Institution },
            Edit::MergeSpeakers { from: priya.clone(), into: whit.clone() },
            Edit::RemoveSpeaker { speaker: whit.clone() },
            Edit::SetKind { id: q.clone(), kind: ReviewKind::Note },
            Edit::SetBounds { id: q.clone(), start: 0, end: 8 },
            Edit::SetBounds { id: c.clone(), start: emoji, end: emoji + '😟'.len_utf8() },
            Edit::Add(NewAnnotation {
                kind: ReviewKind::Note,
                start: cc,
                end: cc + 12,
                speaker: SpeakerRef::Name { name: "Copy desk".into(), kind: SpeakerKind::Group },
                note: "check the vote count".into(),
                tags: vec!["vote".into(), " vote ".into(), String::new()],
            }),
            Edit::Add(NewAnnotation::new(ReviewKind::Claim, emoji, emoji + 4)),
            Edit::SetNote { id: c.clone(), note: "<script>alert(1)</script>".into() },
            Edit::SetTags { id: c.clone(), tags: vec!["traffic".into(), "numbers".into()] },
            Edit::SetVerdict { id: c.clone(), verdict: Verdict::Misleading },
            Edit::AddEvidence { id: c.clone(), link: "example.org/counts".into() },
            Edit::RemoveEvidence { id: c.clone(), link: "https://example.org/counts".into() },
            Edit::SetTitle { title: "The Elm Street bridge".into() },
            Edit::Batch(vec![
                Edit::reset(&q),
                Edit::reject(&c),
                Edit::SetVerdict { id: c.clone(), verdict: Verdict::False },
            ]),
            Edit::Delete { id: q.clone() },
        ];
        let mut d = base.clone();
        for edit in edits {
            let before = d.clone();
            let label = edit.label();
            let undo = d.apply_undoable(edit.clone()).unwrap_or_else(|e| panic!("{label}: {e}"));
            assert!(!undo.is_empty(), "{label} changed nothing");
            assert_ne!(content(&d), content(&before), "{label}");
            assert!(d.check().is_ok(), "{label}: {:?}", d.check());
            let after = d.clone();
            let redo = d.revert(undo);
            assert_eq!(content(&d), content(&before), "undo of {label}");
            d.revert(redo);
            assert_eq!(d, after, "redo of {label}");
        }
        assert!(d.annotation(&q).is_none());
        assert_eq!(d.title, "The Elm Street bridge");
        // evidence removal, on a document that has some
        let mut d = base.clone();
        d.apply(Edit::AddEvidence { id: c.clone(), link: "https://example.org/a".into() }).unwrap();
        let before = d.clone();
        let undo = d.apply_undoable(Edit::RemoveEvidence { id: c.clone(), link: "example.org/a".into() }).unwrap();
        assert!(d.annotation(&c).unwrap().evidence.is_empty());
        d.revert(undo);
        assert_eq!(d, before);
    }

    #[test]
    fn edits_do_what_they_say() {
        let mut d = doc();
        let c = find(&d, "4,000 vehicles").id.clone();
        d.apply(Edit::SetSpeaker {
            id: c.clone(),
            speaker: SpeakerRef::Name { name: "  Rafael   Osei ".into(), kind: SpeakerKind::Person },
        })
        .unwrap();
        let s = d.speaker_of(d.annotation(&c).unwrap()).unwrap().clone();
        assert_eq!((s.name.as_str(), s.kind), ("Rafael Osei", SpeakerKind::Person));
        assert_eq!(s.id, format!("s{}", d.speakers.len()));
        // the same name again (other case and spacing) is the same entry
        let n = d.speakers.len();
        d.apply(Edit::SetSpeaker {
            id: c.clone(),
            speaker: SpeakerRef::Name { name: "rafael osei".into(), kind: SpeakerKind::Group },
        })
        .unwrap();
        assert_eq!(d.speakers.len(), n);
        assert_eq!(d.annotation(&c).unwrap().speaker.as_deref(), Some(s.id.as_str()));

        let new_id = d.peek_annotation_id();
        let cc = ARTICLE.find("city council").unwrap();
        d.apply(Edit::Add(NewAnnotation {
            kind: ReviewKind::Quote,
            start: cc,
            end: cc + 12,
            speaker: SpeakerRef::None,
            note: "n".into(),
            tags: vec![" a ".into(), "a".into(), "b".into()],
        }))
        .unwrap();
        let a = d.annotation(&new_id).unwrap();
        assert_eq!(
            (d.text_of(a), a.status, a.origin, a.tags.clone()),
            ("city council", Status::Accepted, Origin::Manual, vec!["a".to_string(), "b".to_string()])
        );
        assert!(d.check().is_ok());

        d.apply(Edit::SetBounds { id: new_id.clone(), start: 0, end: 8 }).unwrap();
        assert_eq!(d.annotations[0].id, new_id, "re-sorted to the front");
        assert_eq!(d.text_of(&d.annotations[0]), "RIVERTON");

        d.apply(Edit::AddEvidence { id: c.clone(), link: " example.org/counts ".into() }).unwrap();
        assert_eq!(d.annotation(&c).unwrap().evidence, vec!["https://example.org/counts".to_string()]);
        assert_eq!(
            d.apply(Edit::AddEvidence { id: c.clone(), link: "https://example.org/counts".into() }),
            Err(EditError::DuplicateEvidence("https://example.org/counts".into()))
        );
    }

    #[test]
    fn ids_are_never_reused() {
        let mut d = doc();
        let mut h = History::new();
        let first = d.peek_annotation_id();
        h.apply(&mut d, Edit::Add(NewAnnotation::new(ReviewKind::Note, 0, 8)), 1.0).unwrap();
        h.apply(&mut d, Edit::Delete { id: first.clone() }, 2.0).unwrap();
        let second = d.peek_annotation_id();
        assert_ne!(first, second);
        h.apply(&mut d, Edit::Add(NewAnnotation::new(ReviewKind::Note, 0, 8)), 3.0).unwrap();
        assert!(h.undo(&mut d, 4.0));
        assert!(h.undo(&mut d, 5.0)); // the delete: `first` is back, with its id
        assert!(d.annotation(&first).is_some());
        h.apply(&mut d, Edit::Add(NewAnnotation::new(ReviewKind::Note, 0, 8)), 6.0).unwrap();
        assert!(d.annotation(&second).is_none(), "the id of an undone add is not handed out again");
        let ids: HashSet<&str> = d.annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), d.annotations.len());
    }

    #[test]
    fn the_last_step_says_what_the_last_change_touched() {
        let mut d = doc();
        let mut h = History::new();
        assert!(h.last_step().is_none());
        let id = d.annotations[1].id.clone();
        h.apply(&mut d, Edit::accept(id.clone()), 1.0).unwrap();
        let before: Vec<_> = h.last_step().unwrap().previous().map(|a| (a.id.clone(), a.status)).collect();
        assert_eq!(before, vec![(id.clone(), Status::Suggested)]);
        // an edit that changes nothing touched nothing
        h.apply(&mut d, Edit::accept(id.clone()), 2.0).unwrap();
        assert!(h.last_step().is_none());
        assert!(h.undo(&mut d, 3.0));
        let before: Vec<_> = h.last_step().unwrap().previous().map(|a| (a.id.clone(), a.status)).collect();
        assert_eq!(before, vec![(id.clone(), Status::Accepted)], "after an undo: the state it undid");
        assert!(h.redo(&mut d, 4.0));
        assert_eq!(h.last_step().unwrap().previous().next().map(|a| a.status), Some(Status::Suggested));
        assert!(!h.redo(&mut d, 5.0));
        assert!(h.last_step().is_none());
        let new = d.peek_annotation_id();
        h.apply(&mut d, Edit::Add(NewAnnotation::new(ReviewKind::Note, 0, 8)), 6.0).unwrap();
        let step = h.last_step().unwrap();
        assert_eq!(
            (step.added().collect::<Vec<_>>(), step.previous().count(), step.renames()),
            (vec![new.as_str()], 0, false)
        );
        h.apply(&mut d, Edit::SetTitle { title: "Another".into() }, 7.0).unwrap();
        assert!(h.last_step().unwrap().renames());
    }

    #[test]
    fn merging_speakers_is_one_undoable_edit() {
        let mut d = doc();
        let whit = speaker_id(&d, "Dana Whitcombe");
        let priya = speaker_id(&d, "Priya Nandakumar");
        let priya_at = d.speakers.iter().position(|s| s.id == priya).unwrap();
        let roster = d.roster();
        let count = |r: &[RosterEntry], id: &str| r.iter().find(|e| e.id == id).map(|e| (e.quotes, e.claims, e.total));
        let (wq, wc, wt) = count(&roster, &whit).unwrap();
        let (pq, pc, pt) = count(&roster, &priya).unwrap();
        assert!(pq >= 1 && wq >= 2, "{roster:?}");
        let mut h = History::new();
        h.apply(&mut d, Edit::MergeSpeakers { from: priya.clone(), into: whit.clone() }, 50.0).unwrap();
        assert!(d.speaker(&priya).is_none());
        assert!(d.annotations.iter().all(|a| a.speaker.as_deref() != Some(priya.as_str())));
        assert_eq!(count(&d.roster(), &whit), Some((wq + pq, wc + pc, wt + pt)));
        assert_eq!(h.undo_label(), Some("merge speakers"));
        assert_eq!(d.updated_ms, 50.0);
        assert!(h.undo(&mut d, 60.0));
        assert_eq!(d.speakers[priya_at].id, priya, "back in its place in the roster");
        assert_eq!(d.roster(), roster);
        assert!(h.redo(&mut d, 70.0));
        assert!(d.speaker(&priya).is_none());
        assert_eq!(
            d.apply(Edit::MergeSpeakers { from: whit.clone(), into: whit.clone() }),
            Err(EditError::SameSpeaker(whit.clone()))
        );
        assert_eq!(
            d.apply(Edit::MergeSpeakers { from: priya.clone(), into: whit }),
            Err(EditError::NoSuchSpeaker(priya))
        );
    }

    #[test]
    fn invalid_edits_change_nothing() {
        let mut d = doc();
        d.apply(Edit::AddEvidence { id: "a1".into(), link: "https://example.org/x".into() }).unwrap();
        let before = d.clone();
        let whit = speaker_id(&d, "Dana Whitcombe");
        let priya = speaker_id(&d, "Priya Nandakumar");
        let emoji = ARTICLE.find("😟").unwrap();
        let len = ARTICLE.len();
        let cases = vec![
            (Edit::accept("a999"), EditError::NoSuchAnnotation("a999".into())),
            (
                Edit::SetBounds { id: "a1".into(), start: 5, end: len + 1 },
                EditError::OutsideText { start: 5, end: len + 1, len },
            ),
            (Edit::SetBounds { id: "a1".into(), start: 9, end: 9 }, EditError::EmptySpan { start: 9, end: 9 }),
            (Edit::SetBounds { id: "a1".into(), start: 9, end: 3 }, EditError::EmptySpan { start: 9, end: 3 }),
            (
                Edit::SetBounds { id: "a1".into(), start: emoji + 1, end: emoji + 4 },
                EditError::NotCharBoundary { offset: emoji + 1 },
            ),
            (
                Edit::SetBounds { id: "a1".into(), start: 9, end: ARTICLE.find('—').unwrap() + 1 },
                EditError::NotCharBoundary { offset: ARTICLE.find('—').unwrap() + 1 },
            ),
            (
                Edit::Add(NewAnnotation::new(ReviewKind::Note, emoji, emoji + 2)),
                EditError::NotCharBoundary { offset: emoji + 2 },
            ),
            (
                Edit::Add(NewAnnotation {
                    speaker: SpeakerRef::Id("s99".into()),
                    ..NewAnnotation::new(ReviewKind::Note, 0, 3)
                }),
                EditError::NoSuchSpeaker("s99".into()),
            ),
            (
                Edit::Add(NewAnnotation {
                    speaker: SpeakerRef::Name { name: "  ".into(), kind: SpeakerKind::Person },
                    ..NewAnnotation::new(ReviewKind::Note, 0, 3)
                }),
                EditError::EmptyName,
            ),
            (Edit::RenameSpeaker { speaker: whit.clone(), name: " ".into() }, EditError::EmptyName),
            (
                Edit::RenameSpeaker { speaker: whit.clone(), name: "priya nandakumar".into() },
                EditError::NameTaken { name: "priya nandakumar".into(), speaker: priya.clone() },
            ),
            (Edit::RenameSpeaker { speaker: "s99".into(), name: "X".into() }, EditError::NoSuchSpeaker("s99".into())),
            (
                Edit::AddEvidence { id: "a1".into(), link: "javascript:alert(1)".into() },
                EditError::BadLink {
                    link: "javascript:alert(1)".into(),
                    reason: "only http and https links are allowed",
                },
            ),
            (
                Edit::AddEvidence { id: "a1".into(), link: "https://example.org/x".into() },
                EditError::DuplicateEvidence("https://example.org/x".into()),
            ),
            (
                Edit::RemoveEvidence { id: "a1".into(), link: "https://example.org/y".into() },
                EditError::NoSuchEvidence("https://example.org/y".into()),
            ),
            (Edit::Delete { id: "nope".into() }, EditError::NoSuchAnnotation("nope".into())),
            (
                Edit::Batch(vec![
                    Edit::accept("a1"),
                    Edit::Add(NewAnnotation::new(ReviewKind::Note, 0, 3)),
                    Edit::SetSpeaker {
                        id: "a2".into(),
                        speaker: SpeakerRef::Name { name: "New Person".into(), kind: SpeakerKind::Person },
                    },
                    Edit::Delete { id: "zz".into() },
                ]),
                EditError::InBatch { index: 3, error: Box::new(EditError::NoSuchAnnotation("zz".into())) },
            ),
        ];
        for (edit, expected) in cases {
            let err = d.apply(edit.clone()).expect_err(&format!("{edit:?} was accepted"));
            assert_eq!(err, expected);
            assert!(!err.to_string().is_empty());
            assert_eq!(d, before, "{edit:?} changed the document");
        }
        assert!(EditError::NotCharBoundary { offset: 7 }.to_string().contains("inside a character"));
    }

    #[test]
    fn no_op_edits_leave_no_undo_step() {
        let mut d = doc();
        let mut h = History::new();
        h.apply(&mut d, Edit::reset("a1"), 5.0).unwrap();
        h.apply(&mut d, Edit::SetTitle { title: "Bridge".into() }, 5.0).unwrap();
        assert!(!h.can_undo());
        assert_eq!(d.updated_ms, 1000.0);
        h.apply(&mut d, Edit::accept("a1"), 6.0).unwrap();
        assert!(h.undo(&mut d, 7.0));
        assert!(h.can_redo());
        h.apply(&mut d, Edit::reset("a1"), 8.0).unwrap(); // nothing to change: redo survives
        assert!(h.can_redo());
        h.apply(&mut d, Edit::reject("a1"), 9.0).unwrap();
        assert!(!h.can_redo(), "a new edit drops the redo list");
        assert!(!h.redo(&mut d, 10.0));
    }

    #[test]
    fn history_limit_drops_the_oldest() {
        let mut d = doc();
        let mut h = History::with_limit(3);
        for (i, v) in
            [Verdict::Supported, Verdict::Disputed, Verdict::False, Verdict::Misleading].into_iter().enumerate()
        {
            h.apply(&mut d, Edit::SetVerdict { id: "a1".into(), verdict: v }, i as f64).unwrap();
        }
        while h.undo(&mut d, 0.0) {}
        assert_eq!(d.annotation("a1").unwrap().verdict, Verdict::Supported, "only three steps kept");
        while h.redo(&mut d, 0.0) {}
        assert_eq!(d.annotation("a1").unwrap().verdict, Verdict::Misleading);
    }

    #[test]
    fn links() {
        let ok = |l: &str| normalize_link(l).unwrap();
        assert_eq!(ok("https://example.org/a?b=c#d"), "https://example.org/a?b=c#d");
        assert_eq!(ok("  HTTP://Example.org "), "HTTP://Example.org");
        assert_eq!(ok("example.org/page"), "https://example.org/page");
        assert_eq!(ok("example.org:8080/page"), "https://example.org:8080/page");
        for bad in [
            "",
            "   ",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<b>",
            "vbscript:x",
            "ftp://example.org",
            "https://",
            "http:///x",
            "/relative",
            "a b.org",
            "https://a.org/\u{0}",
            "https://a.org/\"onmouseover=x",
            "https://a.org/<script>",
            "https://a.org\\@evil.org",
        ] {
            assert!(normalize_link(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn roster_filters_and_segments() {
        let mut d = doc();
        let priya = speaker_id(&d, "Priya Nandakumar");
        let c = find(&d, "nobody had asked").id.clone();
        d.apply(Edit::reject(&c)).unwrap();
        d.apply(Edit::SetTags { id: "a1".into(), tags: vec!["Infrastructure".into()] }).unwrap();
        let e = d.roster().into_iter().find(|e| e.id == priya).unwrap();
        assert_eq!((e.quotes, e.claims, e.total), (1, 0, 2), "the rejected claim does not count");

        let f =
            Filter { kinds: vec![ReviewKind::Quote], speaker: SpeakerFilter::Is(priya.clone()), ..Filter::default() };
        let got: Vec<&str> = d.filter(&f).iter().map(|a| d.text_of(a)).collect();
        assert_eq!(got, vec!["This will kill foot traffic on Elm Street 😟,"]);
        let rejected = d.filter(&Filter { statuses: vec![Status::Rejected], ..Filter::default() });
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].id, c);
        // search: text, speaker name, tags; case-insensitive
        assert!(d
            .filter(&Filter { search: "HORSE carts".into(), ..Filter::default() })
            .iter()
            .all(|a| d.text_of(a).contains("horse carts")));
        assert_eq!(d.filter(&Filter { search: " nandakumar ".into(), ..Filter::default() }).len(), 2);
        assert_eq!(d.filter(&Filter { search: "infrastructure".into(), ..Filter::default() }).len(), 1);
        assert!(d.filter(&Filter { search: "zebra".into(), ..Filter::default() }).is_empty());
        let unattributed = d.filter(&Filter { speaker: SpeakerFilter::Unattributed, ..Filter::default() });
        assert!(unattributed.iter().all(|a| a.speaker.is_none()) && !unattributed.is_empty());
        assert_eq!(d.filter(&Filter::default()).len(), d.annotations.len());

        // segments cover the text in order, each with exactly the annotations over it
        let segs = d.segments(super::ReviewAnnotation::is_live);
        assert_eq!(segs.first().map(|s| s.start), Some(0));
        assert_eq!(segs.last().map(|s| s.end), Some(d.text.len()));
        for w in segs.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for s in &segs {
            assert!(s.start < s.end);
            let over: Vec<usize> = (0..d.annotations.len())
                .filter(|&i| {
                    d.annotations[i].is_live() && d.annotations[i].start <= s.start && s.end <= d.annotations[i].end
                })
                .collect();
            assert_eq!(s.annotations, over, "segment {}..{}", s.start, s.end);
        }
        assert!(segs.iter().all(|s| !s.annotations.iter().any(|&i| d.annotations[i].id == c)));
    }

    #[test]
    fn overlapping_segments() {
        let mut d = ReviewDoc::new("x", "", "abcdefghij", 0.0);
        for (s, e) in [(0, 5), (2, 8), (2, 4), (9, 10)] {
            d.apply(Edit::Add(NewAnnotation::new(ReviewKind::Note, s, e))).unwrap();
        }
        let segs: Vec<(usize, usize, Vec<usize>)> =
            d.segments(|_| true).into_iter().map(|s| (s.start, s.end, s.annotations)).collect();
        // order of annotations: a1 0..5, a3 2..4, a2 2..8, a4 9..10
        assert_eq!(d.annotations.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a1", "a3", "a2", "a4"]);
        assert_eq!(
            segs,
            vec![
                (0, 2, vec![0]),
                (2, 4, vec![0, 1, 2]),
                (4, 5, vec![0, 2]),
                (5, 8, vec![2]),
                (8, 9, vec![]),
                (9, 10, vec![3])
            ]
        );
        assert_eq!(ReviewDoc::new("e", "", "", 0.0).segments(|_| true), vec![]);
    }

    #[test]
    fn selections_trim_and_ids_parse() {
        let d = ReviewDoc::new("x", "", "  said  \n", 0.0);
        assert_eq!(d.trim_selection(0, 9), Some((2, 6)));
        assert_eq!(d.trim_selection(0, 2), None);
        assert_eq!(d.trim_selection(3, 99), None);
        assert_eq!(id_number("a12", 'a'), Some(12));
        assert_eq!(id_number(&format!("a{MAX_ID_NUMBER}"), 'a'), Some(MAX_ID_NUMBER));
        for bad in ["a", "a01", "b1", "a1x", "", "a-1", "a9007199254740992", "a99999999999999999999999"] {
            assert_eq!(id_number(bad, 'a'), None, "{bad}");
        }
    }

    #[test]
    fn stale_steps_never_panic() {
        let mut d = doc();
        let step = d.apply_undoable(Edit::Delete { id: "a1".into() }).unwrap();
        let mut other = ReviewDoc::new("o", "", "short", 0.0);
        let _ = other.revert(step); // puts a1 back into a document where it does not fit
        let mut h = History::new();
        h.apply(&mut d, Edit::accept("a2"), 1.0).unwrap();
        d.annotations.clear(); // changed behind the history's back
        assert!(h.undo(&mut d, 2.0));
    }

    #[test]
    fn five_thousand_annotations_stay_fast() {
        let text = "word ".repeat(6000);
        let mut d = ReviewDoc::new("big", "", text, 0.0);
        let mut h = History::new();
        let t = std::time::Instant::now();
        d.apply(Edit::Batch(
            (0..5000).map(|i| Edit::Add(NewAnnotation::new(ReviewKind::Claim, i * 5, i * 5 + 4))).collect(),
        ))
        .unwrap();
        assert_eq!(d.annotations.len(), 5000);
        let sp = d.peek_speaker_id();
        for i in 0..1000 {
            let id = format!("a{}", 1 + (i * 7) % 5000);
            let e = match i % 5 {
                0 => Edit::accept(&id),
                1 => Edit::SetNote { id, note: format!("n{i}") },
                2 => Edit::SetSpeaker {
                    id,
                    speaker: SpeakerRef::Name { name: "Crowd".into(), kind: SpeakerKind::Group },
                },
                3 => Edit::SetBounds { id, start: (i * 13 % 5000) * 5, end: (i * 13 % 5000) * 5 + 9 },
                _ => Edit::SetVerdict { id, verdict: Verdict::Disputed },
            };
            h.apply(&mut d, e, i as f64).unwrap();
        }
        // single-annotation edits keep one or two primitives each, never the document
        assert!(h.stored_ops() <= 2 * 1000, "{} ops stored", h.stored_ops());
        let after = d.clone();
        while h.undo(&mut d, 0.0) {}
        assert!(d.annotations.iter().all(|a| a.status == Status::Accepted && a.note.is_empty() && a.speaker.is_none()));
        while h.redo(&mut d, 0.0) {}
        assert_eq!(d.annotations, after.annotations);
        let other = d.peek_speaker_id();
        d.apply(Edit::SetSpeaker {
            id: "a1".into(),
            speaker: SpeakerRef::Name { name: "Other".into(), kind: SpeakerKind::Person },
        })
        .unwrap();
        let crowd = d.roster().iter().find(|e| e.id == sp).map(|e| e.total).unwrap();
        assert!(crowd >= 200, "{crowd}");
        h.apply(&mut d, Edit::MergeSpeakers { from: sp.clone(), into: other.clone() }, 0.0).unwrap();
        assert_eq!(d.roster().iter().find(|e| e.id == other).map(|e| e.total), Some(crowd + 1));
        assert!(h.undo(&mut d, 0.0));
        assert_eq!(d.roster().iter().find(|e| e.id == sp).map(|e| e.total), Some(crowd));
        assert!(d.check().is_ok());
        // generous: quadratic copying would take minutes
        assert!(t.elapsed().as_secs_f64() < 10.0, "{:?}", t.elapsed());
    }
}
