//! `quotelens bench`: throughput (MB/s, words/s) on one core, and growth with input size.
//!
//! The input is the built-in sample article repeated to size, so every rule fires; the growth
//! table adds an adversarial text full of unbalanced marks, which must stay linear too.
//! `--adversarial` runs every hostile input family of issue 13, each in a child process of
//! its own so that its peak RSS is its own.

use std::io::Write;
use std::time::Instant;

use quotelens_extract::offsets::Unit;
use quotelens_extract::{export, extract};

fn repeated(base: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + base.len());
    while s.len() < bytes {
        s.push_str(base);
        s.push('\n');
    }
    s
}

fn adversarial(bytes: usize) -> String {
    let unit = "He said \"this never closes and 'neither does this and “nor this «at all ";
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(unit);
        if s.len().is_multiple_of(7) {
            s.push('\n');
        }
    }
    s
}

/// `unit` repeated to `bytes` (at least), with no separator.
fn tiled(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len() + 1)
}

/// The hostile input families: name and generator (invented text only).
pub const FAMILIES: &[&str] = &[
    "news",
    "marks \"",
    "marks “",
    "marks ”",
    "marks '",
    "marks ‘",
    "marks ’",
    "marks «",
    "marks »",
    "marks „",
    "marks “”",
    "he-said-that",
    "shared-surnames",
    "no-punctuation",
    "deep-nesting",
];

fn family(name: &str, bytes: usize) -> Option<String> {
    Some(match name {
        "news" => repeated(quotelens_extract::SAMPLE, bytes),
        "he-said-that" => tiled("He said that ", bytes),
        "no-punctuation" => tiled("word and more words without any stop ", bytes),
        "shared-surnames" => {
            // many different people, one surname: "Okafor" alone must be looked up each time
            let mut s = String::with_capacity(bytes + 100);
            let mut i = 0;
            while s.len() < bytes {
                s.push_str(&format!("“We act,” Ann{i} Okafor said. Okafor told reporters that it works.\n"));
                i += 1;
            }
            s
        }
        "deep-nesting" => {
            let depth = bytes / 10;
            format!("She said {}deep{} today.", "“‘".repeat(depth), "’”".repeat(depth))
        }
        m if m.starts_with("marks ") => tiled(&m["marks ".len()..], bytes),
        _ => return None,
    })
}

/// Peak resident memory of this process so far, in bytes (Linux; None elsewhere).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Counts what is written, keeps nothing.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len() as u64;
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One family at one size, as `extract` runs it: extract, then write the JSON (to a counter).
/// Prints `seconds bytes_in bytes_out peak_rss` on one line (the child process's report).
pub fn one(out: &mut impl Write, name: &str, bytes: usize) -> Result<(), String> {
    let text = family(name, bytes).ok_or_else(|| format!("no input family {name:?}"))?;
    let (secs, json) = as_extract_runs(&text)?;
    let rss = peak_rss().map_or("-".to_string(), |r| r.to_string());
    writeln!(out, "{secs} {} {json} {rss}", text.len()).map_err(|e| e.to_string())
}

/// Extract `text`, then write its JSON to a counter, as `extract` does: the seconds taken and
/// the bytes of JSON.
fn as_extract_runs(text: &str) -> Result<(f64, u64), String> {
    let t = Instant::now();
    let doc = extract(text);
    let mut sink = Counter(0);
    export::write_json(&mut sink, text, &doc, Unit::Utf16, None).map_err(|e| e.to_string())?;
    Ok((t.elapsed().as_secs_f64(), sink.0))
}

/// `text` (a file of the reader's own articles) as `extract` runs it, extract and JSON to a
/// counter, `runs` times in this process: the best and the median MB/s. Repeated in one
/// process, a change of a few per cent shows where separate runs on a shared machine
/// scatter by a tenth.
pub fn file(out: &mut impl Write, name: &str, text: &str, runs: usize) -> Result<(), String> {
    let mut secs = Vec::with_capacity(runs);
    let mut json = 0;
    for _ in 0..runs {
        let (s, j) = as_extract_runs(text)?;
        secs.push(s);
        json = j;
    }
    secs.sort_by(f64::total_cmp);
    let mb = text.len() as f64 / 1e6;
    let (best, median) = (secs[0], secs[secs.len() / 2]);
    writeln!(
        out,
        "{name}: {mb:.2} MB, {json} bytes of JSON, {runs} runs: best {:.4} s ({:.1} MB/s), median {:.4} s ({:.1} MB/s)",
        best,
        mb / best,
        median,
        mb / median
    )
    .map_err(|e| e.to_string())
}

/// How many times each family runs at each size in [`adversarial_table`] (the median counts):
/// at least `RUNS`, and more, up to `MAX_RUNS`, until the runs add up to `SECONDS_TIMED`. A
/// fast family's 1 MB run takes 5–10 ms, where a single preemption by the host moves it by
/// half: five such runs gave growth of 9.5× and 16.4× for the same family in two tables.
const RUNS: usize = 5;
const MAX_RUNS: usize = 15;
const SECONDS_TIMED: f64 = 1.0;

