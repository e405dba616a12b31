#!/usr/bin/env python3
"""The evaluation contract's metric (/work/shared/corpus/README.md, "How matching works"), for any tool.

Every tool in the benchmark writes NAME.pred.json (the annotation JSON of `quotelens extract`) for
each article NAME.txt of a corpus folder; this scores such a folder of predictions against the
folder's NAME.gold.json files. It gives the same numbers as `quotelens eval` — bench.py checks that
on every run by scoring Quotelens both ways.

  score.py CORPUS PREDS     prints the per-article lines and the summary line
"""
import json
import re
import sys
from pathlib import Path

MARKS = "\"'“”‘’«»„‟‹›"
EDGE = MARKS + " ,.;:!?—–-"
WORD_RE = re.compile(r"[\w][\w'’.-]*")
SPACES = re.compile(r"\s+")
PRONOUNS = frozenset("he she they it we i his her their you".split())
FILLER = PRONOUNS | frozenset("the a an of and to in for on at mr mrs ms dr".split())


def normalise(text):
    """Trimmed of marks and punctuation at the edges, curly marks made straight, spaces folded, lower case."""
    text = text.strip().strip(EDGE).strip()
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return SPACES.sub(" ", text).lower()


def words(text):
    out = []
    for w in WORD_RE.findall(normalise(text)):
        w = w.strip(".'’-").lower()
        if w:
            out.append(w)
    return out


def shares(pred, gold):
    """(part of pred's words found in gold, part of gold's words found in pred), counting repeats."""
    p, g = words(pred), words(gold)
    if not p or not g:
        return 0.0, 0.0
    left = {}
    for w in g:
        left[w] = left.get(w, 0) + 1
    common = 0
    for w in p:
        if left.get(w):
            left[w] -= 1
            common += 1
    return common / len(p), common / len(g)


def quote_score(pred, gold):
    if normalise(pred) == normalise(gold):
        return 1.0
    a, b = shares(pred, gold)
    low = min(a, b)
    return low if low >= 0.8 else 0.0


def claim_score(pred, gold):
    a, b = shares(pred, gold)
    return (a + b) / 2 if a >= 0.5 and b >= 0.6 else 0.0


def name_of(ann):
    sp = ann.get("speaker")
    if isinstance(sp, dict):
        return sp.get("name") or ""
    return sp or ""


def has_run(seq, run):
    n = len(run)
    return n > 0 and any(seq[i:i + n] == run for i in range(len(seq) - n + 1))


def name_ok(predicted, main, others, within):
    p = words(predicted)
    if not p or all(w in FILLER for w in p):
        return False
    for form in [main, *others]:
        f = words(form or "")
        if has_run(p, f) or (within and has_run(f, p)):
            return True
    return False


def match(preds, golds, score):
    """One-to-one, best first (ties: later prediction, then later gold first, as the reference does)."""
    cands = sorted(((s, i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)
                    if (s := score(p, g)) > 0), reverse=True)
    taken_p, taken_g, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in taken_p and j not in taken_g:
            taken_p.add(i)
            taken_g.add(j)
            pairs.append((i, j))
    return pairs


def cut(doc, start, end, unit):
    if unit == "utf16":
        return doc.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le", errors="replace")
    if unit in ("byte", "utf8"):
        return doc.encode("utf-8")[start:end].decode("utf-8", errors="replace")
    return doc[start:end]


def score_article(doc, gold, pred):
    anns = pred.get("annotations", [])
    unit = pred.get("offset_unit", "utf16")
    spans = [a for a in anns if isinstance(a.get("start"), int) and isinstance(a.get("end"), int)]
    quotes = [a for a in anns if a.get("kind") == "quote"]
    claims = [a for a in anns if a.get("kind") == "claim"]
    gq, gc = gold.get("quotes", []), gold.get("claims", [])
    qpairs = match(quotes, gq, lambda p, g: quote_score(p.get("text", ""), g["text"]))
    cpairs = match(claims, gc, lambda p, g: claim_score(p.get("text", ""), g["content"]))
    qscored = [(i, j) for i, j in qpairs if gq[j].get("speaker")]
    cscored = [(i, j) for i, j in cpairs if gc[j].get("source") and not gc[j].get("source_pronoun")]
    q_ok = lambda i, j: name_ok(name_of(quotes[i]), gq[j]["speaker"], gq[j].get("speaker_accept", []),
                                gq[j].get("speaker_match") == "within")
    c_ok = lambda i, j: name_ok(name_of(claims[i]), gc[j]["source"], gc[j].get("source_accept", []),
                                gc[j].get("source_match") == "within")
    return {
        "pred_quotes": len(quotes), "gold_quotes": len(gq), "quote_hits": len(qpairs),
        "speaker_scored": len(qscored), "speaker_hits": sum(q_ok(i, j) for i, j in qscored),
        "pred_claims": len(claims), "gold_claims": len(gc), "claim_hits": len(cpairs),
        "source_scored": len(cscored), "source_hits": sum(c_ok(i, j) for i, j in cscored),
        "offsets_checked": len(spans),
        "offsets_ok": sum(cut(doc, a["start"], a["end"], unit) == a.get("text", "") for a in spans),
    }


