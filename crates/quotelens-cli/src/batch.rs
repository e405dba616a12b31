//! Batch mode: JSON Lines in, one result per line out, in input order, on every core.
//!
//! Lines are read in chunks; each chunk is split across scoped threads and written back in
//! order before the next chunk is read, so memory stays bounded by the chunk size.

use std::io::{BufRead, Write};

use quotelens_core::offsets::Unit;
use quotelens_core::{export, extract};
use serde_json::{json, Value};

const CHUNK: usize = 256;

fn process(line: &str, n: usize, unit: Unit) -> Value {
    let parsed: Result<Value, _> = serde_json::from_str(line);
    let (id, text) = match parsed {
        Ok(Value::String(s)) => (json!(n), s),
        Ok(Value::Object(mut m)) => match m.remove("text") {
            Some(Value::String(s)) => (m.remove("id").unwrap_or(json!(n)), s),
            _ => {
                return json!({"id": m.remove("id").unwrap_or(json!(n)), "line": n, "error": "the object has no \"text\" string"})
            }
        },
        Ok(_) => return json!({"id": n, "line": n, "error": "a line must be a JSON string or an object with \"text\""}),
        Err(e) => return json!({"id": n, "line": n, "error": format!("not JSON: {e}")}),
    };
    let doc = extract(&text);
    let mut v = export::to_json(&text, &doc, unit);
    v.as_object_mut().unwrap().insert("id".into(), id);
    v
}

pub fn run(input: Box<dyn BufRead>, out: &mut impl Write, unit: Unit, threads: usize) -> Result<(), String> {
    let mut lines = input.lines().enumerate();
    let mut errors = 0usize;
    loop {
        let mut chunk: Vec<(usize, String)> = Vec::with_capacity(CHUNK);
        for (n, line) in lines.by_ref() {
            let line = line.map_err(|e| format!("line {}: cannot read: {e}", n + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            chunk.push((n + 1, line));
            if chunk.len() == CHUNK {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let per = chunk.len().div_ceil(threads);
        let results: Vec<Value> = std::thread::scope(|s| {
            let handles: Vec<_> = chunk
                .chunks(per)
                .map(|part| s.spawn(move || part.iter().map(|(n, l)| process(l, *n, unit)).collect::<Vec<_>>()))
                .collect();
            handles.into_iter().flat_map(|h| h.join().expect("extraction thread panicked")).collect()
        });
        for r in results {
            errors += r.get("error").is_some() as usize;
            serde_json::to_writer(&mut *out, &r).map_err(|e| e.to_string())?;
            writeln!(out).map_err(|e| e.to_string())?;
        }
    }
    if errors > 0 {
        eprintln!("quotelens batch: {errors} line(s) could not be read; see their \"error\" fields");
    }
    Ok(())
}
