//! Reading and writing [`ReviewDoc`]s: the native JSON (what the app saves), W3C Web
//! Annotation JSON-LD (what other annotation tools read) and CSV (what spreadsheets read).
//!
//! | format | write | read | offsets |
//! |---|---|---|---|
//! | [`native`] | [`to_native_json`] | [`from_native_json`] (with [`migrate`]) | UTF-16 units, as the evaluation scorer reads them |
//! | [`w3c`] | [`to_w3c_json`] | [`from_w3c_json`] (re-anchors moved text) | Unicode code points, as the W3C model says |
//! | [`csv`] | [`to_csv`] | — | none: one row per annotation |
//!
//! [`import`] tells the two JSON formats apart, for an "Open file…" button.
//!
//! Reading is strict: every problem is an [`ImportError`] naming the field
//! (`annotations[3].end`) and the reason, and nothing half-read comes back. A document that
//! reads back always passes [`ReviewDoc::check`]. Nothing here panics on any input.
//!
//! Safety of the output: text is data in every format. The JSON writers escape `<`, `>`, `&`
//! and U+2028/U+2029 as `\u` escapes, so their output can be inlined in an HTML `<script>`
//! element without ending it; the CSV writer defuses spreadsheet formulas. Readers must still
//! render every string as text (never as HTML), and evidence links are http(s) only.

pub mod csv;
pub mod json;
pub mod native;
pub mod w3c;

use std::fmt;

use self::json::{Map, Value};

use crate::{clean_name, id_number, ReviewDoc, Speaker, SpeakerKind, MAX_ID_NUMBER};
use quotelens_extract::offsets::{OffsetIndex, Unit};

pub use self::csv::to_csv;
pub use native::{from_native_json, from_native_value, migrate, to_native_json, NativeReader, NativeWriter};
pub use w3c::{from_w3c_json, json_string, to_w3c_json, to_w3c_value};

/// What kind of problem an import met, for code that reacts to it; people read the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportErrorKind {
    /// Not JSON, or cut short.
    Syntax,
    /// A `schema_version` this build cannot read (newer, or not a number).
    Version,
    /// The other format (W3C given to the native reader, or neither).
    WrongFormat,
    /// A required field is absent.
    Missing,
    /// A field of the wrong JSON type.
    WrongType,
    /// A value outside what the field allows (an unknown enum name, a bad link…).
    BadValue,
    /// An offset outside the text, inside a character, or a reversed span.
    Offset,
    /// An id used twice.
    Duplicate,
    /// An id that refers to nothing (a speaker missing from the roster).
    Reference,
}

/// Why a file could not be read: where (`path`, a field path such as `annotations[3].end`;
/// empty for the whole file) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub kind: ImportErrorKind,
    pub path: String,
    pub reason: String,
}

impl ImportError {
    pub fn new(kind: ImportErrorKind, path: impl Into<String>, reason: impl Into<String>) -> Self {
        ImportError { kind, path: path.into(), reason: reason.into() }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.reason)
        } else {
            write!(f, "{}: {}", self.path, self.reason)
        }
    }
}

impl std::error::Error for ImportError {}

/// Which format [`import`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Native,
    W3c,
}

/// A W3C annotation whose text could not be found in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Orphan {
    /// Its place in the file's list of annotations.
    pub index: usize,
    /// Its Quotelens id, when the file has one.
    pub id: Option<String>,
    /// The quoted text it was looking for.
    pub exact: String,
    pub reason: String,
}

/// A document read from a file, with what had to be repaired on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub doc: ReviewDoc,
    pub format: Format,
    /// Ids of annotations found elsewhere than their stored position said (the text changed).
    pub reanchored: Vec<String>,
    /// Annotations that could not be placed and were left out.
    pub orphans: Vec<Orphan>,
}

/// Reads either JSON format: W3C when the file has an `@context` (or is a list of
/// annotations), native otherwise. `text` is the document text for W3C files that do not carry
/// it (those written by other tools); native files always carry their text.
pub fn import(json: &str, text: Option<&str>) -> Result<Imported, ImportError> {
    import_value(parse(json)?, text)
}

