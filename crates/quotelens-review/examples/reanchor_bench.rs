//! Re-anchoring timings (numbers to read, not asserted): one annotation of 20,000 characters
//! (and 100,000) after three typos and an added sentence, the case issue 13 measured at 8.4 s.
//! `cargo run --release -p quotelens-review --example reanchor_bench`

use std::time::Instant;

use quotelens_review::anchor::{reanchor, MIN_SCORE};
use quotelens_review::{Edit, NewAnnotation, ReviewDoc, ReviewKind};

/// Invented sentences, varied by a counter.
fn statement(chars: usize) -> String {
    const WORDS: [&str; 12] = [
        "harbour", "budget", "ferry", "council", "repairs", "winter", "tenants", "market", "pier", "storm", "vote",
        "fees",
    ];
    let mut out = String::new();
    let mut i = 0usize;
    while out.len() < chars {
        let w = |k: usize| WORDS[(i * 7 + k * 5 + i / 12) % WORDS.len()];
        out.push_str(&format!("The {} {} of {} went {} times past the {}. ", w(0), w(1), i, i % 97, w(2)));
        i += 1;
    }
    out.truncate(chars);
    out
}

fn main() {
    for chars in [20_000, 100_000] {
        let quote = statement(chars);
        let old = format!("The council published its statement.\n\"{quote}\" said the clerk.\n");
        let start = old.find(&quote).unwrap();
        let mut doc = ReviewDoc::new("d", "", old.clone(), 0.0);
        doc.apply(Edit::Add(NewAnnotation::new(ReviewKind::Note, start, start + quote.len()))).unwrap();
        let mut edited = quote.replacen("ferry", "fery", 3);
        edited.insert_str(chars / 2, "A sentence added later. ");
        let new = old.replace(&quote, &edited);
        let runs = 5;
        let t = Instant::now();
        let mut placed = 0;
        for _ in 0..runs {
            placed += usize::from(reanchor(&doc, &new, MIN_SCORE).lost.is_empty());
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        println!("reanchor of a {chars}-character annotation (3 typos, a sentence added): {ms:.1} ms ({placed}/{runs} placed)");
    }
}