/// Every family at 1 and 10 MB, each run in a child process (`bench --family NAME --bytes N`).
pub fn adversarial_table(out: &mut impl Write, mb: f64) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let small = (mb * 1e6) as usize;
    let big = small * 10;
    let w = |out: &mut dyn Write, s: String| writeln!(out, "{s}").map_err(|e| e.to_string());
    w(
        out,
        format!(
            "adversarial families, extract + JSON to a counter, one core, wall clock, median of {RUNS} to {MAX_RUNS} runs (at least {SECONDS_TIMED} s of them; sizes {mb} and {} MB):",
            mb * 10.0
        ),
    )?;
    w(
        out,
        format!(
            "  {:<16} {:>9} {:>9} {:>8} {:>10} {:>10}",
            "family", "MB/s 1x", "MB/s 10x", "growth", "out/in", "RSS/in"
        ),
    )?;
    // one run of a family at one size, in a child process: its report, or why it failed
    let child = |name: &str, bytes: usize| -> Result<Result<Vec<f64>, String>, String> {
        let o = std::process::Command::new(&exe)
            .args(["bench", "--family", name, "--bytes", &bytes.to_string()])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        if !o.status.success() {
            return Ok(Err(String::from_utf8_lossy(&o.stderr).trim().to_string()));
        }
        let line = String::from_utf8_lossy(&o.stdout).to_string();
        Ok(Ok(line.split_whitespace().map(|x| x.parse().unwrap_or(f64::NAN)).collect()))
    };
    let enough = |runs: &Vec<Vec<f64>>| {
        runs.len() >= RUNS && (runs.len() >= MAX_RUNS || runs.iter().map(|r| r[0]).sum::<f64>() >= SECONDS_TIMED)
    };
    'families: for name in FAMILIES {
        // the median of several runs: on a shared machine one run of the same input varied by
        // ±30%, which made growth (a ratio of two runs) mostly noise; the fastest run would
        // favour the short runs at 1 MB, which interference hits less often. The two sizes
        // take turns, so that a slow spell of the machine falls on both.
        let mut runs: [Vec<Vec<f64>>; 2] = Default::default();
        while !runs.iter().all(enough) {
            for (k, bytes) in [small, big].into_iter().enumerate() {
                if enough(&runs[k]) {
                    continue;
                }
                match child(name, bytes)? {
                    Ok(report) => runs[k].push(report),
                    Err(why) => {
                        w(out, format!("  {name:<16} failed at {bytes} bytes: {why}"))?;
                        continue 'families;
                    }
                }
            }
        }
        let [a, b] = runs.map(|mut r| {
            r.sort_by(|x, y| x[0].total_cmp(&y[0]));
            let middle = r.len() / 2;
            r.swap_remove(middle)
        });
        w(
            out,
            format!(
                "  {:<16} {:>9.1} {:>9.1} {:>7.1}x {:>10.2} {:>10.1}",
                name,
                a[1] / 1e6 / a[0],
                b[1] / 1e6 / b[0],
                b[0] / a[0],
                b[2] / b[1],
                b[3] / b[1],
            ),
        )?;
    }
    Ok(())
}

/// Best of `runs` timings, in seconds.
fn time(text: &str, runs: usize) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let doc = extract(text);
        best = best.min(t.elapsed().as_secs_f64());
        n = doc.annotations.len();
    }
    (best, n)
}

pub fn run(out: &mut impl Write, mb: f64, growth: bool) -> std::io::Result<()> {
    let sample = quotelens_extract::SAMPLE;
    let text = repeated(sample, (mb * 1e6) as usize);
    let words = text.split_whitespace().count();
    let (secs, n) = time(&text, 3);
    writeln!(out, "throughput: {:.1} MB in {:.3} s, one core", text.len() as f64 / 1e6, secs)?;
    writeln!(
        out,
        "  {:.1} MB/s, {:.0} words/s, {} annotations",
        text.len() as f64 / 1e6 / secs,
        words as f64 / secs,
        n
    )?;
    if growth {
        writeln!(out, "growth (best of 3):")?;
        writeln!(out, "  {:>10} {:>12} {:>10} {:>14} {:>10}", "bytes", "news s", "MB/s", "unbalanced s", "MB/s")?;
        for size in [10_000usize, 100_000, 1_000_000, 10_000_000] {
            let news = repeated(sample, size);
            let bad = adversarial(size);
            let (a, _) = time(&news, 3);
            let (b, _) = time(&bad, 3);
            writeln!(
                out,
                "  {:>10} {:>12.5} {:>10.1} {:>14.5} {:>10.1}",
                size,
                a,
                news.len() as f64 / 1e6 / a,
                b,
                bad.len() as f64 / 1e6 / b
            )?;
        }
    }
    Ok(())
}