/// [`import`] of a file already read as JSON (the widget reads a large one in slices).
pub fn import_value(value: Value, text: Option<&str>) -> Result<Imported, ImportError> {
    if is_w3c(&value) {
        w3c::from_w3c_value(&value, text)
    } else {
        let doc = native::from_native_value(value)?;
        Ok(Imported { doc, format: Format::Native, reanchored: Vec::new(), orphans: Vec::new() })
    }
}

/// Whether [`import`] reads `value` as W3C (else as native).
pub fn is_w3c(value: &Value) -> bool {
    match value {
        Value::Array(_) => true,
        Value::Object(m) => m.contains_key("@context"),
        _ => false,
    }
}

pub(crate) fn parse(json: &str) -> Result<Value, ImportError> {
    json::parse(json).map_err(syntax)
}

/// The import error of a text that is not JSON.
pub fn syntax(e: json::JsonError) -> ImportError {
    let reason =
        if e.eof { format!("the file ends too early (cut short?): {e}") } else { format!("not valid JSON: {e}") };
    ImportError::new(ImportErrorKind::Syntax, "", reason)
}

/// A byte offset in `unit`, for writing. Offsets of a valid document are on char boundaries;
/// one that is not (a document changed by hand) is moved back to one rather than panicking.
pub(crate) fn units(idx: &OffsetIndex, text: &str, byte: usize, unit: Unit) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    idx.from_byte(b, unit)
}

