//! Writing a document out: the annotation JSON (the evaluation contract of
//! `shared/corpus/README.md`, extended) and a plain-text listing for people.

use std::fmt::Write as _;
use std::io;

use serde_json::Value;

use crate::model::{AnnotationKind, Document, Evidence, QuoteForm};
use crate::offsets::{OffsetIndex, Unit};
use crate::segment::BlockKind;
use crate::span::Span;

/// The JSON an extractor prints: `offset_unit`, `annotations` (each with `kind`, `start`,
/// `end`, `text`, `speaker`), plus `stories`, `blocks` and `speakers` for richer front ends.
///
/// Built by [`write_json`], the streaming writer the CLI uses, and parsed back: the value is
/// the same JSON byte for byte. For large documents write instead of building a value.
pub fn to_json(text: &str, doc: &Document, unit: Unit) -> Value {
    serde_json::from_str(&to_json_string(text, doc, unit)).expect("the writer writes valid JSON")
}

/// [`write_json`] into a string.
pub fn to_json_string(text: &str, doc: &Document, unit: Unit) -> String {
    let mut out = Vec::with_capacity(text.len() * 4 + 256);
    write_json(&mut out, text, doc, unit, None).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("the writer writes UTF-8")
}

/// Writes the document's JSON as it goes, never holding it whole: an archive-sized text costs
/// the document, not a second copy of it as a JSON tree. `id`, when given, is written as a
/// top-level `"id"` (batch mode). Keys come in sorted order, as a `serde_json::Value` prints
/// them, so the output is the one earlier versions printed from a value.
pub fn write_json<W: io::Write>(
    w: &mut W,
    text: &str,
    doc: &Document,
    unit: Unit,
    id: Option<&Value>,
) -> io::Result<()> {
    let idx = OffsetIndex::new(text);
    let mut j = Json { w, text, idx: &idx, unit };
    j.raw("{\"annotations\":[")?;
    for (n, a) in doc.annotations.iter().enumerate() {
        j.raw(if n == 0 { "{" } else { ",{" })?;
        if let Some(c) = a.cue {
            j.raw("\"cue\":")?;
            j.span_object(c)?;
            j.raw(",")?;
        }
        j.end_only(a.span)?;
        if let Some(e) = a.evidence {
            j.raw(",\"evidence\":")?;
            j.name(evidence_name(e))?;
        }
        if let Some(f) = a.form {
            j.raw(",\"form\":")?;
            j.name(form_name(f))?;
        }
        j.raw(",\"id\":")?;
        j.num(a.id)?;
        j.raw(",\"kind\":")?;
        j.name(kind_name(a.kind))?;
        j.raw(",\"rule\":")?;
        j.name(a.rule)?;
        if let Some(s) = a.source {
            j.raw(",\"source\":")?;
            j.span_object(s)?;
        }
        j.raw(",\"speaker\":")?;
        match a.speaker {
            Some(i) => {
                let e = &doc.entities[i];
                j.raw("{\"id\":")?;
                j.num(e.id)?;
                j.raw(",\"kind\":")?;
                j.name(crate::entity_kind_name(e.kind))?;
                j.raw(",\"name\":")?;
                j.value(e.name.as_str())?;
                j.raw("}")?;
            }
            None => j.raw("null")?,
        }
        j.start_only(a.span)?;
        j.raw(",\"story\":")?;
        j.num(a.story)?;
        j.raw(",\"text\":")?;
        j.value(a.span.slice(text))?;
        j.raw("}")?;
    }
    j.raw("],\"blocks\":[")?;
    for (n, p) in doc.paragraphs.iter().filter(|p| p.kind != BlockKind::Body).enumerate() {
        j.raw(if n == 0 { "{" } else { ",{" })?;
        j.end_only(p.span)?;
        j.raw(",\"kind\":")?;
        j.value(&p.kind)?;
        j.start_only(p.span)?;
        j.raw(",\"text\":")?;
        j.value(p.span.slice(text))?;
        j.raw("}")?;
    }
    j.raw("]")?;
    if let Some(id) = id {
        j.raw(",\"id\":")?;
        j.value(id)?;
    }
    j.raw(",\"offset_unit\":")?;
    j.value(&unit)?;
    j.raw(",\"speakers\":[")?;
    let mut counts = vec![(0usize, 0usize); doc.entities.len()];
    for a in &doc.annotations {
        if let Some(i) = a.speaker {
            match a.kind {
                AnnotationKind::Quote => counts[i].0 += 1,
                AnnotationKind::Claim => counts[i].1 += 1,
                AnnotationKind::Term => {}
            }
        }
    }
    for (n, (e, (quotes, claims))) in doc.entities.iter().zip(&counts).enumerate() {
        j.raw(if n == 0 { "{\"claims\":" } else { ",{\"claims\":" })?;
        j.num(*claims)?;
        j.raw(",\"gender\":")?;
        j.value(&e.gender)?;
        j.raw(",\"id\":")?;
        j.num(e.id)?;
        j.raw(",\"kind\":")?;
        j.name(crate::entity_kind_name(e.kind))?;
        j.raw(",\"name\":")?;
        j.value(e.name.as_str())?;
        j.raw(",\"quotes\":")?;
        j.num(*quotes)?;
        j.raw("}")?;
    }
    j.raw("],\"stories\":[")?;
    for (n, s) in doc.stories.iter().enumerate() {
        j.raw(if n == 0 { "{" } else { ",{" })?;
        if let Some(d) = &s.dateline {
            j.raw("\"dateline\":{")?;
            if let Some(a) = &d.agency {
                j.raw("\"agency\":")?;
                j.value(a.as_str())?;
                j.raw(",")?;
            }
            if let Some(t) = &d.date {
                j.raw("\"date\":")?;
                j.value(t.as_str())?;
                j.raw(",")?;
            }
            j.end_only(d.span)?;
            j.raw(",\"place\":")?;
            j.value(d.place.as_str())?;
            j.start_only(d.span)?;
            j.raw(",\"text\":")?;
            j.value(d.span.slice(text))?;
            j.raw("},")?;
        }
        j.offsets(s.span)?;
        j.raw("}")?;
    }
    j.raw("]")?;
    // only on text that would have passed the output bound (crate::bounds)
    if doc.truncated > 0 {
        j.raw(",\"truncated\":")?;
        j.num(doc.truncated)?;
    }
    j.raw("}")
}

