//! `quotelens eval DIR`: the extractor scored against a folder of `NAME.txt` and
//! `NAME.gold.json` pairs, printed in the same lines as the reference scorer prints them.

use std::io::Write;
use std::path::Path;

use quotelens_core::eval::{self, Gold};
use quotelens_core::export::to_json;
use quotelens_core::offsets::Unit;
use quotelens_core::{extract, AnnotationKind};

/// Scores every pair in `dir`; returns false when some article could not be read.
pub fn run(out: &mut impl Write, dir: &Path, verbose: bool, double_only: bool) -> Result<bool, String> {
    let mut golds: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    golds.sort();
    let w = |out: &mut dyn Write, s: String| writeln!(out, "{s}").map_err(|e| e.to_string());
    let (mut rows, mut failed) = (Vec::new(), 0);
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
        let mut doc = extract(&text);
        if double_only {
            // score only what a gold of double-marked quotes can judge (PolNeAR's conversion)
            doc.annotations.retain(|a| {
                a.kind != AnnotationKind::Quote
                    || a.outer.is_none_or(|o| !o.slice(&text).starts_with(['\'', '‘', '‚', '‹', '«', '’']))
            });
        }
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
            for q in &r.spurious_quotes {
                w(out, format!("   spurious_quotes: {q}"))?;
            }
            for (t, p, g) in &r.wrong_speakers {
                w(out, format!("   wrong_speakers: {t:?} predicted {p:?}, gold {g:?}"))?;
            }
            for c in &r.missed_claims {
                w(out, format!("   missed_claims: {c}"))?;
            }
            for (t, p, g) in &r.wrong_sources {
                w(out, format!("   wrong_sources: {t:?} predicted {p:?}, gold {g:?}"))?;
            }
        }
        rows.push(r);
    }
    if rows.is_empty() {
        w(out, "no article scored".into())?;
        return Ok(false);
    }
    w(out, format!("{} articles={} failed={failed}", eval::summarize(&rows), rows.len()))?;
    Ok(failed == 0)
}