/// Makes serialized JSON safe to inline in HTML and JavaScript: these characters only ever
/// occur inside JSON strings, where a `\u` escape means the same.
/// (The writers escape these as they write, `json::Pretty::html`; this is what they are tested
/// against.)
#[cfg(test)]
pub(crate) fn html_safe(json: String) -> String {
    // one pass over the bytes (U+2028 and U+2029 are E2 80 A8/A9): a char-set `contains`
    // decodes every char, and was most of the time a save of a 1 MB document took
    let b = json.as_bytes();
    let marked = b.iter().enumerate().any(|(i, &c)| {
        matches!(c, b'<' | b'>' | b'&')
            || (c == 0xE2 && b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)))
    });
    if !marked {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Strict readers of JSON values that name the path of what is wrong.
pub(crate) mod read {
    use super::*;

    pub fn at(path: &str, key: &str) -> String {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    }

    pub fn nth(path: &str, i: usize) -> String {
        format!("{path}[{i}]")
    }

    pub fn type_name(v: &Value) -> &'static str {
        match v {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }

    fn wrong(path: &str, expected: &str, v: &Value) -> ImportError {
        ImportError::new(ImportErrorKind::WrongType, path, format!("expected {expected}, found {}", type_name(v)))
    }

    pub fn obj<'v>(v: &'v Value, path: &str) -> Result<&'v Map, ImportError> {
        v.as_object().ok_or_else(|| wrong(path, "an object", v))
    }

    /// A field that may be absent; `null` counts as absent.
    pub fn opt<'v>(m: &'v Map, key: &str) -> Option<&'v Value> {
        m.get(key).filter(|v| !v.is_null())
    }

    pub fn req<'v>(m: &'v Map, key: &str, path: &str) -> Result<&'v Value, ImportError> {
        opt(m, key).ok_or_else(|| ImportError::new(ImportErrorKind::Missing, at(path, key), "is missing"))
    }

    pub fn string<'v>(v: &'v Value, path: &str) -> Result<&'v str, ImportError> {
        v.as_str().ok_or_else(|| wrong(path, "a string", v))
    }

    pub fn array<'v>(v: &'v Value, path: &str) -> Result<&'v Vec<Value>, ImportError> {
        v.as_array().ok_or_else(|| wrong(path, "a list", v))
    }

    pub fn uint(v: &Value, path: &str) -> Result<usize, ImportError> {
        v.as_u64().and_then(|n| usize::try_from(n).ok()).ok_or_else(|| wrong(path, "a whole number ≥ 0", v))
    }

    /// An id counter (`next_ids`): at most one past [`MAX_ID_NUMBER`].
    pub fn counter(v: &Value, path: &str) -> Result<u64, ImportError> {
        // read as u64: on wasm32 usize would refuse counters past 2^32
        let n = v.as_u64().ok_or_else(|| wrong(path, "a whole number ≥ 0", v))?;
        if n > MAX_ID_NUMBER + 1 {
            return Err(ImportError::new(ImportErrorKind::BadValue, path, format!("{n} is larger than ids go (2^53)")));
        }
        Ok(n)
    }

    pub fn number(v: &Value, path: &str) -> Result<f64, ImportError> {
        v.as_f64().ok_or_else(|| wrong(path, "a number", v))
    }

    pub fn strings(v: &Value, path: &str) -> Result<Vec<String>, ImportError> {
        array(v, path)?.iter().enumerate().map(|(i, s)| string(s, &nth(path, i)).map(str::to_string)).collect()
    }

    /// One of the names in `all` (as `name` writes them).
    pub fn named<T: Copy>(v: &Value, path: &str, all: &[T], name: fn(T) -> &'static str) -> Result<T, ImportError> {
        let s = string(v, path)?;
        all.iter().copied().find(|&t| name(t) == s).ok_or_else(|| {
            let allowed: Vec<&str> = all.iter().map(|&t| name(t)).collect();
            ImportError::new(
                ImportErrorKind::BadValue,
                path,
                format!("unknown value {} (expected one of: {})", json::quoted(s), allowed.join(", ")),
            )
        })
    }

    /// An offset counted in `unit`, as a byte offset into the text behind `idx`.
    pub fn offset(idx: &OffsetIndex, text: &str, v: &Value, unit: Unit, path: &str) -> Result<usize, ImportError> {
        let n = uint(v, path)?;
        let len = idx.from_byte(text.len(), unit);
        let unit_name = match unit {
            Unit::Byte => "bytes",
            Unit::Char => "characters",
            Unit::Utf16 => "UTF-16 units",
        };
        if n > len {
            return Err(ImportError::new(
                ImportErrorKind::Offset,
                path,
                format!("{n} lies outside the text, which is {len} {unit_name} long"),
            ));
        }
        idx.to_byte(n, unit).ok_or_else(|| {
            let what = if unit == Unit::Utf16 {
                "inside a character (between the two halves of a surrogate pair)"
            } else {
                "inside a multi-byte character"
            };
            ImportError::new(ImportErrorKind::Offset, path, format!("{n} ({unit_name}) falls {what}"))
        })
    }

    /// A roster entry.
    pub fn speaker(v: &Value, path: &str) -> Result<Speaker, ImportError> {
        let m = obj(v, path)?;
        let id = string(req(m, "id", path)?, &at(path, "id"))?;
        if id.is_empty() {
            return Err(ImportError::new(ImportErrorKind::BadValue, at(path, "id"), "is empty"));
        }
        let name = clean_name(string(req(m, "name", path)?, &at(path, "name"))?);
        if name.is_empty() {
            return Err(ImportError::new(ImportErrorKind::BadValue, at(path, "name"), "is empty"));
        }
        let kind = match opt(m, "kind") {
            Some(k) => named(k, &at(path, "kind"), SpeakerKind::ALL, SpeakerKind::as_str)?,
            None => SpeakerKind::Unknown,
        };
        Ok(Speaker { id: id.to_string(), name, kind })
    }

    /// A roster read from a list, ids unique.
    pub fn roster(v: Option<&Value>, path: &str) -> Result<Vec<Speaker>, ImportError> {
        let Some(v) = v else { return Ok(Vec::new()) };
        let mut out: Vec<Speaker> = Vec::new();
        // ids seen, by index: a roster of thousands is checked in one pass
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for (i, s) in array(v, path)?.iter().enumerate() {
            let p = nth(path, i);
            let sp = speaker(s, &p)?;
            if let Some(&j) = seen.get(&sp.id) {
                return Err(ImportError::new(
                    ImportErrorKind::Duplicate,
                    at(&p, "id"),
                    format!("{} is used twice (also {})", json::quoted(&sp.id), nth(path, j)),
                ));
            }
            seen.insert(sp.id.clone(), i);
            out.push(sp);
        }
        Ok(out)
    }
}

