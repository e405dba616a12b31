//! CSV for spreadsheets: one row per annotation, in document order, rejected ones included
//! (their `status` says so).
//!
//! Columns: `id, kind, text, speaker, cue, status, verdict, note, tags, evidence`; tags are
//! joined by `"; "`, evidence links by a space (links hold none). RFC 4180: rows end in CRLF,
//! a field holding a comma, a double quote, CR or LF is put in double quotes with its quotes
//! doubled; newlines inside fields are kept.
//!
//! Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and,
//! in some, tab or CR) as a formula, and article text or a note can start that way. Such cells
//! get a leading `'`, which spreadsheets show as text (OWASP's advice). No byte-order mark is
//! written; prepend `"\u{feff}"` when Excel must detect UTF-8.

use crate::ReviewDoc;

/// The header row's names.
pub const COLUMNS: [&str; 10] =
    ["id", "kind", "text", "speaker", "cue", "status", "verdict", "note", "tags", "evidence"];

/// One cell: formula-guarded, then quoted when it must be.
pub fn cell(value: &str) -> String {
    let guarded =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn row(out: &mut String, cells: &[&str]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell(c));
    }
    out.push_str("\r\n");
}

/// The document's annotations as CSV, with a header row.
pub fn to_csv(doc: &ReviewDoc) -> String {
    let mut out = String::new();
    row(&mut out, &COLUMNS);
    for a in &doc.annotations {
        let speaker = doc.speaker_of(a).map_or("", |s| s.name.as_str());
        let cue = a.cue.map_or("", |(s, e)| doc.slice(s, e));
        let tags = a.tags.join("; ");
        let evidence = a.evidence.join(" ");
        row(
            &mut out,
            &[
                &a.id,
                a.kind.as_str(),
                doc.text_of(a),
                speaker,
                cue,
                a.status.as_str(),
                a.verdict.as_str(),
                &a.note,
                &tags,
                &evidence,
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testdoc::{find, rich};
    use crate::{Edit, NewAnnotation, ReviewKind};

    /// An RFC 4180 reader, to check what a spreadsheet would get.
    fn parse(csv: &str) -> Vec<Vec<String>> {
        let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
        let mut chars = csv.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') if field.is_empty() => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => {
                    assert!(c != '\n' && c != '"', "bare {c:?} outside quotes");
                    field.push(c);
                }
            }
        }
        assert!(!quoted && field.is_empty() && row.is_empty(), "unterminated row");
        rows
    }

    #[test]
    fn cells_quote_and_guard() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell(""), "");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("cr\r\nlf"), "\"cr\r\nlf\"");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+31 6"), "'+31 6");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assert_eq!(cell("a=1"), "a=1", "only the first character matters");
        assert_eq!(cell("<script>alert(1)</script>"), "<script>alert(1)</script>");
    }

    #[test]
    fn one_row_per_annotation_and_every_field_back() {
        let mut d = rich();
        d.apply(Edit::Add(NewAnnotation {
            note: "=2+3, \"x\"\nnext".into(),
            ..NewAnnotation::new(ReviewKind::Note, 0, 5)
        }))
        .unwrap();
        let csv = to_csv(&d);
        assert!(csv.ends_with("\r\n"));
        let rows = parse(&csv);
        assert_eq!(rows[0], COLUMNS);
        assert_eq!(rows.len(), d.annotations.len() + 1);
        let unguard = |s: &str| {
            s.strip_prefix('\'').filter(|r| r.starts_with(['=', '+', '-', '@', '\t', '\r'])).unwrap_or(s).to_string()
        };
        for (row, a) in rows[1..].iter().zip(&d.annotations) {
            assert_eq!(row.len(), COLUMNS.len());
            assert_eq!(row[0], a.id);
            assert_eq!(unguard(&row[2]), d.text_of(a));
            assert_eq!(row[3], d.speaker_of(a).map_or("", |s| s.name.as_str()));
            assert_eq!(row[5], a.status.as_str());
            assert_eq!(row[6], a.verdict.as_str());
            assert_eq!(unguard(&row[7]), a.note);
            assert_eq!(unguard(&row[8]), a.tags.join("; "));
            assert_eq!(row[9], a.evidence.join(" "));
            for c in row {
                assert!(!c.starts_with(['=', '+', '-', '@', '\t', '\r']), "formula cell {c:?}");
            }
        }
        let claim = &rows[1..][d.position(&find(&d, "<script>")).unwrap()];
        assert_eq!(claim[2], "the increase was <script>alert(1)</script> unfair");
        assert_eq!(claim[4], "said");
        assert_eq!(claim[7], "says \"unfair\", line 1\r\nline 2, <img src=x onerror=alert(3)>");
        assert_eq!(claim[8], "'=SUM(A1:A9); fares, fuel; -1");
        let rejected = &rows[1..][d.position(&find(&d, "onmouseover")).unwrap()];
        assert_eq!((rejected[5].as_str(), rejected[7].as_str()), ("rejected", "\" onmouseover=alert(1) \""));
        let cmd = &rows[1..][d.position(&find(&d, "calc")).unwrap()];
        assert_eq!(cmd[2], "'=cmd|' /C calc'!A0");
        assert!(csv.contains("\"'=2+3, \"\"x\"\"\nnext\""));
    }
}
