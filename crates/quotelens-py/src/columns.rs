//! The output of many articles as Arrow columns: the buffers `quotelens.arrow` wraps into
//! `pyarrow` arrays without parsing anything.
//!
//! [`Columns`] is an [`export::Sink`]: the core's [`export::walk`] hands it the same records it
//! hands the JSON writer, so a row holds the values `quotelens batch` prints for that article.
//! Reading that JSON back with `pyarrow.json` cost a third of the Python side's time.
//!
//! Each buffer is named by its field's path in `quotelens.arrow.SCHEMA` ("annotations.cue.start")
//! and a suffix: none for an `int64`'s values, `:offsets` and `:data` for a string, `:offsets` for
//! a list, `:valid` for the validity bitmap of a field that may be null. `rows:valid` says which
//! rows had a text. Offsets are `int32` (pieces stay far below 2 GiB of text), values
//! little-endian, bitmaps least significant bit first: Arrow's layout.

use std::io;

use quotelens_extract::export::{
    self, AnnotationRecord, BlockRecord, List, Sink, SpanRecord, SpeakerRecord, StoryRecord,
};
use quotelens_extract::offsets::Unit;
use quotelens_extract::Document;

/// A validity bitmap.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    len: usize,
}

impl Bits {
    fn push(&mut self, set: bool) {
        if self.len.is_multiple_of(8) {
            self.bytes.push(0);
        }
        if set {
            self.bytes[self.len / 8] |= 1 << (self.len % 8);
        }
        self.len += 1;
    }
}

/// `int32` offsets into a child (a list's items, a string's bytes), starting at 0.
struct Offsets(Vec<i32>);

impl Default for Offsets {
    fn default() -> Self {
        Offsets(vec![0])
    }
}

impl Offsets {
    fn push(&mut self, end: usize) -> io::Result<()> {
        let end = i32::try_from(end).map_err(|_| io::Error::other("more than 2 GiB in one column"))?;
        self.0.push(end);
        Ok(())
    }
}

#[derive(Default)]
struct Strings {
    offsets: Offsets,
    data: Vec<u8>,
}

impl Strings {
    fn push(&mut self, s: &str) -> io::Result<()> {
        self.data.extend_from_slice(s.as_bytes());
        self.offsets.push(self.data.len())
    }
}

/// A nullable string: a null still takes a slot (empty) under its cleared bit.
#[derive(Default)]
struct MaybeStrings {
    valid: Bits,
    values: Strings,
}

impl MaybeStrings {
    fn push(&mut self, s: Option<&str>) -> io::Result<()> {
        self.valid.push(s.is_some());
        self.values.push(s.unwrap_or(""))
    }
}

/// `start`, `end`, `text`.
#[derive(Default)]
struct Spans {
    start: Vec<i64>,
    end: Vec<i64>,
    text: Strings,
}

impl Spans {
    fn push(&mut self, s: &SpanRecord<'_>) -> io::Result<()> {
        self.start.push(s.start as i64);
        self.end.push(s.end as i64);
        self.text.push(s.text)
    }
}

/// A nullable span struct.
#[derive(Default)]
struct MaybeSpans {
    valid: Bits,
    values: Spans,
}

impl MaybeSpans {
    fn push(&mut self, s: Option<&SpanRecord<'_>>) -> io::Result<()> {
        self.valid.push(s.is_some());
        self.values.push(s.unwrap_or(&SpanRecord { start: 0, end: 0, text: "" }))
    }
}

/// The columns of `quotelens.arrow.SCHEMA` but `offset_unit` (one value, made in Python).
#[derive(Default)]
pub struct Columns {
    rows: Bits,
    // annotations
    annotations: Offsets,
    a_id: Vec<i64>,
    a_kind: Strings,
    a_span: Spans,
    a_speaker_valid: Bits,
    a_speaker_id: Vec<i64>,
    a_speaker_name: Strings,
    a_speaker_kind: Strings,
    a_form: MaybeStrings,
    a_source: MaybeSpans,
    a_cue: MaybeSpans,
    a_evidence: MaybeStrings,
    a_rule: Strings,
    a_story: Vec<i64>,
    // blocks
    blocks: Offsets,
    b_span: Spans,
    b_kind: Strings,
    // speakers
    speakers: Offsets,
    s_id: Vec<i64>,
    s_name: Strings,
    s_kind: Strings,
    s_gender: MaybeStrings,
    s_quotes: Vec<i64>,
    s_claims: Vec<i64>,
    // stories
    stories: Offsets,
    t_start: Vec<i64>,
    t_end: Vec<i64>,
    t_dateline: MaybeSpans,
    t_place: Strings,
    t_agency: MaybeStrings,
    t_date: MaybeStrings,
}

impl Columns {
    /// Adds one row: `doc`'s output for `text`, or a row of nulls for a missing text.
    pub fn push(&mut self, article: Option<(&str, &Document)>, unit: Unit) -> io::Result<()> {
        self.rows.push(article.is_some());
        match article {
            Some((text, doc)) => export::walk(self, text, doc, unit),
            None => {
                // empty lists under a cleared row bit
                self.annotations.push(self.a_id.len())?;
                self.blocks.push(self.b_kind.offsets.0.len() - 1)?;
                self.speakers.push(self.s_id.len())?;
                self.stories.push(self.t_start.len())
            }
        }
    }

