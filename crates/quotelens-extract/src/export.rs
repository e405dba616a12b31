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
    walk(&mut Json { w, id, unit, first: true }, text, doc, unit)
}

/// A span as every output gives it: offsets in the chosen unit and the words.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpanRecord<'t> {
    pub start: usize,
    pub end: usize,
    pub text: &'t str,
}

/// An annotation's speaker as the annotation names it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpeakerRef<'t> {
    pub id: usize,
    pub name: &'t str,
    pub kind: &'static str,
}

/// One annotation of the output: `kind`, `form`, `evidence` and `rule` as printed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AnnotationRecord<'t> {
    pub id: usize,
    pub kind: &'static str,
    pub span: SpanRecord<'t>,
    pub speaker: Option<SpeakerRef<'t>>,
    pub form: Option<&'static str>,
    pub source: Option<SpanRecord<'t>>,
    pub cue: Option<SpanRecord<'t>>,
    pub evidence: Option<&'static str>,
    pub rule: &'static str,
    pub story: usize,
}

/// A paragraph that is not body text (`kind`: `heading` or `boilerplate`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BlockRecord<'t> {
    pub span: SpanRecord<'t>,
    pub kind: &'static str,
}

/// A speaker with how many quotes and claims are theirs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpeakerRecord<'t> {
    pub id: usize,
    pub name: &'t str,
    pub kind: &'static str,
    pub gender: Option<&'static str>,
    pub quotes: usize,
    pub claims: usize,
}

/// A story's dateline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DatelineRecord<'t> {
    pub span: SpanRecord<'t>,
    pub place: &'t str,
    pub agency: Option<&'t str>,
    pub date: Option<&'t str>,
}

/// A story (its offsets; no text) and its dateline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StoryRecord<'t> {
    pub start: usize,
    pub end: usize,
    pub dateline: Option<DatelineRecord<'t>>,
}

/// The four lists of the output, in the order [`walk`] gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Annotations,
    Blocks,
    Speakers,
    Stories,
}