/// The roster of an import, growing as annotations name speakers only by name.
pub(crate) struct RosterBuilder {
    pub speakers: Vec<Speaker>,
    next: u64,
    /// Index in `speakers` by id, and by lower-cased name (the first of that name): every
    /// annotation looks its speaker up, and walking the roster each time was quadratic.
    by_id: std::collections::HashMap<String, usize>,
    by_name: std::collections::HashMap<String, usize>,
}

impl RosterBuilder {
    pub fn new(speakers: Vec<Speaker>, next: u64) -> Self {
        let used = speakers.iter().filter_map(|s| id_number(&s.id, 's')).max().map_or(1, |n| n.saturating_add(1));
        let mut r = RosterBuilder {
            speakers: Vec::new(),
            next: next.max(used),
            by_id: Default::default(),
            by_name: Default::default(),
        };
        for s in speakers {
            r.push(s);
        }
        r
    }

    fn push(&mut self, s: Speaker) {
        let i = self.speakers.len();
        self.by_id.entry(s.id.clone()).or_insert(i);
        self.by_name.entry(quotelens_extract::case::to_lowercase(&s.name)).or_insert(i);
        self.speakers.push(s);
    }

    /// The roster id for a speaker object: `{"id"}` must be in the roster; `{"name"}` (or a bare
    /// string) finds the entry of that name or adds one.
    pub fn resolve(&mut self, v: &Value, path: &str) -> Result<Option<String>, ImportError> {
        use read::*;
        let (id, name, kind) = match v {
            Value::Null => return Ok(None),
            Value::String(name) => (None, Some(name.as_str()), None),
            Value::Object(m) => (
                opt(m, "id").map(|v| string(v, &at(path, "id"))).transpose()?,
                opt(m, "name").map(|v| string(v, &at(path, "name"))).transpose()?,
                opt(m, "kind")
                    .map(|v| named(v, &at(path, "kind"), SpeakerKind::ALL, SpeakerKind::as_str))
                    .transpose()?,
            ),
            other => {
                return Err(ImportError::new(
                    ImportErrorKind::WrongType,
                    path,
                    format!("expected an object or null, found {}", type_name(other)),
                ))
            }
        };
        if let Some(id) = id {
            return match self.by_id.get(id) {
                Some(&i) => Ok(Some(self.speakers[i].id.clone())),
                None => Err(ImportError::new(
                    ImportErrorKind::Reference,
                    at(path, "id"),
                    format!("{} is not in the list of speakers", json::quoted(id)),
                )),
            };
        }
        let Some(name) = name.map(clean_name).filter(|n| !n.is_empty()) else {
            return Err(ImportError::new(
                ImportErrorKind::Missing,
                at(path, "name"),
                "a speaker needs an id or a name",
            ));
        };
        let key = quotelens_extract::case::to_lowercase(&name);
        if let Some(&i) = self.by_name.get(&key) {
            return Ok(Some(self.speakers[i].id.clone()));
        }
        let id = format!("s{}", self.next);
        self.next = self.next.saturating_add(1);
        self.push(Speaker { id: id.clone(), name, kind: kind.unwrap_or(SpeakerKind::Unknown) });
        Ok(Some(id))
    }

    pub fn next(&self) -> u64 {
        self.next
    }
}

/// A document that exercises every format: emoji, CRLF, markup and formula payloads, every
/// status, verdicts, evidence, notes, tags, manual annotations and a hand-added speaker.
#[cfg(test)]
pub(crate) mod testdoc {
    use crate::*;

    pub const TEXT: &str = "Ferry fares rise 😀 again\r\nHARBORVIEW — \"Prices must follow fuel costs,\" said port manager Ilse Varga.\r\nCritics said the increase was <script>alert(1)</script> unfair, according to a petition.\r\nOne sign read \" onmouseover=alert(2) x=\" and another \"=cmd|' /C calc'!A0\".\r\n";

    pub fn find(d: &ReviewDoc, words: &str) -> String {
        d.annotations
            .iter()
            .find(|a| d.text_of(a).contains(words))
            .unwrap_or_else(|| panic!("no annotation with {words:?}"))
            .id
            .clone()
    }

