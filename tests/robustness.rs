//! Bad and hostile input: never a panic, never a hang, every span sound.

use std::time::Instant;

use quotelens_extract::extract;
use quotelens_tests::{assert_spans_sound, XorShift};

const PIECES: &[&str] = &[
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "„",
    "‹",
    "›",
    "''",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\0",
    "said",
    "says",
    "told reporters",
    "according to",
    "he",
    "she",
    "they",
    ",",
    ".",
    ":",
    "?",
    "!",
    "—",
    "-",
    "Katz",
    "Vladimir Putin",
    "the ministry",
    "officials",
    "U.S.",
    "Nov.",
    "Dr.",
    "don't",
    "'90s",
    "voters’",
    "é",
    "z\u{308}",
    "😀",
    "👍🏽",
    "\u{200d}",
    "\u{feff}",
    "GENEVA (AP) —",
    "Seoul, (AP):",
    "Subscribe now",
    "(",
    ")",
    "[",
    "]",
    "that",
    "and",
    "WALLACE:",
    "\t",
];

#[test]
fn random_texts_give_sound_spans() {
    for seed in 1..=400u64 {
        let mut r = XorShift::seeded(seed);
        let n = 1 + (r.next_u64() % 300) as usize;
        let text: String = (0..n).map(|_| r.pick(PIECES)).collect();
        let doc = extract(&text);
        assert_spans_sound(&text, &doc);
        for a in &doc.annotations {
            assert!(
                !a.span.slice(&text).is_empty() || a.kind != quotelens_extract::AnnotationKind::Claim,
                "seed {seed}: empty claim"
            );
        }
    }
}

#[test]
fn degenerate_inputs() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "\r\n",
        "\0\0\0",
        "\"",
        "“",
        "'",
        "”“",
        "\" \" \"",
        "said",
        ":",
        "according to",
        "He said.",
        "\u{feff}",
    ] {
        let doc = extract(text);
        assert_spans_sound(text, &doc);
    }
    assert!(extract("").annotations.is_empty());
    assert!(extract("   \n\t\n ").paragraphs.is_empty());
}

#[test]
fn thousands_of_nested_and_lone_marks_stay_linear() {
    let nested = format!("She said {}deep{} today.", "“".repeat(5000), "”".repeat(5000));
    let doc = extract(&nested);
    assert_spans_sound(&nested, &doc);
    assert_eq!(doc.quotes().count(), 1, "only the outermost pair is a quote");

    let lone = "He said \"it never closes and 'neither does this ".repeat(20_000);
    let t = Instant::now();
    let doc = extract(&lone);
    assert_spans_sound(&lone, &doc);
    // not a timing assertion: a generous bound that only a quadratic blow-up would break
    assert!(t.elapsed().as_secs() < 60, "1 MB of unbalanced marks took {:?}", t.elapsed());
    assert!(doc.quotes().all(|q| q.span.len() < 2_000), "an unbalanced mark swallowed the text");
    // a megabyte without a full stop: every "He said" opens a claim, and none of them may run
    // to the end of the text (that made the output quadratic: gigabytes of JSON; now ~21x)
    let covered: usize = doc.annotations.iter().map(|a| a.span.len()).sum();
    assert!(covered < 100 * lone.len(), "annotations cover {covered} bytes of a {} byte text", lone.len());

    // one paragraph of mixed pairs: every “ closed by a straight mark, no ” anywhere
    let mixed = "“a,\" b ".repeat(100_000);
    let t = Instant::now();
    let doc = extract(&mixed);
    assert_spans_sound(&mixed, &doc);
    assert!(t.elapsed().as_secs() < 60, "mixed pairs took {:?}", t.elapsed());
}

#[test]
fn a_large_document_is_extracted_whole() {
    // 50 MB in release builds (the CI test command), 5 MB in debug
    let target = if cfg!(debug_assertions) { 5_000_000 } else { 50_000_000 };
    let para = "GENEVA (AP) — “We will not move,” said Maria Lindqvist, the port’s spokeswoman. Officials said the strike would end on Friday, according to the ministry.\n";
    let text = para.repeat(target / para.len() + 1);
    let doc = extract(&text);
    let n = text.len() / para.len();
    assert_eq!(doc.quotes().count(), n);
    assert_eq!(doc.stories.len(), n);
    assert!(doc.claims().count() >= n);
}
