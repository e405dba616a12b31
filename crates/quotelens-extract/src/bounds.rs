//! Output bounds: however hostile the text, its JSON stays within [`BYTES_OUT_PER_BYTE_IN`]
//! bytes per input byte (plus [`FLOOR`] bytes), so a megabyte in can never become gigabytes out.
//!
//! News text gives about 3.5 bytes of JSON per byte and never comes near the bound. Two
//! things could pass it: claims nested in claims ("He said that he said that …" repeated,
//! each claim's content running to the sentence's end, so the text is copied once per level),
//! and annotations denser than one per few bytes (a file of only `"`: an empty quotation every
//! two bytes, a hundred bytes of JSON each). Claims inside [`MAX_CLAIM_DEPTH`] other claims
//! are left out (reported speech is never that deep in news), and when the estimated JSON
//! still exceeds the bound, the annotations past the point where it does are left out and
//! counted in [`crate::Document::truncated`], which the JSON and the CLI report.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::entities::Entity;
use crate::model::{Annotation, AnnotationKind};
use crate::segment::{BlockKind, Paragraph, Story};

/// The most JSON written per byte of text.
pub const BYTES_OUT_PER_BYTE_IN: usize = 20;
/// The JSON of an empty text is 80 bytes; a short text may have a few annotations.
pub const FLOOR: usize = 4096;
/// A claim inside this many other claims is left out.
pub const MAX_CLAIM_DEPTH: usize = 3;

/// The length of `s` as a JSON string, quotes included (serde_json's escapes).
pub fn json_str_len(s: &str) -> usize {
    2 + s
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 2,
            0..=0x1f => 6,
            _ => 1,
        })
        .sum::<usize>()
}

fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// Leaves out the claims among `annotations[from..]` nested too deep in each other.
///
/// Called for the annotations of one sentence as soon as they are made: a claim's content
/// never leaves its sentence, so no claim of another sentence contains one of these, and a
/// sentence of a thousand nested claims never holds a thousand annotations in memory.
/// Claims with the same span are taken in the order they come in.
pub(crate) fn drop_deep_claims(all: &mut Vec<Annotation>, from: usize) {
    let annotations = &all[from..];
    if annotations.iter().filter(|a| a.kind == AnnotationKind::Claim).count() <= MAX_CLAIM_DEPTH {
        return;
    }
    // claims by start, the longer first, so every container comes before what it contains; a
    // claim is inside MAX_CLAIM_DEPTH others when that many earlier ones end at or after it
    let mut order: Vec<usize> =
        (0..annotations.len()).filter(|&i| annotations[i].kind == AnnotationKind::Claim).collect();
    // ties by index, as a stable sort leaves them (one stable sort fewer in the widget's wasm)
    crate::sort::by_key(&mut order, |&i| (annotations[i].span.start as u64, u64::MAX - annotations[i].span.end as u64));
    let mut deep = vec![false; annotations.len()];
    // the MAX_CLAIM_DEPTH largest ends so far, smallest on top
    let mut ends: BinaryHeap<Reverse<usize>> = BinaryHeap::with_capacity(MAX_CLAIM_DEPTH + 1);
    for i in order {
        let end = annotations[i].span.end;
        if ends.len() == MAX_CLAIM_DEPTH && ends.peek().is_some_and(|Reverse(e)| *e >= end) {
            deep[i] = true;
        }
        ends.push(Reverse(end));
        if ends.len() > MAX_CLAIM_DEPTH {
            ends.pop();
        }
    }
    // keep the rest in order, touching nothing before `from`
    let mut kept = from;
    for (i, deep) in deep.into_iter().enumerate() {
        if !deep {
            all.swap(kept, from + i);
            kept += 1;
        }
    }
    all.truncate(kept);
}

/// The most JSON bytes a text of `len` bytes may give.
pub(crate) fn budget(len: usize) -> usize {
    BYTES_OUT_PER_BYTE_IN.saturating_mul(len).saturating_add(FLOOR)
}

