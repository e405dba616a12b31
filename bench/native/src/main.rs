//! The benchmark's timer for the Quotelens core: times `extract` on the files, each file one call,
//! the way the peers' timers in ../peers time theirs.
//!
//! * `quotelens-bench [--runs N] [--budget SECONDS] [--warmup-bytes B] FILE...`: warm-up, then timed
//!   passes over all files: at least `--runs` passes (default 5) and at least 2 s of them, until
//!   `--budget` seconds (default 10) are spent, at least one. Prints one JSON line:
//!   `{"tool", "runs", "median_s", "min_s", "annotations"}` (seconds per pass).
//! * `quotelens-bench serve [--warmup-bytes B] FILE...`: warm-up, prints `{"ready": true}`, then
//!   answers each stdin line `RUNS SECONDS` with the times of at least RUNS passes and at least
//!   SECONDS of them, as one JSON line `{"times": [...], "annotations": N}`, until stdin ends.
//!   bench.py drives it this way to alternate blocks of these passes with a peer's passes, so both
//!   are timed on the same machine at the same moments.
//!
//! The files are read as UTF-8 with CRLF and CR as LF. Warm-up: passes over the first
//! `--warmup-bytes` of each file (default 2,000), at least 3 and for at least half a second.

use std::hint::black_box;
use std::io::{BufRead, Write};
use std::time::Instant;

use quotelens_eval::universal_newlines;
use quotelens_extract::extract;

fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn warm_up(texts: &[String], bytes: usize) {
    let (warm, mut passes) = (Instant::now(), 0);
    loop {
        for t in texts {
            black_box(extract(black_box(prefix(t, bytes))).annotations.len());
        }
        passes += 1;
        if passes >= 3 && warm.elapsed().as_secs_f64() >= 0.5 {
            break;
        }
    }
}

/// Timed passes over all texts: at least `runs` and at least `min_time` seconds of them, stopping
/// once `budget` seconds are spent, at least one. Returns the seconds of each pass and the
/// annotations of the last.
fn passes(texts: &[String], runs: usize, min_time: f64, budget: f64) -> (Vec<f64>, usize) {
    let started = Instant::now();
    let mut times = Vec::new();
    let mut annotations = 0;
    while times.is_empty() || {
        let spent = started.elapsed().as_secs_f64();
        (times.len() < runs || spent < min_time) && spent < budget
    } {
        let t0 = Instant::now();
        annotations = 0;
        for t in texts {
            annotations += black_box(extract(black_box(t.as_str())).annotations.len());
        }
        times.push(t0.elapsed().as_secs_f64());
    }
    (times, annotations)
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let serve = args.first().is_some_and(|a| a == "serve");
    if serve {
        args.remove(0);
    }
    let mut take = |name: &str, default: f64| -> f64 {
        match args.iter().position(|a| a == name) {
            Some(i) if i + 1 < args.len() => {
                let v = args.remove(i + 1);
                args.remove(i);
                v.parse().unwrap_or_else(|_| die(&format!("{name} takes a number, not {v:?}")))
            }
            Some(_) => die(&format!("{name} needs a value")),
            None => default,
        }
    };
    let runs = take("--runs", 5.0).max(1.0) as usize;
    let budget = take("--budget", 10.0);
    let warmup = take("--warmup-bytes", 2_000.0) as usize;
    if args.is_empty() {
        die("usage: quotelens-bench [serve] [--runs N] [--budget SECONDS] [--warmup-bytes B] FILE...");
    }
    let texts: Vec<String> = args
        .iter()
        .map(|p| {
            let raw = std::fs::read_to_string(p).unwrap_or_else(|e| die(&format!("cannot read {p}: {e}")));
            universal_newlines(&raw).into_owned()
        })
        .collect();

    warm_up(&texts, warmup);
    if serve {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{{\"ready\": true}}").and_then(|_| out.flush()).unwrap_or_else(|e| die(&e.to_string()));
        for line in std::io::stdin().lock().lines() {
            let line = line.unwrap_or_else(|e| die(&e.to_string()));
            let (runs, secs) = match line.split_whitespace().collect::<Vec<_>>()[..] {
                [r, s] => (
                    r.parse::<usize>().unwrap_or_else(|_| die(&format!("bad request {line:?}"))),
                    s.parse::<f64>().unwrap_or_else(|_| die(&format!("bad request {line:?}"))),
                ),
                _ => die(&format!("bad request {line:?}: want RUNS SECONDS")),
            };
            let (times, annotations) = passes(&texts, runs, secs, f64::INFINITY);
            let times: Vec<String> = times.iter().map(|t| format!("{t:e}")).collect();
            writeln!(out, "{{\"times\": [{}], \"annotations\": {annotations}}}", times.join(", "))
                .and_then(|_| out.flush())
                .unwrap_or_else(|e| die(&e.to_string()));
        }
        return;
    }
    // at least `runs` passes and at least 2 s of them (a fast tool's few passes are a short, noisy
    // sample), within the budget: the same rule in every tool's timer
    let (mut times, annotations) = passes(&texts, runs, budget.min(2.0), budget);
    let min = times.iter().cloned().fold(f64::MAX, f64::min);
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = if times.len() % 2 == 1 {
        times[times.len() / 2]
    } else {
        (times[times.len() / 2 - 1] + times[times.len() / 2]) / 2.0
    };
    println!(
        "{{\"tool\": \"quotelens\", \"runs\": {}, \"median_s\": {median:e}, \"min_s\": {min:e}, \"annotations\": {annotations}}}",
        times.len()
    );
}

fn die(msg: &str) -> ! {
    eprintln!("quotelens-bench: {msg}");
    std::process::exit(2)
}