// The names serde gives these enums, written without serde at every annotation (a test
// below checks that they agree).
fn kind_name(k: AnnotationKind) -> &'static str {
    match k {
        AnnotationKind::Quote => "quote",
        AnnotationKind::Claim => "claim",
        AnnotationKind::Term => "term",
    }
}

fn form_name(f: QuoteForm) -> &'static str {
    match f {
        QuoteForm::Full => "full",
        QuoteForm::Partial => "partial",
    }
}

fn evidence_name(e: Evidence) -> &'static str {
    match e {
        Evidence::Cue => "cue",
        Evidence::Pronoun => "pronoun",
        Evidence::Continuation => "continuation",
    }
}

/// The pieces of the JSON writer: keys are written by the caller in sorted order.
struct Json<'a, 't, W> {
    w: &'a mut W,
    text: &'t str,
    idx: &'a OffsetIndex<'t>,
    unit: Unit,
}

impl<W: io::Write> Json<'_, '_, W> {
    fn raw(&mut self, s: &str) -> io::Result<()> {
        self.w.write_all(s.as_bytes())
    }

    fn num(&mut self, mut n: usize) -> io::Result<()> {
        // digits into a buffer from the end: the formatting machinery of `write!` cost more
        // than the rest of an offset's conversion
        let mut buf = [0u8; 20];
        let mut at = buf.len();
        loop {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.w.write_all(&buf[at..])
    }

    /// A string that needs no escaping (an enum's name, a rule's), as serde_json prints it;
    /// anything else goes through [`Json::value`].
    fn name(&mut self, s: &str) -> io::Result<()> {
        if s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            self.raw("\"")?;
            self.raw(s)?;
            self.raw("\"")
        } else {
            self.value(s)
        }
    }

    /// A string, an enum or a small value, escaped as serde_json escapes.
    fn value<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> io::Result<()> {
        serde_json::to_writer(&mut *self.w, v).map_err(io::Error::other)
    }

    /// `"end":E,"start":S` with nothing between (a story's keys).
    fn offsets(&mut self, s: Span) -> io::Result<()> {
        self.end_only(s)?;
        self.start_only(s)
    }

    fn end_only(&mut self, s: Span) -> io::Result<()> {
        self.raw("\"end\":")?;
        self.num(self.idx.from_byte(s.end, self.unit))
    }

    fn start_only(&mut self, s: Span) -> io::Result<()> {
        self.raw(",\"start\":")?;
        self.num(self.idx.from_byte(s.start, self.unit))
    }

    /// `{"end":E,"start":S,"text":T}`.
    fn span_object(&mut self, s: Span) -> io::Result<()> {
        self.raw("{")?;
        self.offsets(s)?;
        self.raw(",\"text\":")?;
        self.value(s.slice(self.text))?;
        self.raw("}")
    }
}