/// What [`cap`] counts for annotation `a` at index `i`: the keys and the longest enum
/// values it can have (an offset in any unit has at most the digits of its byte offset).
/// `slice` is the JSON length of a span's text, `name` that of a speaker's name.
fn estimate(
    a: &Annotation,
    i: usize,
    story_digits: usize,
    slice: impl Fn(crate::Span) -> usize,
    name: impl Fn(usize) -> usize,
) -> usize {
    let span_obj = |s: crate::Span| 34 + 2 * digits(s.end) + slice(s);
    72 + 2 * digits(a.span.end)
        + digits(i)
        + story_digits
        + slice(a.span)
        + a.form.map_or(0, |_| 17)
        + a.evidence.map_or(0, |_| 26)
        + 10
        + a.rule.len()
        + a.source.map_or(0, span_obj)
        + a.cue.map_or(0, span_obj)
        + a.speaker.map_or(0, |e| 40 + digits(e) + name(e))
}

/// At most what [`cap`] counts for `a`, whatever its index and its speaker's name (a text's
/// JSON is at least its length plus quotes). Cheap enough to add up as annotations are
/// made, to know when the bound has surely been passed.
pub(crate) fn least_json(a: &Annotation) -> usize {
    estimate(a, 0, 1, |s| s.len() + 2, |_| 2)
}

/// Leaves out the annotations past the point where the JSON would pass the bound; returns
/// how many. An upper estimate: offsets are counted with the digits of the text's length.
pub(crate) fn cap(
    text: &str,
    annotations: &mut Vec<Annotation>,
    paragraphs: &[Paragraph],
    stories: &[Story],
    entities: &[Entity],
) -> usize {
    let budget = budget(text.len());
    let d = digits(text.len());
    // First with every byte counted as its longest escape (`\u00XX`), which reads no text:
    // news stays far inside the bound, and then nothing is scanned for escapes.
    let widest = |s: &str| 6 * s.len() + 2;
    if total(annotations, paragraphs, stories, entities, d, budget, widest, |s| widest(s.slice(text))).is_none() {
        return 0;
    }
    let slice = |s: crate::Span| json_str_len(s.slice(text));
    let keep =
        total(annotations, paragraphs, stories, entities, d, budget, json_str_len, slice).unwrap_or(annotations.len());
    let dropped = annotations.len() - keep;
    annotations.truncate(keep);
    dropped
}

/// The JSON bytes counted for the document, with `str_len` the length of a string and
/// `slice` that of a span's text: `Some(i)` when annotation `i` is the first to pass
/// `budget`, `None` when all fit.
#[allow(clippy::too_many_arguments)]
fn total(
    annotations: &[Annotation],
    paragraphs: &[Paragraph],
    stories: &[Story],
    entities: &[Entity],
    d: usize,
    budget: usize,
    str_len: impl Fn(&str) -> usize,
    slice: impl Fn(crate::Span) -> usize + Copy,
) -> Option<usize> {
    let json_str_len = &str_len;
    let mut used = 128 + 2 * d; // the keys of the top level, a batch id, "truncated"
    for p in paragraphs.iter().filter(|p| p.kind != BlockKind::Body) {
        used += 64 + 2 * d + slice(p.span);
    }
    for s in stories {
        used += 32 + 2 * d;
        if let Some(dl) = &s.dateline {
            used += 96 + 2 * d + slice(dl.span) + json_str_len(&dl.place);
            used += dl.agency.as_deref().map_or(0, json_str_len) + dl.date.as_deref().map_or(0, json_str_len);
        }
    }
    for e in entities {
        used += 96 + 4 * d + json_str_len(&e.name);
    }
    let story_digits = digits(stories.len());
    annotations.iter().enumerate().position(|(i, a)| {
        used += estimate(a, i, story_digits, slice, |e| json_str_len(&entities[e].name));
        used > budget
    })
}
