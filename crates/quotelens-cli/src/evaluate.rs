//! `quotelens eval DIR`: the extractor scored against a folder of `NAME.txt` and
//! `NAME.gold.json` pairs, printed in the same lines as the reference scorer prints them.

use std::io::Write;
use std::path::Path;

use quotelens_eval::{self as eval, Gold};
use quotelens_extract::export::to_json;
use quotelens_extract::extract;
use quotelens_extract::offsets::Unit;

/// Scores every pair in `dir`; returns false when some article could not be read.
pub fn run(out: &mut impl Write, dir: &Path, verbose: bool) -> Result<bool, String> {
    let mut golds: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    golds.sort();
    let w = |out: &mut dyn Write, s: String| writeln!(out, "{s}").map_err(|e| e.to_string());
    let (mut rows, mut failed) = (Vec::new(), 0);
    // spurious quotes and wrong speakers or sources, by the rule that made them: where to start
    let mut by_rule = std::collections::BTreeMap::<String, usize>::new();
    for g in golds {
        let name = g.file_name().unwrap().to_string_lossy().to_string();
        let doc_path = g.with_file_name(format!("{}.txt", &name[..name.len() - ".gold.json".len()]));
        let doc_name = doc_path.file_name().unwrap().to_string_lossy().to_string();
        let loaded = std::fs::read_to_string(&doc_path)
            .map_err(|e| format!("{e}"))
            .and_then(|t| Ok((t, std::fs::read_to_string(&g).map_err(|e| format!("{e}"))?)))
            .and_then(|(t, gj)| Ok((t, serde_json::from_str::<Gold>(&gj).map_err(|e| format!("bad gold file: {e}"))?)));
        let (raw, gold) = match loaded {
            Ok(x) => x,
            Err(e) => {
                w(out, format!("{doc_name}: FAILED {e}"))?;
                failed += 1;
                continue;
            }
        };
        let text = eval::universal_newlines(&raw);
        let doc = extract(&text);
        let (preds, unit) = eval::preds_from_json(&to_json(&text, &doc, Unit::Utf16));
        let r = eval::score_one(&text, &gold, &preds, &unit);
        w(
            out,
            format!(
                "{doc_name}: quotes {}/{} found, {} predicted, {}/{} attributed right; claims {}/{} found, {} predicted, {}/{} sourced right; offsets {}/{}",
                r.quote_hits, r.gold_quotes, r.pred_quotes, r.speaker_hits, r.speaker_scored, r.claim_hits, r.gold_claims, r.pred_claims, r.source_hits, r.source_scored, r.offsets_ok, r.offsets_checked
            ),
        )?;
        if verbose {
            for q in &r.missed_quotes {
                w(out, format!("   missed_quotes: {q}"))?;
            }
            for (q, rule) in &r.spurious_quotes {
                w(out, format!("   spurious_quotes: {q} [{rule}]"))?;
                *by_rule.entry(rule.clone()).or_insert(0) += 1;
            }
            let mut misses = |out: &mut dyn Write, label: &str, list: &[eval::Miss]| {
                for m in list {
                    let line =
                        format!("   {label}: {:?} predicted {:?}, gold {:?} [{}]", m.text, m.predicted, m.gold, m.rule);
                    w(out, line)?;
                    *by_rule.entry(m.rule.clone()).or_insert(0) += 1;
                }
                Ok::<(), String>(())
            };
            misses(out, "wrong_speakers", &r.wrong_speakers)?;
            for c in &r.missed_claims {
                w(out, format!("   missed_claims: {c}"))?;
            }
            misses(out, "wrong_sources", &r.wrong_sources)?;
        }
        rows.push(r);
    }
    if verbose && !by_rule.is_empty() {
        let mut tally: Vec<_> = by_rule.into_iter().collect();
        tally.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let list: Vec<String> = tally.iter().map(|(r, n)| format!("{r} {n}")).collect();
        w(out, format!("errors by rule: {}", list.join(", ")))?;
    }
    if rows.is_empty() {
        w(out, "no article scored".into())?;
        return Ok(false);
    }
    w(out, format!("{} articles={} failed={failed}", eval::summarize(&rows), rows.len()))?;
    Ok(failed == 0)
}