def prf(hits, pred, gold):
    p = hits / pred if pred else 0.0
    r = hits / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def totals(rows):
    t = {}
    for r in rows:
        for k, v in r.items():
            t[k] = t.get(k, 0) + v
    qp, qr, qf = prf(t["quote_hits"], t["pred_quotes"], t["gold_quotes"])
    cp, cr, cf = prf(t["claim_hits"], t["pred_claims"], t["gold_claims"])
    sa = t["speaker_hits"] / t["speaker_scored"] if t["speaker_scored"] else 0.0
    so = t["source_hits"] / t["source_scored"] if t["source_scored"] else 0.0
    # a quote counts only when found and attributed right: precision and recall both scaled by speaker accuracy
    ap, ar = qp * sa, qr * sa
    af = 2 * ap * ar / (ap + ar) if ap + ar else 0.0
    ok = t["offsets_ok"] / t["offsets_checked"] if t["offsets_checked"] else 0.0
    return {"quote_p": qp, "quote_r": qr, "quote_f1": qf, "speaker_acc": sa, "attributed_quote_f1": af,
            "claim_p": cp, "claim_r": cr, "claim_f1": cf, "source_acc": so, "offsets_ok": ok, "counts": t}


SUMMARY_KEYS = ("quote_p", "quote_r", "quote_f1", "speaker_acc", "attributed_quote_f1",
                "claim_p", "claim_r", "claim_f1", "source_acc", "offsets_ok")


def summary_line(m):
    return " ".join(f"{k}={m[k]:.3f}" for k in SUMMARY_KEYS)


def read_article(path):
    """The article as the contract reads it: UTF-8, CRLF and CR as LF (Python's universal newlines)."""
    return path.read_text(encoding="utf-8")


def golds(corpus):
    """(name, article path, gold path) for every NAME.gold.json in the folder, sorted by name."""
    out = []
    for g in sorted(Path(corpus).glob("*.gold.json")):
        name = g.name[: -len(".gold.json")]
        out.append((name, g.with_name(name + ".txt"), g))
    return out


def score_folder(corpus, preds, lines=None):
    """Scores PREDS/NAME.pred.json against CORPUS; a missing or unreadable prediction counts as failed."""
    rows, failed = [], []
    for name, txt, g in golds(corpus):
        try:
            pred = json.loads((Path(preds) / f"{name}.pred.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            failed.append(name)
            if lines is not None:
                lines.append(f"{txt.name}: FAILED {e}")
            continue
        r = score_article(read_article(txt), json.loads(g.read_text(encoding="utf-8")), pred)
        rows.append(r)
        if lines is not None:
            lines.append(
                f"{txt.name}: quotes {r['quote_hits']}/{r['gold_quotes']} found, {r['pred_quotes']} predicted, "
                f"{r['speaker_hits']}/{r['speaker_scored']} attributed right; claims {r['claim_hits']}/"
                f"{r['gold_claims']} found, {r['pred_claims']} predicted, {r['source_hits']}/{r['source_scored']}"
                f" sourced right; offsets {r['offsets_ok']}/{r['offsets_checked']}")
    if not rows:
        return None, failed
    m = totals(rows)
    m["articles"], m["failed"] = len(rows), len(failed)
    return m, failed


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    lines = []
    m, failed = score_folder(argv[0], argv[1], lines)
    print("\n".join(lines))
    if m is None:
        print("no article scored")
        return 1
    print(f"{summary_line(m)} articles={m['articles']} failed={m['failed']}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
