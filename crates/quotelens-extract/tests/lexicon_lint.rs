//! Lints the word lists in `lexicon/*.txt`: every file says what it is for, and every entry is
//! one the rules can match. A list is matched against a token's lower-case text, so an entry
//! with a capital, stray punctuation or a space, or one the tokenizer never makes into a
//! single token ("spokeswoman,", "mrs.'"), is dead weight that looks like coverage.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use quotelens_extract::span::Span;
use quotelens_extract::words::{tokenize, Kind};

/// Lists whose entries are phrases of several words, matched inside a lower-cased line rather
/// than against one token.
const PHRASE_LISTS: &[&str] = &["boilerplate_phrases", "sign_offs"];

fn lists() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicon");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("lexicon/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the lists were not found in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().and_then(|s| s.to_str()).expect("UTF-8 name").to_string();
            (name, std::fs::read_to_string(&p).expect("UTF-8 list"))
        })
        .collect()
}

/// The entries of a list as `build.rs` reads them: comments cut, lines trimmed, blanks skipped.
fn entries(text: &str) -> Vec<&str> {
    text.lines().map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty()).collect()
}

/// What is wrong with one entry of list `name`, if anything.
fn problem(name: &str, entry: &str) -> Option<String> {
    if entry != entry.to_lowercase() {
        return Some("not lower case (the rules compare lower-cased words)".into());
    }
    if PHRASE_LISTS.contains(&name) {
        if entry.contains("  ") || entry.contains('\t') {
            return Some("words of a phrase are separated by one space".into());
        }
        return None;
    }
    let inner = |c: char| matches!(c, '.' | '-' | '\'' | '’' | '&');
    if let Some(c) = entry.chars().find(|&c| !(c.is_alphanumeric() || inner(c) || c == '%')) {
        return Some(format!("stray character {c:?}"));
    }
    // the tokenizer decides what a word is: the entry, followed by more text, must come out
    // as one word token, else no token can ever equal it
    if entry != "%" {
        let text = format!("{entry} next");
        let toks = tokenize(&text, Span::new(0, text.len()));
        let first = toks.first().filter(|t| t.kind == Kind::Word).map(|t| t.text(&text));
        if first != Some(entry) {
            return Some(format!(
                "the tokenizer reads it as {:?}",
                toks.iter().map(|t| t.text(&text)).collect::<Vec<_>>()
            ));
        }
    }
    None
}

#[test]
fn every_list_has_a_header_and_only_matchable_unique_entries() {
    let mut bad = Vec::new();
    for (name, text) in lists() {
        if !text.starts_with("# ") {
            bad.push(format!("{name}.txt: starts without a header comment saying what it is for"));
        }
        let mut seen = HashSet::new();
        for e in entries(&text) {
            if !seen.insert(e) {
                bad.push(format!("{name}.txt: {e:?} is listed twice"));
            }
            if let Some(p) = problem(&name, e) {
                bad.push(format!("{name}.txt: {e:?}: {p}"));
            }
        }
    }
    assert!(bad.is_empty(), "lexicon problems:\n{}", bad.join("\n"));
}

/// The lint itself: it must catch the kinds of entry it is there for.
#[test]
fn the_lint_catches_dead_entries() {
    for e in ["spokeswoman,", "justice'", "mrs.'", "Minister", "sen.-elect", "prime minister"] {
        assert!(problem("titles", e).is_some(), "{e}");
    }
    for e in ["sen.", "u.s.", "president-elect", "minister", "hasn’t"] {
        assert_eq!(problem("titles", e), None, "{e}");
    }
    assert_eq!(problem("boilerplate_phrases", "sign up for"), None);
    assert!(problem("boilerplate_phrases", "Sign up").is_some());
}

/// A role qualifier that is not a title is never asked about (see `lexicon::role_of`).
#[test]
fn role_qualifiers_are_titles() {
    let all = lists();
    let get = |n: &str| all.iter().find(|(name, _)| name == n).map(|(_, t)| entries(t)).expect(n);
    let titles: HashSet<&str> = get("titles").into_iter().collect();
    let stray: Vec<&str> = get("role_qualifiers").into_iter().filter(|q| !titles.contains(q)).collect();
    assert!(stray.is_empty(), "role_qualifiers.txt entries missing from titles.txt: {stray:?}");
}