/// Where [`walk`] hands the output's records: the JSON writer is one sink, the Python
/// package's Arrow columns another, so both encode the same values by construction.
pub trait Sink {
    /// Before each list's records, in [`List`]'s order.
    fn begin(&mut self, list: List) -> io::Result<()>;
    fn annotation(&mut self, a: &AnnotationRecord<'_>) -> io::Result<()>;
    fn block(&mut self, b: &BlockRecord<'_>) -> io::Result<()>;
    fn speaker(&mut self, s: &SpeakerRecord<'_>) -> io::Result<()>;
    fn story(&mut self, s: &StoryRecord<'_>) -> io::Result<()>;
    /// After the last list; `truncated` counts the annotations the output bound left out
    /// ([`crate::bounds`]), 0 on any text that stays within it.
    fn end(&mut self, truncated: usize) -> io::Result<()>;
}

/// Hands `doc`'s output to `sink`: its annotations, the paragraphs that are not body text, its
/// speakers with their counts and its stories, offsets counted in `unit`.
pub fn walk<S: Sink>(sink: &mut S, text: &str, doc: &Document, unit: Unit) -> io::Result<()> {
    let idx = OffsetIndex::new(text);
    // (offsets are converted in text order within a record, as the checkpointed index likes)
    let span = |s: Span| {
        let end = idx.from_byte(s.end, unit);
        SpanRecord { start: idx.from_byte(s.start, unit), end, text: s.slice(text) }
    };
    sink.begin(List::Annotations)?;
    for a in &doc.annotations {
        let cue = a.cue.map(span);
        let end = idx.from_byte(a.span.end, unit);
        let source = a.source.map(span);
        let start = idx.from_byte(a.span.start, unit);
        sink.annotation(&AnnotationRecord {
            id: a.id,
            kind: kind_name(a.kind),
            span: SpanRecord { start, end, text: a.span.slice(text) },
            speaker: a.speaker.map(|i| {
                let e = &doc.entities[i];
                SpeakerRef { id: e.id, name: &e.name, kind: crate::entity_kind_name(e.kind) }
            }),
            form: a.form.map(form_name),
            source,
            cue,
            evidence: a.evidence.map(evidence_name),
            rule: a.rule,
            story: a.story,
        })?;
    }
    sink.begin(List::Blocks)?;
    for p in doc.paragraphs.iter().filter(|p| p.kind != BlockKind::Body) {
        sink.block(&BlockRecord { span: span(p.span), kind: block_name(p.kind) })?;
    }
    sink.begin(List::Speakers)?;
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
    for (e, &(quotes, claims)) in doc.entities.iter().zip(&counts) {
        sink.speaker(&SpeakerRecord {
            id: e.id,
            name: &e.name,
            kind: crate::entity_kind_name(e.kind),
            gender: e.gender.map(gender_name),
            quotes,
            claims,
        })?;
    }
    sink.begin(List::Stories)?;
    for s in &doc.stories {
        let dateline = s.dateline.as_ref().map(|d| DatelineRecord {
            span: span(d.span),
            place: &d.place,
            agency: d.agency.as_deref(),
            date: d.date.as_deref(),
        });
        let end = idx.from_byte(s.span.end, unit);
        sink.story(&StoryRecord { start: idx.from_byte(s.span.start, unit), end, dateline })?;
    }
    sink.end(doc.truncated)
}

/// The JSON writer: keys in sorted order, no spaces, as `serde_json` prints a `Value`.
struct Json<'a, 'i, W> {
    w: &'a mut W,
    id: Option<&'i Value>,
    unit: Unit,
    /// No record of the current list written yet (no comma before the next).
    first: bool,
}

impl<W: io::Write> Sink for Json<'_, '_, W> {
    fn begin(&mut self, list: List) -> io::Result<()> {
        self.first = true;
        match list {
            List::Annotations => self.raw("{\"annotations\":["),
            List::Blocks => self.raw("],\"blocks\":["),
            List::Speakers => {
                self.raw("]")?;
                if let Some(id) = self.id {
                    self.raw(",\"id\":")?;
                    self.value(id)?;
                }
                self.raw(",\"offset_unit\":")?;
                let unit = self.unit;
                self.value(&unit)?;
                self.raw(",\"speakers\":[")
            }
            List::Stories => self.raw("],\"stories\":["),
        }
    }

    fn annotation(&mut self, a: &AnnotationRecord<'_>) -> io::Result<()> {
        self.open()?;
        if let Some(c) = &a.cue {
            self.raw("\"cue\":")?;
            self.span_object(c)?;
            self.raw(",")?;
        }
        self.raw("\"end\":")?;
        self.num(a.span.end)?;
        if let Some(e) = a.evidence {
            self.raw(",\"evidence\":")?;
            self.name(e)?;
        }
        if let Some(f) = a.form {
            self.raw(",\"form\":")?;
            self.name(f)?;
        }
        self.raw(",\"id\":")?;
        self.num(a.id)?;
        self.raw(",\"kind\":")?;
        self.name(a.kind)?;
        self.raw(",\"rule\":")?;
        self.name(a.rule)?;
        if let Some(s) = &a.source {
            self.raw(",\"source\":")?;
            self.span_object(s)?;
        }
        self.raw(",\"speaker\":")?;
        match &a.speaker {
            Some(e) => {
                self.raw("{\"id\":")?;
                self.num(e.id)?;
                self.raw(",\"kind\":")?;
                self.name(e.kind)?;
                self.raw(",\"name\":")?;
                self.string(e.name)?;
                self.raw("}")?;
            }
            None => self.raw("null")?,
        }
        self.raw(",\"start\":")?;
        self.num(a.span.start)?;
        self.raw(",\"story\":")?;
        self.num(a.story)?;
        self.raw(",\"text\":")?;
        self.string(a.span.text)?;
        self.raw("}")
    }

    fn block(&mut self, b: &BlockRecord<'_>) -> io::Result<()> {
        self.open()?;
        self.raw("\"end\":")?;
        self.num(b.span.end)?;
        self.raw(",\"kind\":")?;
        self.name(b.kind)?;
        self.raw(",\"start\":")?;
        self.num(b.span.start)?;
        self.raw(",\"text\":")?;
        self.string(b.span.text)?;
        self.raw("}")
    }

    fn speaker(&mut self, s: &SpeakerRecord<'_>) -> io::Result<()> {
        self.open()?;
        self.raw("\"claims\":")?;
        self.num(s.claims)?;
        self.raw(",\"gender\":")?;
        match s.gender {
            Some(g) => self.name(g)?,
            None => self.raw("null")?,
        }
        self.raw(",\"id\":")?;
        self.num(s.id)?;
        self.raw(",\"kind\":")?;
        self.name(s.kind)?;
        self.raw(",\"name\":")?;
        self.string(s.name)?;
        self.raw(",\"quotes\":")?;
        self.num(s.quotes)?;
        self.raw("}")
    }

    fn story(&mut self, s: &StoryRecord<'_>) -> io::Result<()> {
        self.open()?;
        if let Some(d) = &s.dateline {
            self.raw("\"dateline\":{")?;
            if let Some(a) = d.agency {
                self.raw("\"agency\":")?;
                self.string(a)?;
                self.raw(",")?;
            }
            if let Some(t) = d.date {
                self.raw("\"date\":")?;
                self.string(t)?;
                self.raw(",")?;
            }
            self.raw("\"end\":")?;
            self.num(d.span.end)?;
            self.raw(",\"place\":")?;
            self.string(d.place)?;
            self.raw(",\"start\":")?;
            self.num(d.span.start)?;
            self.raw(",\"text\":")?;
            self.string(d.span.text)?;
            self.raw("},")?;
        }
        self.raw("\"end\":")?;
        self.num(s.end)?;
        self.raw(",\"start\":")?;
        self.num(s.start)?;
        self.raw("}")
    }

    fn end(&mut self, truncated: usize) -> io::Result<()> {
        self.raw("]")?;
        // only on text that would have passed the output bound (crate::bounds)
        if truncated > 0 {
            self.raw(",\"truncated\":")?;
            self.num(truncated)?;
        }
        self.raw("}")
    }
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

fn block_name(k: BlockKind) -> &'static str {
    match k {
        BlockKind::Body => "body",
        BlockKind::Heading => "heading",
        BlockKind::Boilerplate => "boilerplate",
    }
}

fn gender_name(g: crate::lexicon::Gender) -> &'static str {
    match g {
        crate::lexicon::Gender::Male => "male",
        crate::lexicon::Gender::Female => "female",
    }
}

fn evidence_name(e: Evidence) -> &'static str {
    match e {
        Evidence::Cue => "cue",
        Evidence::Pronoun => "pronoun",
        Evidence::Continuation => "continuation",
    }
}

impl<W: io::Write> Json<'_, '_, W> {
    fn raw(&mut self, s: &str) -> io::Result<()> {
        self.w.write_all(s.as_bytes())
    }

    /// Opens a record: a comma before all but the list's first.
    fn open(&mut self) -> io::Result<()> {
        let first = std::mem::replace(&mut self.first, false);
        self.raw(if first { "{" } else { ",{" })
    }

    fn num(&mut self, n: usize) -> io::Result<()> {
        self.w.write_all(digits(n as u64, &mut [0; 20]))
    }

    /// A string that needs no escaping (an enum's name, a rule's), as serde_json prints it;
    /// anything else goes through [`Json::value`].
    fn name(&mut self, s: &str) -> io::Result<()> {
        if s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            self.raw("\"")?;
            self.raw(s)?;
            self.raw("\"")
        } else {
            self.string(s)
        }
    }

    /// A string escaped as serde_json escapes it: `"`, `\\` and the control chars below
    /// U+0020, nothing else. By hand: quotations and names are most of the output, and eight
    /// bytes at a time are checked for anything to escape (serde_json looks at each byte).
    fn string(&mut self, s: &str) -> io::Result<()> {
        self.raw("\"")?;
        let b = s.as_bytes();
        let mut done = 0; // written up to here
        let mut i = 0;
        while i < b.len() {
            if let Some(chunk) = b.get(i..i + 8) {
                if !crate::scan::needs_json_escape(u64::from_le_bytes(chunk.try_into().expect("eight bytes"))) {
                    i += 8;
                    continue;
                }
            }
            // a byte to escape among the next eight (or the last few bytes): one at a time
            for j in i..b.len().min(i + 8) {
                if let Some(escaped) = escape(b[j], &mut [0; 6]) {
                    self.w.write_all(&b[done..j])?;
                    self.w.write_all(escaped)?;
                    done = j + 1;
                }
            }
            i += 8;
        }
        self.w.write_all(&b[done..])?;
        self.raw("\"")
    }

    /// A string, an enum or a small value, escaped as serde_json escapes.
    fn value<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> io::Result<()> {
        serde_json::to_writer(&mut *self.w, v).map_err(io::Error::other)
    }

    /// `{"end":E,"start":S,"text":T}`.
    fn span_object(&mut self, s: &SpanRecord<'_>) -> io::Result<()> {
        self.raw("{\"end\":")?;
        self.num(s.end)?;
        self.raw(",\"start\":")?;
        self.num(s.start)?;
        self.raw(",\"text\":")?;
        self.string(s.text)?;
        self.raw("}")
    }
}

/// The escape serde_json writes for byte `b` of a string, if any: `\"`, `\\`, the short
/// escapes of backspace, form feed, line feed, carriage return and tab, `\u00XX` for the other
/// control chars.
fn escape(b: u8, buf: &mut [u8; 6]) -> Option<&[u8]> {
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x00..=0x1F => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            *buf = [b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]];
            return Some(&buf[..]);
        }
        _ => return None,
    };
    buf[0] = b'\\';
    buf[1] = short;
    Some(&buf[..2])
}

