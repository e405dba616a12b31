//! Batch mode: JSON Lines in, one result per line out, in input order, on every core.
//!
//! The main thread reads lines and writes results; `threads` workers take chunks of lines (up
//! to 64 KB of input, or one longer line) from a shared queue. One line at a time, the reader
//! and a worker woke each other for every article, and the scheduler took a tenth of the run;
//! a chunk is small enough that a long one on one worker leaves the others idle only briefly.
//! At most `2 × threads + 1` chunks are read and not yet written, so memory stays bounded by
//! the threads and the line size, whatever the total input. Results come back out of order
//! and wait in a small map until every earlier chunk is written. With one thread the chunks
//! are processed in the main thread: nothing to hand over.
//!
//! A line is read as bytes: a line that is not UTF-8 gets its own error, like a line that is
//! not JSON, and every line around it is still processed. A read error (a failing disk or
//! pipe) ends the input: every line read before it is still processed and written, then the
//! error is reported.

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
struct Line {
    n: usize,
    at: u64,
    bytes: Vec<u8>,
}

/// Lines handed to a worker together (see the module doc), numbered in input order.
struct Job {
    seq: usize,
    lines: Vec<Line>,
}

/// A chunk's result lines, JSON each with its newline, and how many are errors.
struct Done {
    seq: usize,
    out: Vec<u8>,
    errors: usize,
}

/// How much input a chunk holds (at least one line, whatever its length).
const CHUNK_BYTES: usize = 64 * 1024;

/// Writes an error line to `out`.
fn error_line(out: &mut Vec<u8>, id: &Value, n: usize, message: &str, byte: Option<u64>) {
    let mut v = json!({"id": id, "line": n, "error": message});
    if let Some(b) = byte {
        v["byte"] = json!(b);
    }
    serde_json::to_writer(&mut *out, &v).expect("a JSON value always serializes");
    out.push(b'\n');
}

fn process_chunk(job: Job, opts: Options) -> Done {
    let mut out = Vec::new();
    let mut errors = 0;
    for line in job.lines {
        errors += usize::from(!process(line, opts, &mut out));
    }
    Done { seq: job.seq, out, errors }
}

/// Writes the result line of `line` to `out`: its annotations, or an error (`false`).
fn process(line: Line, opts: Options, out: &mut Vec<u8>) -> bool {
    let Line { n, at, bytes } = line;
    let line = match std::str::from_utf8(&bytes) {
        Ok(l) => l,
        Err(e) => {
            let k = e.valid_up_to();
            let msg =
                format!("not UTF-8: the first bad byte is byte {k} of the line, byte {} of the input", at + k as u64);
            error_line(out, &json!(n), n, &msg, Some(at + k as u64));
            return false;
        }
    };
    let parsed: Result<Value, _> = serde_json::from_str(line);
    let (id, text) = match parsed {
        Ok(Value::String(s)) => (json!(n), s),
        Ok(Value::Object(mut m)) => match m.remove("text") {
            Some(Value::String(s)) => (m.remove("id").unwrap_or(json!(n)), s),
            _ => {
                let id = m.remove("id").unwrap_or(json!(n));
                error_line(out, &id, n, "the object has no \"text\" string", None);
                return false;
            }
        },
        Ok(_) => {
            error_line(out, &json!(n), n, "a line must be a JSON string or an object with \"text\"", None);
            return false;
        }
        Err(e) => {
            error_line(out, &json!(n), n, &format!("not JSON: {e}"), None);
            return false;
        }
    };
    let text = if opts.keep_newlines { text } else { quotelens_eval::into_universal_newlines(text) };
    let doc = extract(&text);
    out.reserve(text.len() * 4 + 256);
    export::write_json(&mut *out, &text, &doc, opts.unit, Some(&id)).expect("writing to memory cannot fail");
    out.push(b'\n');
    true
}

/// The input, read a line and a chunk at a time. A read error ends it: the lines before it
/// are still handed out, and the error is kept for the end.
struct Reader {
    input: Box<dyn BufRead>,
    n: usize,
    at: u64,
    seq: usize,
    error: Option<String>,
}

impl Reader {
    fn next_line(&mut self) -> Option<Line> {
        while self.error.is_none() {
            let mut bytes = Vec::new();
            let read = match self.input.read_until(b'\n', &mut bytes) {
                Ok(read) => read,
                Err(e) => {
                    self.error = Some(format!("line {}: cannot read: {e}", self.n + 1));
                    return None;
                }
            };
            if read == 0 {
                return None;
            }
            self.n += 1;
            let start = self.at;
            self.at += read as u64;
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Line { n: self.n, at: start, bytes });
        }
        None
    }

    fn next_chunk(&mut self) -> Option<Job> {
        let mut lines = Vec::new();
        let mut size = 0;
        while size < CHUNK_BYTES {
            let Some(line) = self.next_line() else { break };
            size += line.bytes.len() + 1;
            lines.push(line);
        }
        self.seq += 1;
        (!lines.is_empty()).then_some(Job { seq: self.seq, lines })
    }
}

pub fn run(input: Box<dyn BufRead>, out: &mut impl Write, opts: Options, threads: usize) -> Result<(), String> {
    let mut reader = Reader { input, n: 0, at: 0, seq: 0, error: None };
    let mut errors = 0usize;
    if threads <= 1 {
        while let Some(job) = reader.next_chunk() {
            let done = process_chunk(job, opts);
            errors += done.errors;
            out.write_all(&done.out).map_err(|e| format!("cannot write output: {e}"))?;
        }
    } else {
        on_threads(&mut reader, out, opts, threads, &mut errors)?;
    }
    if errors > 0 {
        eprintln!("quotelens batch: {errors} line(s) could not be read; see their \"error\" fields");
    }
    reader.error.map_or(Ok(()), Err)
}

/// [`run`] with `threads` workers (see the module doc).
fn on_threads(
    reader: &mut Reader,
    out: &mut impl Write,
    opts: Options,
    threads: usize,
    errors: &mut usize,
) -> Result<(), String> {
    let window = 2 * threads + 1;
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    std::thread::scope(|s| -> Result<(), String> {
        for _ in 0..threads {
            let (rx, tx) = (Arc::clone(&job_rx), done_tx.clone());
            s.spawn(move || loop {
                // (the lock is held only to take a job, not while processing it)
                let job = rx.lock().map_err(|_| ()).and_then(|r| r.recv().map_err(|_| ()));
                let Ok(job) = job else { return };
                if tx.send(process_chunk(job, opts)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let (mut in_flight, mut eof) = (0usize, false);
        let mut next_out = 1; // the chunk to write next
        let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
        let result = (|| -> Result<(), String> {
            loop {
                while !eof && in_flight < window {
                    match reader.next_chunk() {
                        Some(job) => {
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
                waiting.insert(d.seq, d);
                while let Some(d) = waiting.remove(&next_out) {
                    next_out += 1;
                    in_flight -= 1;
                    *errors += d.errors;
                    out.write_all(&d.out).map_err(|e| format!("cannot write output: {e}"))?;
                }
            }
        })();
        drop(job_tx);
        result
    })
}
