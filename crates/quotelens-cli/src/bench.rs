//! `quotelens bench`: throughput (MB/s, words/s) on one core, and growth with input size.
//!
//! The input is the built-in sample article repeated to size, so every rule fires; the growth
//! table adds an adversarial text full of unbalanced marks, which must stay linear too.

use std::io::Write;
use std::time::Instant;

use quotelens_core::extract;

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
    let sample = quotelens_core::SAMPLE;
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