/// Why each annotation is there, one line each in text order (`quotelens extract --explain`):
/// its byte span, kind, the rule that made it, the speaker and how they were found (cue,
/// pronoun, continuation), the cue and source words, and the annotated words.
pub fn explain(text: &str, doc: &Document) -> String {
    let short = |s: &str| {
        let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
        match one_line.char_indices().nth(60) {
            Some((i, _)) => format!("{}…", &one_line[..i]),
            None => one_line,
        }
    };
    let mut out = String::new();
    for a in &doc.annotations {
        let kind = match a.kind {
            AnnotationKind::Quote => "quote",
            AnnotationKind::Claim => "claim",
            AnnotationKind::Term => "term",
        };
        let speaker = doc.speaker_name(a).unwrap_or("-");
        let evidence = match a.evidence {
            Some(Evidence::Cue) => "cue",
            Some(Evidence::Pronoun) => "pronoun",
            Some(Evidence::Continuation) => "continuation",
            None => "-",
        };
        let _ = write!(out, "{}-{} {kind} [{}] {speaker} (by {evidence}", a.span.start, a.span.end, a.rule);
        if let Some(c) = a.cue {
            let _ = write!(out, ", cue {:?}", short(c.slice(text)));
        }
        if let Some(src) = a.source {
            let _ = write!(out, ", source {:?}", short(src.slice(text)));
        }
        let _ = writeln!(out, "): {:?}", short(a.span.slice(text)));
    }
    out
}

/// A listing for people: each story with its dateline, then its speakers (most quoted first)
/// with their quotes and claims, then what nobody is named for.
pub fn to_text(text: &str, doc: &Document) -> String {
    let mut out = String::new();
    let oneline = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    // the annotations of each story, found once (a story index past the end goes nowhere)
    let mut by_story: Vec<Vec<&crate::model::Annotation>> = vec![Vec::new(); doc.stories.len()];
    for a in &doc.annotations {
        if let Some(v) = by_story.get_mut(a.story) {
            v.push(a);
        }
    }
    for (si, story) in doc.stories.iter().enumerate() {
        let head = match &story.dateline {
            Some(d) => oneline(d.span.slice(text)).trim_end_matches([':', '—', '-', '–', ' ']).to_string(),
            None => "(no dateline)".to_string(),
        };
        let _ = writeln!(out, "Story {} — {}", si + 1, head);
        // each speaker's items in document order, speakers in order of first appearance: one
        // pass, not a count per comparison of the sort (quadratic on archive-sized texts)
        let mut slot: std::collections::HashMap<Option<usize>, usize> = Default::default();
        let mut groups: Vec<(Option<usize>, Vec<&crate::model::Annotation>)> = Vec::new();
        for a in by_story[si].iter().filter(|a| a.kind != AnnotationKind::Term) {
            let g = *slot.entry(a.speaker).or_insert_with(|| {
                groups.push((a.speaker, Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push(a);
        }
        groups.sort_by_key(|(sp, items)| (sp.is_none(), std::cmp::Reverse(items.len())));
        for (sp, items) in groups {
            let name = sp.map_or("(speaker not named)".to_string(), |i| {
                format!("{} ({})", doc.entities[i].name, crate::entity_kind_name(doc.entities[i].kind))
            });
            let q = items.iter().filter(|a| a.kind == AnnotationKind::Quote).count();
            let c = items.iter().filter(|a| a.kind == AnnotationKind::Claim).count();
            let _ = writeln!(out, "  {name}: {q} quote(s), {c} claim(s)");
            for a in items {
                let body = oneline(a.span.slice(text));
                match a.kind {
                    AnnotationKind::Quote => {
                        let _ = writeln!(out, "    “{body}”");
                    }
                    _ => {
                        let cue = a.cue.map_or("", |c| c.slice(text));
                        let _ = writeln!(out, "    [{cue}] {body}");
                    }
                }
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn explain_names_rule_speaker_evidence_and_words() {
        let text = "Mayor Ana Ruiz spoke on Monday. “The pier will close,” she said.";
        let doc = crate::extract(text);
        let lines = explain(text, &doc);
        let quote = lines.lines().find(|l| l.contains(" quote ")).expect("a quote line");
        assert!(quote.contains("[cue_after] Ana Ruiz (by pronoun, cue \"said\", source \"she\")"), "{quote}");
        assert!(quote.ends_with(": \"The pier will close,\""), "{quote}");
        assert_eq!(lines.lines().count(), doc.annotations.len());
    }
    use super::*;
    use crate::entities::EntityKind;

    #[test]
    fn enum_names_are_the_ones_serde_prints() {
        fn json<T: serde::Serialize>(v: &T) -> String {
            serde_json::to_string(v).unwrap()
        }
        let quoted = |s: &str| format!("\"{s}\"");
        for k in [AnnotationKind::Quote, AnnotationKind::Claim, AnnotationKind::Term] {
            assert_eq!(quoted(kind_name(k)), json(&k));
        }
        for f in [QuoteForm::Full, QuoteForm::Partial] {
            assert_eq!(quoted(form_name(f)), json(&f));
        }
        for e in [Evidence::Cue, Evidence::Pronoun, Evidence::Continuation] {
            assert_eq!(quoted(evidence_name(e)), json(&e));
        }
        for k in [EntityKind::Person, EntityKind::Group, EntityKind::Institution, EntityKind::Unknown] {
            assert_eq!(quoted(crate::entity_kind_name(k)), json(&k));
        }
    }
}