    /// Every buffer by name (see the module's documentation).
    pub fn into_buffers(self) -> Vec<(String, Vec<u8>)> {
        let mut out = Buffers(Vec::new());
        out.bits("rows:valid", self.rows);
        out.offsets("annotations:offsets", self.annotations);
        out.ints("annotations.id", self.a_id);
        out.strings("annotations.kind", self.a_kind);
        out.spans("annotations", self.a_span);
        out.bits("annotations.speaker:valid", self.a_speaker_valid);
        out.ints("annotations.speaker.id", self.a_speaker_id);
        out.strings("annotations.speaker.name", self.a_speaker_name);
        out.strings("annotations.speaker.kind", self.a_speaker_kind);
        out.maybe_strings("annotations.form", self.a_form);
        out.maybe_spans("annotations.source", self.a_source);
        out.maybe_spans("annotations.cue", self.a_cue);
        out.maybe_strings("annotations.evidence", self.a_evidence);
        out.strings("annotations.rule", self.a_rule);
        out.ints("annotations.story", self.a_story);
        out.offsets("blocks:offsets", self.blocks);
        out.spans("blocks", self.b_span);
        out.strings("blocks.kind", self.b_kind);
        out.offsets("speakers:offsets", self.speakers);
        out.ints("speakers.id", self.s_id);
        out.strings("speakers.name", self.s_name);
        out.strings("speakers.kind", self.s_kind);
        out.maybe_strings("speakers.gender", self.s_gender);
        out.ints("speakers.quotes", self.s_quotes);
        out.ints("speakers.claims", self.s_claims);
        out.offsets("stories:offsets", self.stories);
        out.ints("stories.start", self.t_start);
        out.ints("stories.end", self.t_end);
        out.maybe_spans("stories.dateline", self.t_dateline);
        out.strings("stories.dateline.place", self.t_place);
        out.maybe_strings("stories.dateline.agency", self.t_agency);
        out.maybe_strings("stories.dateline.date", self.t_date);
        out.0
    }
}

impl Sink for Columns {
    fn begin(&mut self, _list: List) -> io::Result<()> {
        Ok(())
    }

    fn annotation(&mut self, a: &AnnotationRecord<'_>) -> io::Result<()> {
        self.a_id.push(a.id as i64);
        self.a_kind.push(a.kind)?;
        self.a_span.push(&a.span)?;
        self.a_speaker_valid.push(a.speaker.is_some());
        self.a_speaker_id.push(a.speaker.map_or(0, |s| s.id as i64));
        self.a_speaker_name.push(a.speaker.map_or("", |s| s.name))?;
        self.a_speaker_kind.push(a.speaker.map_or("", |s| s.kind))?;
        self.a_form.push(a.form)?;
        self.a_source.push(a.source.as_ref())?;
        self.a_cue.push(a.cue.as_ref())?;
        self.a_evidence.push(a.evidence)?;
        self.a_rule.push(a.rule)?;
        self.a_story.push(a.story as i64);
        Ok(())
    }

    fn block(&mut self, b: &BlockRecord<'_>) -> io::Result<()> {
        self.b_span.push(&b.span)?;
        self.b_kind.push(b.kind)
    }

    fn speaker(&mut self, s: &SpeakerRecord<'_>) -> io::Result<()> {
        self.s_id.push(s.id as i64);
        self.s_name.push(s.name)?;
        self.s_kind.push(s.kind)?;
        self.s_gender.push(s.gender)?;
        self.s_quotes.push(s.quotes as i64);
        self.s_claims.push(s.claims as i64);
        Ok(())
    }

    fn story(&mut self, s: &StoryRecord<'_>) -> io::Result<()> {
        self.t_start.push(s.start as i64);
        self.t_end.push(s.end as i64);
        self.t_dateline.push(s.dateline.as_ref().map(|d| &d.span))?;
        self.t_place.push(s.dateline.map_or("", |d| d.place))?;
        self.t_agency.push(s.dateline.and_then(|d| d.agency))?;
        self.t_date.push(s.dateline.and_then(|d| d.date))
    }

    fn end(&mut self, truncated: usize) -> io::Result<()> {
        if truncated > 0 {
            // the JSON has a "truncated" count the schema has no column for
            return Err(io::Error::other(format!(
                "its output passed the bound of 20 bytes of JSON per byte of text ({truncated} annotations left out)"
            )));
        }
        self.annotations.push(self.a_id.len())?;
        self.blocks.push(self.b_kind.offsets.0.len() - 1)?;
        self.speakers.push(self.s_id.len())?;
        self.stories.push(self.t_start.len())
    }
}

/// The named buffers, in Arrow's byte layout.
struct Buffers(Vec<(String, Vec<u8>)>);

impl Buffers {
    fn add(&mut self, name: &str, bytes: Vec<u8>) {
        self.0.push((name.to_string(), bytes));
    }

    fn bits(&mut self, name: &str, b: Bits) {
        self.add(name, b.bytes);
    }

    fn offsets(&mut self, name: &str, o: Offsets) {
        self.add(name, o.0.iter().flat_map(|v| v.to_le_bytes()).collect());
    }

    fn ints(&mut self, name: &str, v: Vec<i64>) {
        self.add(name, v.iter().flat_map(|v| v.to_le_bytes()).collect());
    }

    fn strings(&mut self, name: &str, s: Strings) {
        self.offsets(&format!("{name}:offsets"), s.offsets);
        self.add(&format!("{name}:data"), s.data);
    }

    fn maybe_strings(&mut self, name: &str, s: MaybeStrings) {
        self.bits(&format!("{name}:valid"), s.valid);
        self.strings(name, s.values);
    }

    /// `{parent}.start`, `{parent}.end`, `{parent}.text`.
    fn spans(&mut self, parent: &str, s: Spans) {
        self.ints(&format!("{parent}.start"), s.start);
        self.ints(&format!("{parent}.end"), s.end);
        self.strings(&format!("{parent}.text"), s.text);
    }

    fn maybe_spans(&mut self, name: &str, s: MaybeSpans) {
        self.bits(&format!("{name}:valid"), s.valid);
        self.spans(name, s.values);
    }
}
