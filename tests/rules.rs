//! Rule examples as data: every line of `tests/rules/*.tsv` is an invented sentence and one
//! annotation a rule must make in it, so a linguist adds an example without reading Rust.
//!
//! Columns, tab-separated (a line starting with `#` is a comment):
//! 1. the text (`\n` for a paragraph break);
//! 2. the kind: `quote`, `claim` or `term`, or `none` for a counter-example (no annotation of
//!    any kind may touch the words: "the 16 states holding contests" is no claim);
//! 3. the annotated words, exactly as in the text (`\n` again for a break);
//! 4. the speaker's name, or `-` for none;
//! 5. the rule that must have made it (its name as `quotelens extract` reports it), or `*`.

use quotelens_extract::{extract, AnnotationKind};

struct Example {
    file: String,
    line: usize,
    text: String,
    /// `None`: a counter-example
    kind: Option<AnnotationKind>,
    words: String,
    speaker: Option<String>,
    rule: Option<String>,
}

fn examples() -> Vec<Example> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "tsv"));
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        for (n, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 5, "{file}:{}: five tab-separated columns, found {}", n + 1, cols.len());
            let kind = match cols[1] {
                "quote" => Some(AnnotationKind::Quote),
                "claim" => Some(AnnotationKind::Claim),
                "term" => Some(AnnotationKind::Term),
                "none" => None,
                k => panic!("{file}:{}: unknown kind {k:?}", n + 1),
            };
            out.push(Example {
                file: file.clone(),
                line: n + 1,
                text: cols[0].replace("\\n", "\n"),
                kind,
                words: cols[2].replace("\\n", "\n"),
                speaker: (cols[3] != "-").then(|| cols[3].to_string()),
                rule: (cols[4] != "*").then(|| cols[4].to_string()),
            });
        }
    }
    out
}

#[test]
fn every_rule_example_holds() {
    let examples = examples();
    assert!(examples.len() >= 10, "the examples were not found");
    let mut failures = Vec::new();
    for ex in &examples {
        assert!(ex.text.contains(&ex.words), "{}:{}: the words are not in the text", ex.file, ex.line);
        let doc = extract(&ex.text);
        let Some(kind) = ex.kind else {
            let at = ex.text.find(&ex.words).expect("checked above");
            let words = at..at + ex.words.len();
            for a in doc.annotations.iter().filter(|a| a.span.start < words.end && words.start < a.span.end) {
                failures.push(format!(
                    "{}:{}: {:?} is in a {:?} {:?} (rule {}), expected no annotation",
                    ex.file,
                    ex.line,
                    ex.words,
                    a.kind,
                    a.span.slice(&ex.text),
                    a.rule
                ));
            }
            continue;
        };
        let found = doc.annotations.iter().find(|a| a.kind == kind && a.span.slice(&ex.text) == ex.words);
        let Some(got) = found else {
            let all: Vec<String> = doc
                .annotations
                .iter()
                .map(|a| format!("{:?} {:?} by {:?}", a.kind, a.span.slice(&ex.text), doc.speaker_name(a)))
                .collect();
            failures.push(format!("{}:{}: no {kind:?} {:?}; found {all:?}", ex.file, ex.line, ex.words));
            continue;
        };
        let speaker = doc.speaker_name(got).map(str::to_string);
        if speaker != ex.speaker {
            failures.push(format!(
                "{}:{}: {:?} is {:?}'s, expected {:?} (rule {})",
                ex.file, ex.line, ex.words, speaker, ex.speaker, got.rule
            ));
        }
        if let Some(rule) = &ex.rule {
            if got.rule != rule {
                failures.push(format!("{}:{}: made by rule {}, expected {rule}", ex.file, ex.line, got.rule));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} examples fail:\n{}", failures.len(), examples.len(), failures.join("\n"));
}
