//! Batch mode: JSON Lines in, one result per line out, in input order, on every core.
//!
//! The main thread reads lines and writes results; `threads` workers take lines one at a time
//! from a shared queue, so a long article on one worker never leaves the other idle until a
//! chunk ends. At most `2 × threads + 1` lines are read and not yet written, so memory stays
//! bounded by the threads and the line size, whatever the total input. Results come back out
//! of order and wait in a small map until every earlier line is written.
//!
//! A line is read as bytes: a line that is not UTF-8 gets its own error, like a line that is
//! not JSON, and every line around it is still processed.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use quotelens_extract::offsets::Unit;
use quotelens_extract::{export, extract};
use serde_json::{json, Value};

/// How a line is read: the offset unit, and whether CRLF and CR stay as they are.
#[derive(Clone, Copy)]
pub struct Options {
    pub unit: Unit,
    pub keep_newlines: bool,
}

/// One line to process: its number (1-based), the byte offset where it starts, its bytes.
struct Job {
    n: usize,
    at: u64,
    bytes: Vec<u8>,
}

/// A result line, JSON with its newline, and whether it is an error.
struct Done {
    n: usize,
    out: Vec<u8>,
    error: bool,
}

fn error_line(id: &Value, n: usize, message: &str, byte: Option<u64>) -> Done {
    let mut v = json!({"id": id, "line": n, "error": message});
    if let Some(b) = byte {
        v["byte"] = json!(b);
    }
    let mut out = serde_json::to_vec(&v).expect("a JSON value always serializes");
    out.push(b'\n');
    Done { n, out, error: true }
}

fn process(job: Job, opts: Options) -> Done {
    let Job { n, at, bytes } = job;
    let line = match std::str::from_utf8(&bytes) {
        Ok(l) => l,
        Err(e) => {
            let k = e.valid_up_to();
            let msg =
                format!("not UTF-8: the first bad byte is byte {k} of the line, byte {} of the input", at + k as u64);
            return error_line(&json!(n), n, &msg, Some(at + k as u64));
        }
    };
    let parsed: Result<Value, _> = serde_json::from_str(line);
    let (id, text) = match parsed {
        Ok(Value::String(s)) => (json!(n), s),
        Ok(Value::Object(mut m)) => match m.remove("text") {
            Some(Value::String(s)) => (m.remove("id").unwrap_or(json!(n)), s),
            _ => {
                let id = m.remove("id").unwrap_or(json!(n));
                return error_line(&id, n, "the object has no \"text\" string", None);
            }
        },
        Ok(_) => return error_line(&json!(n), n, "a line must be a JSON string or an object with \"text\"", None),
        Err(e) => return error_line(&json!(n), n, &format!("not JSON: {e}"), None),
    };
    // the same text `extract` would index: CRLF and CR read as LF unless asked otherwise
    let text = if opts.keep_newlines { text } else { quotelens_eval::into_universal_newlines(text) };
    let doc = extract(&text);
    let mut out = Vec::with_capacity(text.len() * 4 + 256);
    export::write_json(&mut out, &text, &doc, opts.unit, Some(&id)).expect("writing to memory cannot fail");
    out.push(b'\n');
    Done { n, out, error: false }
}

/// Reads the next non-blank line into a job; `None` at the end of the input.
fn next_job(input: &mut dyn BufRead, n: &mut usize, at: &mut u64) -> Result<Option<Job>, String> {
    loop {
        let mut bytes = Vec::new();
        let read = input.read_until(b'\n', &mut bytes).map_err(|e| format!("line {}: cannot read: {e}", *n + 1))?;
        if read == 0 {
            return Ok(None);
        }
        *n += 1;
        let start = *at;
        *at += read as u64;
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        return Ok(Some(Job { n: *n, at: start, bytes }));
    }
}

pub fn run(mut input: Box<dyn BufRead>, out: &mut impl Write, opts: Options, threads: usize) -> Result<(), String> {
    let threads = threads.max(1);
    let window = 2 * threads + 1;
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let mut errors = 0usize;
    std::thread::scope(|s| -> Result<(), String> {
        for _ in 0..threads {
            let (rx, tx) = (Arc::clone(&job_rx), done_tx.clone());
            s.spawn(move || loop {
                // the lock is held only to take a job, never while extracting
                let job = rx.lock().map_err(|_| ()).and_then(|r| r.recv().map_err(|_| ()));
                let Ok(job) = job else { return };
                if tx.send(process(job, opts)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let (mut n, mut at) = (0usize, 0u64);
        let (mut in_flight, mut eof) = (0usize, false);
        // line numbers of the jobs sent, in order, and results waiting for earlier lines
        let mut order = std::collections::VecDeque::new();
        let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
        let result = (|| -> Result<(), String> {
            loop {
                while !eof && in_flight < window {
                    match next_job(&mut *input, &mut n, &mut at)? {
                        Some(job) => {
                            order.push_back(job.n);
                            job_tx.send(job).map_err(|_| "an extraction thread stopped".to_string())?;
                            in_flight += 1;
                        }
                        None => eof = true,
                    }
                }
                if in_flight == 0 {
                    return Ok(());
                }
                let d = done_rx.recv().map_err(|_| "an extraction thread stopped".to_string())?;
                waiting.insert(d.n, d);
                while let Some(d) = order.front().and_then(|k| waiting.remove(k)) {
                    order.pop_front();
                    in_flight -= 1;
                    errors += usize::from(d.error);
                    out.write_all(&d.out).map_err(|e| format!("cannot write output: {e}"))?;
                }
            }
        })();
        // closing the queue ends the workers, also after an error
        drop(job_tx);
        result
    })?;
    if errors > 0 {
        eprintln!("quotelens batch: {errors} line(s) could not be read; see their \"error\" fields");
    }
    Ok(())
}
