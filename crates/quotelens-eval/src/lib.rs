//! Scoring extracted annotations against gold files, by the metric of
//! `shared/corpus/README.md` ("How matching works"), so that researchers can measure the
//! extractor on their own annotated data with `quotelens eval DIR`.
//!
//! The rules, as that README and its reference scorer define them:
//! * text is normalised (outer quote marks and punctuation stripped, curly marks made
//!   straight, spaces collapsed, lower case) and cut into word tokens;
//! * quotes match when their normalised texts are equal or share ≥ 80 % of their tokens both
//!   ways; claims when the prediction holds ≥ 60 % of the gold content's tokens and ≥ 50 % of
//!   its own tokens are gold;
//! * matching is one-to-one, greedy, best score first;
//! * a speaker is right when an accepted form of the gold name stands in the predicted name
//!   as whole words (or, for gold marked `within`, the prediction stands in the gold source);
//!   names made only of pronouns and filler words never count.
//!
//! Ties are broken exactly as the reference does (score, then prediction index, then gold
//! index, all descending), so the numbers are the same to the last digit.

use serde::Deserialize;

use quotelens_extract::offsets::{OffsetIndex, Unit};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

const QUOTE_CHARS: &str = "\"'“”‘’«»„‟‹›";

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    pub text: String,
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub speaker_accept: Vec<String>,
    #[serde(default)]
    pub speaker_match: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldClaim {
    pub content: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub source_accept: Vec<String>,
    #[serde(default)]
    pub source_match: Option<String>,
    #[serde(default)]
    pub source_pronoun: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    #[serde(default)]
    pub claims: Vec<GoldClaim>,
}

/// One predicted annotation, as the extractor JSON carries it.
#[derive(Debug, Clone)]
pub struct Pred {
    pub kind: String,
    pub text: String,
    pub speaker: String,
    pub start: Option<i64>,
    pub end: Option<i64>,
    /// The rule that made it, when the extractor reports one (Quotelens does).
    pub rule: String,
}

/// Reads the predicted annotations and their offset unit out of extractor JSON.
pub fn preds_from_json(v: &Value) -> (Vec<Pred>, String) {
    let unit = v.get("offset_unit").and_then(Value::as_str).unwrap_or("utf16").to_string();
    let anns = v.get("annotations").and_then(Value::as_array).cloned().unwrap_or_default();
    let preds = anns
        .iter()
        .map(|a| Pred {
            kind: a.get("kind").and_then(Value::as_str).unwrap_or("").to_string(),
            text: a.get("text").and_then(Value::as_str).unwrap_or("").to_string(),
            speaker: match a.get("speaker") {
                Some(Value::Object(m)) => m.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            },
            start: a.get("start").and_then(Value::as_i64),
            end: a.get("end").and_then(Value::as_i64),
            rule: a.get("rule").and_then(Value::as_str).unwrap_or("").to_string(),
        })
        .collect();
    (preds, unit)
}

/// The reference's words, `[\w][\w'’.-]*` (Python's Unicode `\w`), found without a regex so
/// that the browser build carries no Unicode tables.
fn words_of(s: &str) -> impl Iterator<Item = &str> {
    let is_w = |c: char| c.is_alphanumeric() || c == '_';
    let mut rest = s;
    std::iter::from_fn(move || {
        let start = rest.find(is_w)?;
        let tail = &rest[start..];
        let end = tail
            .char_indices()
            .skip(1)
            .find(|&(_, c)| !(is_w(c) || matches!(c, '\'' | '’' | '.' | '-')))
            .map_or(tail.len(), |(i, _)| i);
        let word = &tail[..end];
        rest = &tail[end..];
        Some(word)
    })
}

fn is_py_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1c}'..='\u{1f}')
}

/// The reference normalisation.
pub fn norm(text: &str) -> String {
    let strip_set = |c: char| QUOTE_CHARS.contains(c) || " ,.;:!?—–-".contains(c);
    let t = text.trim_matches(is_py_space).trim_matches(strip_set).trim_matches(is_py_space);
    let t = t.replace(['“', '”'], "\"").replace(['‘', '’'], "'");
    let collapsed = t.split(is_py_space).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    collapsed.to_lowercase()
}

