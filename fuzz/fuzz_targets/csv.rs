//! CSV of the review document of any text: one record per annotation plus the header, each
//! with the header's number of fields, read back by an RFC 4180 reader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotelens_review::formats::to_csv;
use quotelens_review::ReviewDoc;

/// Records of RFC 4180 CSV (quoted fields may hold commas, quotes and line ends).
fn records(csv: &str) -> Vec<Vec<String>> {
    let (mut out, mut rec, mut field) = (Vec::new(), Vec::new(), String::new());
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
            (false, '"') => quoted = true,
            (false, ',') => rec.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                rec.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut rec));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "a quoted field never closed");
    if !field.is_empty() || !rec.is_empty() {
        rec.push(field);
        out.push(rec);
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = ReviewDoc::from_text("fuzz", "", text.as_ref(), 0.0);
    let csv = to_csv(&doc);
    let rows = records(&csv);
    assert_eq!(rows.len(), doc.annotations.len() + 1, "one record per annotation and a header");
    for r in &rows {
        assert_eq!(r.len(), rows[0].len());
        // formulas are defused: no cell starts a formula a spreadsheet would run
        for cell in r {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
        }
    }
});