/// The decimal digits of `n`, written into `buf` from its end. By hand: the formatting
/// machinery of `write!` cost more than the rest of an offset's conversion, and it weighs on
/// the browser builds.
/// Two digits at a time from a table of "00" to "99": half the divisions (offsets have
/// five to seven digits, and the output has several numbers per annotation).
pub fn digits(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    const PAIRS: [u8; 200] = {
        let mut t = [0u8; 200];
        let mut i = 0;
        while i < 100 {
            t[2 * i] = b'0' + (i / 10) as u8;
            t[2 * i + 1] = b'0' + (i % 10) as u8;
            i += 1;
        }
        t
    };
    let mut at = buf.len();
    while n >= 100 {
        let pair = 2 * (n % 100) as usize;
        n /= 100;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = 2 * n as usize;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        at -= 1;
        buf[at] = b'0' + n as u8;
    }
    &buf[at..]
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
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // every byte below 0x80 at every position of an eight-byte chunk, next to non-ASCII
        // text, and strings of every length around the chunk size
        let mut cases: Vec<String> = (0u8..0x80)
            .flat_map(|c| (0..10).map(move |at| format!("{}{}é “q”{}", "a".repeat(at), c as char, "z".repeat(at))))
            .collect();
        cases.extend((0..20).map(|n| "\"\\\n".repeat(n)));
        cases.extend((0..20).map(|n| "ab“".repeat(n)));
        for s in &cases {
            let mut out = Vec::new();
            Json { w: &mut out, id: None, unit: Unit::Utf16, first: true }.string(s).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn digits_are_the_decimal_number() {
        let powers = (0..20).flat_map(|e| {
            let p = 10u64.pow(e);
            [p - 1, p, p + 1]
        });
        for n in (0..100_000).chain(powers).chain([1_000_003, u64::MAX - 1, u64::MAX]) {
            assert_eq!(super::digits(n, &mut [0; 20]), n.to_string().as_bytes(), "{n}");
        }
    }

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
        for k in [BlockKind::Body, BlockKind::Heading, BlockKind::Boilerplate] {
            assert_eq!(quoted(block_name(k)), json(&k));
        }
        for g in [crate::lexicon::Gender::Male, crate::lexicon::Gender::Female] {
            assert_eq!(quoted(gender_name(g)), json(&g));
        }
    }
}