    /// Built by hand rather than extracted, so that changes to extraction leave these tests be.
    pub fn rich() -> ReviewDoc {
        let mut d = ReviewDoc::new("doc/7 ü", "Fares </script><b>rise</b>", TEXT, 1_767_225_600_000.0);
        let span = |words: &str| {
            let s = TEXT.find(words).unwrap_or_else(|| panic!("{words:?} not in the text"));
            (s, s + words.len())
        };
        for (name, kind) in
            [("Ilse Varga", SpeakerKind::Person), ("Critics", SpeakerKind::Group), ("One sign", SpeakerKind::Unknown)]
        {
            let id = d.peek_speaker_id();
            d.next_speaker += 1;
            d.speakers.push(Speaker { id, name: name.into(), kind });
        }
        let extracted = [
            (ReviewKind::Quote, "Prices must follow fuel costs,", "s1", "said", "Ilse Varga"),
            (ReviewKind::Claim, "the increase was <script>alert(1)</script> unfair", "s2", "said", "Critics"),
            (ReviewKind::Quote, " onmouseover=alert(2) x=", "s3", "read", "One sign"),
            (ReviewKind::Quote, "=cmd|' /C calc'!A0", "s3", "read", "One sign"),
        ];
        for (kind, words, speaker, cue, source) in extracted {
            let (start, end) = span(words);
            let id = d.peek_annotation_id();
            d.next_annotation += 1;
            d.annotations.push(ReviewAnnotation {
                id,
                kind,
                start,
                end,
                speaker: Some(speaker.into()),
                cue: Some(span(cue)),
                source: Some(span(source)),
                status: Status::Suggested,
                origin: Origin::Extracted,
                verdict: Verdict::Unchecked,
                evidence: Vec::new(),
                note: String::new(),
                tags: Vec::new(),
            });
        }
        crate::sort::sort_by(&mut d.annotations, annotation_order);
        assert!(d.check().is_ok(), "{:?}", d.check());
        let quote = find(&d, "Prices must");
        let claim = find(&d, "<script>");
        let sign = find(&d, "onmouseover");
        let emoji = TEXT.find('😀').unwrap();
        let edits = vec![
            Edit::accept(&quote),
            Edit::SetVerdict { id: claim.clone(), verdict: Verdict::Disputed },
            Edit::AddEvidence { id: claim.clone(), link: "https://example.org/fares?a=1&b=2".into() },
            Edit::AddEvidence { id: claim.clone(), link: "example.net/petition".into() },
            Edit::SetNote {
                id: claim.clone(),
                note: "says \"unfair\", line 1\r\nline 2, <img src=x onerror=alert(3)>".into(),
            },
            Edit::SetTags { id: claim.clone(), tags: vec!["=SUM(A1:A9)".into(), "fares, fuel".into(), "-1".into()] },
            Edit::reject(&sign),
            Edit::SetNote { id: sign.clone(), note: "\" onmouseover=alert(1) \"".into() },
            Edit::Add(NewAnnotation {
                kind: ReviewKind::Note,
                start: emoji,
                end: emoji + '😀'.len_utf8() + " again".len(),
                speaker: SpeakerRef::Name { name: "<b>Desk</b> & Co".into(), kind: SpeakerKind::Group },
                note: "@mention +plus".into(),
                tags: vec!["emoji 😀".into()],
            }),
            Edit::Add(NewAnnotation::new(ReviewKind::Claim, 0, "Ferry fares rise".len())),
        ];
        for e in edits {
            d.apply(e).unwrap();
        }
        d.touch(1_767_225_660_123.5);
        d
    }
}

#[cfg(test)]
mod html_safe_tests {
    #[test]
    fn every_character_that_ends_a_script_is_escaped_and_nothing_else() {
        assert_eq!(super::html_safe("\"a\u{2029}b\u{2028}\"".into()), "\"a\\u2029b\\u2028\"");
        assert_eq!(super::html_safe("\"</x>&\"".into()), "\"\\u003c/x\\u003e\\u0026\"");
        // other characters with the same first byte (U+2020 †, U+20AC €) stay as they are
        let plain = "\"\u{2020} \u{20ac} é 😀\"".to_string();
        assert_eq!(super::html_safe(plain.clone()), plain);
    }
}