pub fn tokens(text: &str) -> Vec<String> {
    let n = norm(text);
    words_of(&n)
        .map(|m| m.trim_matches(|c| matches!(c, '.' | '\'' | '’' | '-')).to_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

fn overlap(pred: &str, gold: &str) -> (f64, f64) {
    let (p, g) = (tokens(pred), tokens(gold));
    if p.is_empty() || g.is_empty() {
        return (0.0, 0.0);
    }
    let mut pool: HashMap<&str, usize> = HashMap::new();
    for t in &g {
        *pool.entry(t).or_default() += 1;
    }
    let mut common = 0usize;
    for t in &p {
        if let Some(n) = pool.get_mut(t.as_str()) {
            if *n > 0 {
                *n -= 1;
                common += 1;
            }
        }
    }
    (common as f64 / p.len() as f64, common as f64 / g.len() as f64)
}

pub fn quote_match(pred: &str, gold: &str) -> f64 {
    if norm(pred) == norm(gold) {
        return 1.0;
    }
    let (ps, gs) = overlap(pred, gold);
    let m = ps.min(gs);
    if m >= 0.8 {
        m
    } else {
        0.0
    }
}

pub fn claim_match(pred: &str, gold: &str) -> f64 {
    let (ps, gs) = overlap(pred, gold);
    if ps >= 0.5 && gs >= 0.6 {
        (ps + gs) / 2.0
    } else {
        0.0
    }
}

const FILLER: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "his", "her", "their", "you", "the", "a", "an", "of", "and", "to", "in",
    "for", "on", "at", "mr", "mrs", "ms", "dr",
];

fn contains(seq: &[String], sub: &[String]) -> bool {
    !sub.is_empty() && sub.len() <= seq.len() && seq.windows(sub.len()).any(|w| w == sub)
}

pub fn speaker_ok(pred_name: &str, canonical: &str, accept: &[String], within: bool) -> bool {
    let p = tokens(pred_name);
    if p.is_empty() || p.iter().all(|t| FILLER.contains(&t.as_str())) {
        return false;
    }
    std::iter::once(canonical).chain(accept.iter().map(String::as_str)).any(|form| {
        let f = tokens(form);
        contains(&p, &f) || (within && contains(&f, &p))
    })
}

/// Greedy one-to-one matching, best scores first.
fn pair(n_pred: usize, n_gold: usize, score: impl Fn(usize, usize) -> f64) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for i in 0..n_pred {
        for j in 0..n_gold {
            let s = score(i, j);
            if s > 0.0 {
                cands.push((s, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap().then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
    let (mut up, mut ug) = (vec![false; n_pred], vec![false; n_gold]);
    let mut out = Vec::new();
    for (_, i, j) in cands {
        if !up[i] && !ug[j] {
            up[i] = true;
            ug[j] = true;
            out.push((i, j));
        }
    }
    out
}

fn slice_doc(doc: &str, start: i64, end: i64, unit: &str) -> Option<String> {
    if start < 0 || end < start {
        return Some(String::new());
    }
    let (s, e) = (start as usize, end as usize);
    match unit {
        "utf16" => {
            let u: Vec<u16> = doc.encode_utf16().collect();
            let (s, e) = (s.min(u.len()), e.min(u.len()));
            Some(String::from_utf16_lossy(&u[s..e.max(s)]))
        }
        "byte" | "utf8" => {
            let b = doc.as_bytes();
            let (s, e) = (s.min(b.len()), e.min(b.len()));
            Some(String::from_utf8_lossy(&b[s..e.max(s)]).into_owned())
        }
        _ => Some(doc.chars().skip(s).take(e.saturating_sub(s)).collect()),
    }
}

/// The counts for one article, plus what was missed, for `-v` listings.
#[derive(Debug, Default, Clone)]
pub struct ArticleScore {
    pub pred_quotes: usize,
    pub gold_quotes: usize,
    pub quote_hits: usize,
    pub speaker_scored: usize,
    pub speaker_hits: usize,
    pub pred_claims: usize,
    pub gold_claims: usize,
    pub claim_hits: usize,
    pub source_scored: usize,
    pub source_hits: usize,
    pub offsets_checked: usize,
    pub offsets_ok: usize,
    pub missed_quotes: Vec<String>,
    /// The quote's text and the rule that made it.
    pub spurious_quotes: Vec<(String, String)>,
    /// The gold text, the predicted and the gold speaker, and the rule that named the speaker.
    pub wrong_speakers: Vec<Miss>,
    pub missed_claims: Vec<String>,
    pub wrong_sources: Vec<Miss>,
}

/// An annotation found but attributed wrong.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Miss {
    pub text: String,
    pub predicted: String,
    pub gold: String,
    pub rule: String,
}

fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// [`slice_doc`] through an offset index built once per article: offsets on char boundaries
/// inside the text (all of an extractor's) slice directly, anything else takes the slow path
/// with its clamping and replacement characters. Encoding the whole article for each
/// prediction made scoring quadratic (a megabyte took 25 s).
fn slice_indexed(idx: &OffsetIndex, doc: &str, start: i64, end: i64, unit: &str) -> Option<String> {
    let u = match unit {
        "utf16" => Unit::Utf16,
        "byte" | "utf8" => Unit::Byte,
        _ => Unit::Char,
    };
    if let (Ok(s), Ok(e)) = (usize::try_from(start), usize::try_from(end)) {
        if let (Some(bs), Some(be)) = (idx.to_byte(s, u), idx.to_byte(e, u)) {
            if bs <= be {
                return Some(doc[bs..be].to_string());
            }
        }
    }
    slice_doc(doc, start, end, unit)
}

pub fn score_one(doc: &str, gold: &Gold, preds: &[Pred], unit: &str) -> ArticleScore {
    let mut r = ArticleScore::default();
    let idx = OffsetIndex::new(doc);
    for a in preds {
        if let (Some(s), Some(e)) = (a.start, a.end) {
            r.offsets_checked += 1;
            if slice_indexed(&idx, doc, s, e, unit).as_deref() == Some(a.text.as_str()) {
                r.offsets_ok += 1;
            }
        }
    }
    let pq: Vec<&Pred> = preds.iter().filter(|a| a.kind == "quote").collect();
    let pc: Vec<&Pred> = preds.iter().filter(|a| a.kind == "claim").collect();
    let (gq, gc) = (&gold.quotes, &gold.claims);
    let qm = pair(pq.len(), gq.len(), |i, j| quote_match(&pq[i].text, &gq[j].text));
    let cm = pair(pc.len(), gc.len(), |i, j| claim_match(&pc[i].text, &gc[j].content));
    let q_ok = |i: usize, j: usize| {
        let g = &gq[j];
        speaker_ok(
            &pq[i].speaker,
            g.speaker.as_deref().unwrap_or(""),
            &g.speaker_accept,
            g.speaker_match.as_deref() == Some("within"),
        )
    };
    let c_ok = |i: usize, j: usize| {
        let g = &gc[j];
        speaker_ok(
            &pc[i].speaker,
            g.source.as_deref().unwrap_or(""),
            &g.source_accept,
            g.source_match.as_deref() == Some("within"),
        )
    };
    let qs: Vec<(usize, usize)> =
        qm.iter().copied().filter(|&(_, j)| gq[j].speaker.as_deref().is_some_and(|s| !s.is_empty())).collect();
    let cs: Vec<(usize, usize)> = cm
        .iter()
        .copied()
        .filter(|&(_, j)| gc[j].source.as_deref().is_some_and(|s| !s.is_empty()) && !gc[j].source_pronoun)
        .collect();
    r.pred_quotes = pq.len();
    r.gold_quotes = gq.len();
    r.quote_hits = qm.len();
    r.speaker_scored = qs.len();
    r.speaker_hits = qs.iter().filter(|&&(i, j)| q_ok(i, j)).count();
    r.pred_claims = pc.len();
    r.gold_claims = gc.len();
    r.claim_hits = cm.len();
    r.source_scored = cs.len();
    r.source_hits = cs.iter().filter(|&&(i, j)| c_ok(i, j)).count();
    let matched_g: Vec<usize> = qm.iter().map(|p| p.1).collect();
    let matched_p: Vec<usize> = qm.iter().map(|p| p.0).collect();
    r.missed_quotes = (0..gq.len()).filter(|j| !matched_g.contains(j)).map(|j| gq[j].text.clone()).collect();
    r.spurious_quotes =
        (0..pq.len()).filter(|i| !matched_p.contains(i)).map(|i| (pq[i].text.clone(), pq[i].rule.clone())).collect();
    r.wrong_speakers = qs
        .iter()
        .filter(|&&(i, j)| !q_ok(i, j))
        .map(|&(i, j)| Miss {
            text: clip(&gq[j].text, 60),
            predicted: pq[i].speaker.clone(),
            gold: gq[j].speaker.clone().unwrap_or_default(),
            rule: pq[i].rule.clone(),
        })
        .collect();
    let matched_c: Vec<usize> = cm.iter().map(|p| p.1).collect();
    r.missed_claims = (0..gc.len()).filter(|j| !matched_c.contains(j)).map(|j| clip(&gc[j].content, 80)).collect();
    r.wrong_sources = cs
        .iter()
        .filter(|&&(i, j)| !c_ok(i, j))
        .map(|&(i, j)| Miss {
            text: clip(&gc[j].content, 60),
            predicted: pc[i].speaker.clone(),
            gold: gc[j].source.clone().unwrap_or_default(),
            rule: pc[i].rule.clone(),
        })
        .collect();
    r
}

/// The corpus-wide figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub quote_p: f64,
    pub quote_r: f64,
    pub quote_f1: f64,
    pub speaker_acc: f64,
    pub attributed_quote_f1: f64,
    pub claim_p: f64,
    pub claim_r: f64,
    pub claim_f1: f64,
    pub source_acc: f64,
    pub offsets_ok: f64,
}

fn f1(hits: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred > 0 { hits as f64 / pred as f64 } else { 0.0 };
    let r = if gold > 0 { hits as f64 / gold as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (f, p, r)
}

pub fn summarize(rows: &[ArticleScore]) -> Summary {
    let sum = |f: fn(&ArticleScore) -> usize| rows.iter().map(f).sum::<usize>();
    let (qf, qp, qr) = f1(sum(|r| r.quote_hits), sum(|r| r.pred_quotes), sum(|r| r.gold_quotes));
    let (cf, cp, cr) = f1(sum(|r| r.claim_hits), sum(|r| r.pred_claims), sum(|r| r.gold_claims));
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let sa = ratio(sum(|r| r.speaker_hits), sum(|r| r.speaker_scored));
    let so = ratio(sum(|r| r.source_hits), sum(|r| r.source_scored));
    let e2e = if (qp + qr) * sa != 0.0 { 2.0 * (qp * sa) * (qr * sa) / (qp * sa + qr * sa) } else { 0.0 };
    Summary {
        quote_p: qp,
        quote_r: qr,
        quote_f1: qf,
        speaker_acc: sa,
        attributed_quote_f1: e2e,
        claim_p: cp,
        claim_r: cr,
        claim_f1: cf,
        source_acc: so,
        offsets_ok: ratio(sum(|r| r.offsets_ok), sum(|r| r.offsets_checked)),
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "quote_p={:.3} quote_r={:.3} quote_f1={:.3} speaker_acc={:.3} attributed_quote_f1={:.3} claim_p={:.3} claim_r={:.3} claim_f1={:.3} source_acc={:.3} offsets_ok={:.3}",
            self.quote_p, self.quote_r, self.quote_f1, self.speaker_acc, self.attributed_quote_f1, self.claim_p, self.claim_r, self.claim_f1, self.source_acc, self.offsets_ok
        )
    }
}

/// Text as Python's `read_text()` gives it: CRLF and lone CR become LF. The reference scorer
/// checks offsets against that text, so evaluation extracts from it too.
pub fn universal_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if quotelens_extract::scan::find_ascii(text, 0, b'\r').is_some() {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// [`universal_newlines`] of an owned text: the text itself when it has no CR, so a large
/// input is not copied.
pub fn into_universal_newlines(text: String) -> String {
    match universal_newlines(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(converted) => converted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_slicing_equals_slicing_by_encoding() {
        let doc = "a😀é\nz̈ “q” ".repeat(9);
        let idx = OffsetIndex::new(&doc);
        for unit in ["utf16", "char", "byte"] {
            for s in -2..140i64 {
                for e in [s - 1, s, s + 1, s + 3, s + 17, 200] {
                    assert_eq!(slice_indexed(&idx, &doc, s, e, unit), slice_doc(&doc, s, e, unit), "{unit} {s}..{e}");
                }
            }
        }
    }

    fn pred(kind: &str, text: &str, speaker: &str) -> Pred {
        Pred {
            kind: kind.into(),
            text: text.into(),
            speaker: speaker.into(),
            start: None,
            end: None,
            rule: String::new(),
        }
    }

    #[test]
    fn normalises_like_the_reference() {
        assert_eq!(norm("  “We will act,”  Katz  "), "we will act,”  katz".replace("”  ", "\" "));
        assert_eq!(tokens("“U.S.-led sanctions — don’t,”"), ["u.s.-led", "sanctions", "don't"]);
    }

    #[test]
    fn quote_thresholds_and_one_to_one_matching() {
        assert_eq!(quote_match("We will act, and with great force,", "we will act and with great force"), 1.0);
        // 4 of 5 words both ways is 0.8: a match
        assert_eq!(quote_match("one two three four five", "one two three four six"), 0.8);
        assert_eq!(quote_match("one two three four", "one two three five"), 0.0);
        let gold = Gold {
            document: String::new(),
            quotes: vec![GoldQuote {
                text: "big mistake".into(),
                speaker: Some("Itamar Ben-Gvir".into()),
                speaker_accept: vec!["Ben-Gvir".into()],
                speaker_match: None,
            }],
            claims: vec![],
        };
        // two identical predictions: one hit, one spurious
        // equal scores: the later prediction wins the tie, as in the reference
        let s = score_one(
            "",
            &gold,
            &[pred("quote", "big mistake", "he"), pred("quote", "big mistake", "Ben-Gvir")],
            "utf16",
        );
        assert_eq!((s.quote_hits, s.pred_quotes, s.speaker_hits), (1, 2, 1));
    }

    #[test]
    fn claim_thresholds() {
        let gold = "the vote was expected later Tuesday";
        assert!(claim_match("the vote was expected later Tuesday, officials said", gold) > 0.0);
        assert_eq!(claim_match("vote", gold), 0.0);
    }

    #[test]
    fn speakers_count_as_whole_words_and_never_as_pronouns() {
        assert!(speaker_ok("Vladimir Putin", "Vladimir Putin", &["Putin".into()], false));
        assert!(speaker_ok("Putin", "Vladimir Putin", &["Putin".into()], false));
        assert!(!speaker_ok("Putinism", "Vladimir Putin", &["Putin".into()], false));
        assert!(!speaker_ok("he", "he", &[], false));
        assert!(speaker_ok("Kellyanne Conway", "Donald Trump's campaign manager, Kellyanne Conway", &[], true));
        assert!(!speaker_ok("Kellyanne Conway", "Donald Trump's campaign manager, Kellyanne Conway", &[], false));
    }

    #[test]
    fn summary_scales_quote_f1_by_speaker_accuracy() {
        let row = ArticleScore {
            pred_quotes: 10,
            gold_quotes: 10,
            quote_hits: 8,
            speaker_scored: 8,
            speaker_hits: 6,
            ..Default::default()
        };
        let s = summarize(&[row]);
        assert!((s.quote_f1 - 0.8).abs() < 1e-12);
        assert!((s.attributed_quote_f1 - 0.8 * 0.75).abs() < 1e-12);
    }
}
