//! The widget's large import, phase by phase (numbers to read, not asserted): 50,000 notes on
//! the words of a short article, as the widget's end-to-end test makes them.
//! `cargo run --release -p quotelens-review --example import_bench`

use std::time::Instant;

use quotelens_review::formats::{self, to_native_json};
use quotelens_review::{Edit, ReviewDoc};

const TEXT: &str = "Harbour dredging to start in spring\nHARBOURVIEW — Dredging of the inner harbour will start in April, the port authority said on Thursday.\n\"We have waited eleven years for this,\" said harbourmaster Ruth Okonjo, who first asked for the work in 2015.\nThe authority said the work would cost 2.3 million pounds, paid from mooring fees.\n\"It will be noisy for six weeks, and then it will be over,\" said Pieter Jansen, the contractor's site manager.\n";

fn main() {
    let doc = ReviewDoc::from_text("d", "t", TEXT, 0.0);
    let base = to_native_json(&doc);
    // word spans in UTF-16 units
    let utf16: Vec<u16> = TEXT.encode_utf16().collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < utf16.len() {
        let w = |c: u16| char::from_u32(c.into()).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if w(utf16[i]) {
            let s = i;
            while i < utf16.len() && w(utf16[i]) {
                i += 1;
            }
            words.push((s, i));
        } else {
            i += 1;
        }
    }
    let mut anns: Vec<(usize, usize, usize)> = (0..50_000)
        .map(|i| {
            let k = i % words.len();
            (words[k].0, words[(k + i % 3).min(words.len() - 1)].1, i)
        })
        .collect();
    anns.sort();
    let items: Vec<String> = anns.iter().map(|(s, e, i)| format!(r#"{{"id":"a{}","kind":"note","start":{s},"end":{e},"status":"suggested","origin":"manual","verdict":"unchecked","evidence":[],"note":"","tags":[],"speaker":null,"cue":null,"source":null}}"#, 100_000 + i)).collect();
    let at = base.find("\"annotations\"").unwrap();
    let json =
        format!("{}\"annotations\": [{}], \"rejected\": [], \"text\": {:?}}}", &base[..at], items.join(","), TEXT);
    println!("file: {} bytes, {} annotations", json.len(), anns.len());

    let t = Instant::now();
    let v = formats::json::parse(&json).unwrap();
    println!("parse: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    drop(v);
    let t = Instant::now();
    let im = formats::import(&json, Some(TEXT)).unwrap();
    println!("parse + decode + check: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let mut d = doc.clone();
    let t = Instant::now();
    for chunk in im.doc.annotations.chunks(2000) {
        let t1 = Instant::now();
        d.apply_undoable(Edit::MergeImported { annotations: chunk.to_vec(), roster: im.doc.speakers.clone() }).unwrap();
        let ms = t1.elapsed().as_secs_f64() * 1e3;
        if ms > 5.0 {
            println!("  slice: {ms:.1} ms");
        }
    }
    println!("merge, 25 slices: {:.1} ms, {} annotations", t.elapsed().as_secs_f64() * 1e3, d.annotations.len());
    let t = Instant::now();
    let out = to_native_json(&d);
    println!("write: {:.1} ms, {} bytes", t.elapsed().as_secs_f64() * 1e3, out.len());
}
