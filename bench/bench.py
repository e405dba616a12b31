#!/usr/bin/env python3
"""Quotelens against its peers, side by side in one run: quality, speed and growth.

Called by bench/run.sh (which builds the binaries and installs the peers first):

  bench.py --out DIR [--quick] [--corpus DIR]... [--no-peers]

Writes DIR/RESULTS.md and DIR/throughput.svg, and prints the tables. Every number in them comes
from this run; nothing is carried over. Exit status 1 when some tool failed or the scorer
disagrees with `quotelens eval`.
"""
import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import chart
import score

REPO = Path(__file__).resolve().parent.parent
# the binaries: run.sh copies them out of target/ first, so that a build running beside the benchmark
# cannot swap them in the middle of a run
BIN = Path(os.environ.get("QUOTELENS_BENCH_BIN", REPO / "target" / "release"))
CACHE = Path(os.environ.get("QUOTELENS_BENCH_CACHE", Path.home() / ".cache" / "quotelens-bench"))
SHARED = REPO.parent / "shared" / "corpus"
PEERS = Path(__file__).resolve().parent / "peers"
BROWSER = Path(__file__).resolve().parent / "browser"
WASM = BIN / "quotelens_bench.wasm" if "QUOTELENS_BENCH_BIN" in os.environ else \
    REPO / "target" / "wasm32-unknown-unknown" / "release" / "quotelens_bench.wasm"
COMPROMISE_ESM = CACHE / "node" / "node_modules" / "compromise" / "builds" / "three" / "compromise-three.mjs"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# the built app (web/): run.sh copies dist/ beside the binaries; alone, bench.py reads dist/
APP = Path(os.environ.get("QUOTELENS_BENCH_APP", REPO / "dist"))
APP_JS = Path(__file__).resolve().parent / "app" / "app.mjs"
APP_LOADS, APP_KB, APP_ACTIONS = 5, 1000, 10
# the app at scale (issue 14): review actions on the 1 MB article with this many annotations
SCALE_JS = Path(__file__).resolve().parent / "app" / "scale.mjs"
APP_SCALE, APP_SCALE_TARGET_MS = 100_000, 50

TOOLS = ("quotelens", "textacy", "compromise")
LABEL = {
    "quotelens": "Quotelens (native)",
    "textacy": "textacy 0.13 + spaCy en_core_web_sm",
    "compromise": "compromise 14 (Node)",
    "none": "no extraction (Hypothesis, Recogito: highlight by hand)",
}
CHART_LABEL = {"quotelens": "Quotelens (native)", "textacy": "textacy + spaCy", "compromise": "compromise (Node)",
               "wasm": "Quotelens (wasm, Chromium)", "compromise-browser": "compromise (Chromium)"}
BROWSER_LABEL = {"wasm": "Quotelens (WebAssembly)", "compromise-browser": "compromise 14 (bundled, same page)"}
TARGETS = {"compromise": 100, "textacy": 1000}  # Quotelens words/s ÷ peer words/s, from issue #5
APP_GZIP_TARGET_KB = 350


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    out = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if out.returncode != 0:
        raise RuntimeError(f"{Path(str(cmd[0])).name} exited {out.returncode}: {out.stderr.strip()[-800:]}")
    return out.stdout


def peer_cmd(tool):
    if tool == "quotelens":
        return [BIN / "quotelens-bench"]
    if tool == "textacy":
        return [CACHE / "venv" / "bin" / "python", PEERS / "textacy_peer.py"]
    return ["node", PEERS / "compromise_peer.mjs"]


ENV = dict(os.environ, QUOTELENS_BENCH_NODE=str(CACHE / "node"))


# ---------------------------------------------------------------- quality


def predict(tool, corpus, out):
    """Writes out/NAME.pred.json for every article of the corpus; returns the seconds it took."""
    out.mkdir(parents=True, exist_ok=True)
    docs = [txt for _, txt, _ in score.golds(corpus)]
    t0 = time.perf_counter()
    if tool == "quotelens":
        for txt in docs:
            (out / (txt.stem + ".pred.json")).write_text(run([BIN / "quotelens", "extract", txt]), encoding="utf-8")
    elif tool == "none":
        for txt in docs:
            (out / (txt.stem + ".pred.json")).write_text('{"offset_unit": "utf16", "annotations": []}')
    else:
        run(peer_cmd(tool) + ["extract", out, *docs], env=ENV)
    return time.perf_counter() - t0


def quality(corpora, tools, work):
    """{corpus label: {tool: metrics}}; checks the scorer against `quotelens eval` on each corpus."""
    res = {}
    for label, corpus in corpora:
        res[label] = {}
        for tool in tools + ["none"]:
            log(f"quality: {tool} on {label}")
            predict(tool, corpus, work / "pred" / label / tool)
            m, failed = score.score_folder(corpus, work / "pred" / label / tool)
            if m is None or failed:
                raise RuntimeError(f"{tool} on {label}: no prediction for {failed}")
            res[label][tool] = m
        ours = run([BIN / "quotelens", "eval", corpus]).strip().splitlines()[-1]
        mine = f"{score.summary_line(res[label]['quotelens'])} articles={res[label]['quotelens']['articles']} failed=0"
        if ours != mine:
            raise RuntimeError(f"bench/score.py disagrees with `quotelens eval` on {label}:\n  {ours}\n  {mine}")
    return res


# ---------------------------------------------------------------- speed


def text_of(path):
    return score.read_article(Path(path))


def size_of(files):
    texts = [text_of(f) for f in files]
    return sum(len(t.encode("utf-8")) for t in texts), sum(len(t.split()) for t in texts)


def time_tool(tool, files, runs, budget):
    """One tool alone (the growth sizes): its timer's `time` mode, one process per call."""
    out = run(peer_cmd(tool) + ["time", "--runs", runs, "--budget", budget, *files] if tool != "quotelens"
              else peer_cmd(tool) + ["--runs", runs, "--budget", budget, *files], env=ENV)
    return json.loads(out.strip().splitlines()[-1])


class Timer:
    """A tool's timer kept running in its `serve` mode: it reads its texts and warms up once, then times
    passes on request (a line "RUNS SECONDS" on its stdin; the pass times come back as one JSON line),
    and waits idle in between, so that bench.py can alternate the passes of two tools."""

    def __init__(self, tool, files):
        self.tool = tool
        self.err = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: nobody reads it until a failure
        self.proc = subprocess.Popen([str(c) for c in peer_cmd(tool) + ["serve", *files]], env=ENV, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err)
        self.answer()  # {"ready": true}, after the warm-up

    def answer(self):
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            self.err.seek(0)
            raise RuntimeError(f"{self.tool}'s timer exited {self.proc.returncode}: {self.err.read().strip()[-800:]}")
        return json.loads(line)

    def passes(self, runs, seconds=0.0):
        """The seconds of each of at least `runs` passes taking at least `seconds` in all."""
        self.proc.stdin.write(f"{max(0, runs)} {max(0.0, seconds)}\n")
        self.proc.stdin.flush()
        return self.answer()["times"]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.stdin.close()  # the timer exits at the end of its input
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.err.close()


BLOCK_S = 0.5  # Quotelens' first block of passes in an alternation; every later block has as many passes


def enough(times, runs, budget):
    """The rule of every timer: at least `runs` passes and at least 2 s of them (or the budget, if shorter)."""
    return len(times) >= runs and sum(times) >= min(2.0, budget)


def alternate(peer, files, runs, budget):
    """Quotelens and one peer timed in alternation: a block of Quotelens passes, one peer pass, a block, …,
    ending on a block, so that every peer pass has Quotelens passes just before and just after it and a slow
    stretch of the machine (they last minutes here) slows both. The first block takes BLOCK_S; the later ones
    the same number of passes, so that every round weighs the same in Quotelens' median. Rounds go on until
    both tools have enough passes or the peer's budget is spent; then the last block goes on until Quotelens
    has enough. Returns (Quotelens' blocks, the peer's pass times); blocks[i] comes before peer pass i."""
    with Timer(peer, files) as p, Timer("quotelens", files) as q:  # the slow one loads and warms up first
        blocks = [q.passes(1, BLOCK_S)]
        peer_times = []
        while sum(peer_times) < budget and not (enough(peer_times, runs, budget)
                                                and enough(sum(blocks, []), runs, budget)):
            peer_times += p.passes(1)
            blocks.append(q.passes(len(blocks[0])))
        ours = sum(blocks, [])
        if not enough(ours, runs, budget):
            blocks[-1] += q.passes(runs - len(ours), min(2.0, budget) - sum(ours))
    return blocks, peer_times


def stats(times, nbytes, nwords):
    med = statistics.median(times)
    return {"runs": len(times), "median_s": med, "min_s": min(times), "bytes": nbytes, "words": nwords,
            "words_s": nwords / med, "mb_s": nbytes / 1e6 / med}


def pairing(blocks, peer_times, nbytes, nwords):
    """One alternation's numbers: each tool's median over the same stretch of time, and each round's ratio
    (a peer pass over the median of the Quotelens blocks just before and after it), to show the spread."""
    rounds = [t / statistics.median(blocks[i] + blocks[i + 1]) for i, t in enumerate(peer_times)]
    return {"quotelens": stats(sum(blocks, []), nbytes, nwords), "peer": stats(peer_times, nbytes, nwords),
            "blocks": len(blocks), "rounds": rounds}


def speed(files, tools, runs, budget):
    """{"quotelens": its passes over all pairings, "pairs": {peer: pairing}}; Quotelens alone without peers."""
    nbytes, nwords = size_of(files)
    res = {"pairs": {}}
    ours = []
    for peer in tools[1:]:
        log(f"speed: quotelens and {peer} in alternation on {len(files)} articles")
        blocks, peer_times = alternate(peer, files, runs, budget)
        res["pairs"][peer] = pairing(blocks, peer_times, nbytes, nwords)
        ours += sum(blocks, [])
    if not ours:
        log(f"speed: quotelens on {len(files)} articles")
        with Timer("quotelens", files) as q:
            ours = q.passes(runs, min(2.0, budget))
    res["quotelens"] = stats(ours, nbytes, nwords)
    return res


def grown_text(files, size):
    """The articles' paragraphs in order, over and over, until the text has `size` bytes or more."""
    paras = [p for f in files for p in text_of(f).split("\n") if p.strip()]
    out, n, i = [], 0, 0
    while n < size:
        p = paras[i % len(paras)]
        out.append(p)
        n += len(p.encode("utf-8")) + 1
        i += 1
    return "\n".join(out) + "\n"


def growth(files, sizes, tools, work, peer_budget):
    """{tool: [(size, result or None)]}, one tool after the other through all sizes: every size for
    Quotelens; a peer stops at the first size whose expected time (extrapolated from the sizes
    before) is over peer_budget seconds."""
    texts = []
    for size in sizes:
        path = work / f"growth-{size}.txt"
        text = grown_text(files, size)
        path.write_text(text, encoding="utf-8")
        texts.append((size, path, len(text.encode("utf-8")), len(text.split())))
    res = {t: [] for t in tools}
    for tool in tools:
        for size, path, nbytes, nwords in texts:
            prev = [(s, r) for s, r in res[tool] if r]
            # extrapolate with the growth seen so far (textacy's grows faster than linear), at least linear
            e = max(1.0, exponent(prev) or 1.0)
            expect = prev[-1][1]["median_s"] * (nbytes / prev[-1][1]["bytes"]) ** e if prev else 0.0
            if tool != "quotelens" and (expect > peer_budget or (res[tool] and res[tool][-1][1] is None)):
                res[tool].append((size, None))
                continue
            log(f"growth: {tool} at {nbytes:,} bytes")
            runs, budget = (15, 10) if tool == "quotelens" else (3, peer_budget)
            t = time_tool(tool, [path], runs, budget)
            res[tool].append((size, dict(t, bytes=nbytes, words=nwords, mb_s=nbytes / 1e6 / t["median_s"],
                                         words_s=nwords / t["median_s"])))
    return res, texts


def browser_missing():
    """Why the browser part cannot run here, or None."""
    if not WASM.is_file():
        return f"no {WASM} (bench/run.sh builds it)"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}"
    if not (CACHE / "node" / "node_modules" / "playwright-core").is_dir() or not COMPROMISE_ESM.is_file():
        return "the node peers are not installed (bench/setup.sh)"
    return None


def in_browser(files, grown, runs, budget, peer_budget, timeout):
    """The WebAssembly core and compromise in one headless Chromium page (bench/browser), timed there in
    alternation the way alternate() times the native tools."""
    log("browser: the WebAssembly core and compromise in alternation in headless Chromium")
    out = json.loads(run(["node", BROWSER / "run.mjs", "--wasm", WASM, "--compromise", COMPROMISE_ESM,
                          "--runs", runs, "--budget", budget, "--peer-budget", peer_budget, "--block", BLOCK_S,
                          "--articles", *files, "--growth", *[p for _, p, _, _ in grown]], env=ENV,
                         timeout=timeout).strip().splitlines()[-1])
    nbytes, nwords = size_of(files)
    res = {"chromium": out["userAgent"].split("HeadlessChrome/")[-1].split()[0], "growth": {},
           "pair": pairing(out["articles"]["quotelens"], out["articles"]["compromise"], nbytes, nwords)}
    for page_name, tool in (("quotelens", "wasm"), ("compromise", "compromise-browser")):
        res["growth"][tool] = [
            (size, dict(r, bytes=b, words=w, words_s=w / r["median_s"], mb_s=b / 1e6 / r["median_s"]) if r else None)
            for (size, _, b, w), r in zip(grown, out["growth"][page_name])]
    return res


def app_measures():
    """The app's size (scripts/app-size.sh over the build) and its timings in Chromium (bench/app):
    ({"size": …, "timings": … or None}, why the timings are missing or None), or (None, why)."""
    if not (APP / "index.html").is_file():
        return None, f"no built app in {APP} (bench/run.sh builds it with trunk)"
    log(f"app: size of {APP}")
    rows = [line.strip("| ").split(" | ") for line in run([REPO / "scripts" / "app-size.sh", APP]).splitlines()[2:]]
    files = {name: int(gz) for name, _, gz in rows[:-1]}
    res = {"size": {"gzip": sum(files.values()), "raw": int(rows[-1][1]), "files": files}, "timings": None}
    missing = None
    if not CHROMIUM.exists():
        missing = f"no Chromium at {CHROMIUM}"
    elif not (CACHE / "node" / "node_modules" / "playwright-core").is_dir():
        missing = "playwright-core is not installed (bench/setup.sh)"
    else:
        log(f"app: {APP_LOADS} fresh loads of the sample, {APP_ACTIONS} accepts on a {APP_KB:,} KB article, in Chromium")
        res["timings"] = json.loads(run(["node", APP_JS, "--dist", APP, "--loads", APP_LOADS, "--kb", APP_KB,
                                         "--actions", APP_ACTIONS], env=ENV, timeout=900).strip().splitlines()[-1])
        log(f"app: {APP_ACTIONS} x j and a on a {APP_KB:,} KB article with {APP_SCALE:,} annotations, in Chromium")
        res["scale"] = json.loads(run(["node", SCALE_JS, "--dist", APP, "--kb", APP_KB, "--annotations", APP_SCALE,
                                       "--actions", APP_ACTIONS], env=ENV, timeout=900).strip().splitlines()[-1])
    return res, missing


def app_table(w, app, app_missing):
    w("| measure | value | target |")
    w("|---|---|---|")
    if app is None:
        w(f"| gzip size of wasm + js + css | TODO: not measured in this run ({app_missing}) | ≤ {APP_GZIP_TARGET_KB} KB |")
        w(f"| navigation → first highlighted annotation | TODO ({app_missing}) | |")
        w(f"| review action, 1 MB document with 5,000 annotations | TODO ({app_missing}) | |")
        return
    z = app["size"]
    kb = z["gzip"] / 1024
    parts = ", ".join(f"{n.rsplit('.', 1)[-1]} {g / 1024:.1f}" for n, g in sorted(z["files"].items(), key=lambda f: -f[1]))
    w(f"| gzip size of wasm + js + css | {kb:.1f} KB ({parts}; gzip -9 of `trunk build --release`, KB = 1,024 bytes, "
      f"as `scripts/app-size.sh`) | ≤ {APP_GZIP_TARGET_KB} KB: **{'met' if kb <= APP_GZIP_TARGET_KB else 'not met'}** |")
    t = app["timings"]
    if t is None:
        w(f"| navigation → first highlighted annotation | TODO ({app_missing}) | |")
        w(f"| review action, 1 MB document with 5,000 annotations | TODO ({app_missing}) | |")
        return
    f = t["first_highlight_ms"]
    w(f"| navigation → first highlighted annotation | {f['median']:.0f} ms, median of {len(f['loads'])} loads "
      f"({f['min']:.0f}–{f['max']:.0f} ms): the built-in sample, each load a new Chromium with a fresh profile; "
      "navigation start to the first highlight span in the DOM | |")
    r = t["review"]
    a = r["accept_ms"]
    w(f"| review action, 1 MB document with 5,000 annotations | accept (`a`): {a['median']:.0f} ms, median of "
      f"{len(a['actions'])} ({a['min']:.0f}–{a['max']:.0f} ms), from the key to the item's mark and list row showing "
      f"`s-accepted`; {r['accept_frame_ms']['median']:.0f} ms to the next frame. A generated {r['bytes'] / 1e6:.2f} MB "
      f"article (`bench/app/article.mjs`) with {r['annotations']:,} annotations, opened and drawn in "
      f"{r['opened_ms'] / 1e3:.1f} s | |")
    s = app.get("scale")
    if s:
        a, n = s["accept_ms"], s["next_ms"]
        met = "met" if a["median"] <= APP_SCALE_TARGET_MS else "not met"
        w(f"| review action, 1 MB document with {s['annotations']:,} annotations | accept (`a`): {a['median']:.1f} ms, "
          f"median of {APP_ACTIONS} (max {a['max']:.1f} ms), from the key to the selected mark showing `s-accepted`; "
          f"next (`j`) {n['median']:.1f} ms (max {n['max']:.1f}); {s['accept_frame_ms']['median']:.0f} ms to the next "
          f"frame; the save after it, in an idle period, a task of {s['longest_task_after_accept_ms']['median']:.0f} ms. "
          f"Imported as Quotelens JSON (`bench/app/scale.mjs`) and drawn in {s['opened_ms'] / 1e3:.1f} s | "
          f"≤ {APP_SCALE_TARGET_MS} ms key to mark: **{met}** |")


def exponent(points):
    """Least-squares slope of log(time) against log(bytes): 1 is linear growth."""
    pts = [(math.log(r["bytes"]), math.log(r["median_s"])) for _, r in points if r]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)


# ---------------------------------------------------------------- report


def versions(tools):
    v = {"rustc": run(["rustc", "--version"]).split()[1], "python": platform.python_version(),
         "node": run(["node", "--version"]).strip().lstrip("v")}
    if "textacy" in tools:
        v["textacy/spaCy"] = run([CACHE / "venv" / "bin" / "python", "-c",
                                  "import textacy, spacy; print(textacy.__version__ + ' / ' + spacy.__version__)"]).strip()
    if "compromise" in tools:
        v["compromise"] = json.loads((CACHE / "node" / "node_modules" / "compromise" / "package.json").read_text())["version"]
    return v


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}"


def commit():
    try:
        h = run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]).strip()
        dirty = run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"]).strip()
        return h + (" (with uncommitted changes)" if dirty else "")
    except (RuntimeError, OSError):
        return "unknown"


def fmt_size(n):
    for unit, div in (("MB", 1e6), ("KB", 1e3)):
        if n >= div:
            v = n / div
            return f"{v:.0f} {unit}" if abs(v - round(v)) < 0.05 else f"{v:.1f} {unit}"
    return f"{n} B"


def fmt_rate(x):
    if x >= 1e6:
        return f"{x / 1e6:.2f} M"
    if x >= 1e3:
        return f"{x / 1e3:.1f} k"
    return f"{x:.0f}"


def fmt_mbs(x):
    return f"{x:.1f}" if x >= 10 else f"{x:.3g}"


def fmt_s(s):
    return f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.2f} s"


def speed_table(w, ours, pairs, labels, ref):
    """Per peer two rows: Quotelens' passes of that alternation, then the peer's, with the ratio of their medians
    and the range of the per-round ratios. Quotelens alone (no peers): one row."""
    w("| tool | passes | time per pass: median (best) | words/s | MB/s | Quotelens is … faster (per round) | target |")
    w("|---|---|---|---|---|---|---|")

    def row(label, s, runs, ratio, target=""):
        w(f"| {label} | {runs} | {fmt_s(s['median_s'])} ({fmt_s(s['min_s'])}) | {fmt_rate(s['words_s'])} | "
          f"{fmt_mbs(s['mb_s'])} | {ratio} | {target} |")

    if not pairs:
        row(labels[ref], ours, ours["runs"], "—")
    for peer, pr in pairs.items():
        q, s = pr["quotelens"], pr["peer"]
        ratio = q["words_s"] / s["words_s"]
        tgt = TARGETS[peer.replace("-browser", "")]
        row(f"{labels[ref]}, alternating with {peer.replace('-browser', '')}", q, f"{q['runs']:,} in {pr['blocks']} blocks", "—")
        row(labels[peer], s, s["runs"], f"{ratio:,.0f}× ({min(pr['rounds']):,.0f}–{max(pr['rounds']):,.0f}×)",
            f"≥ {tgt:,}×: **{'met' if ratio >= tgt else 'not met'}**")
    w("")


def report(args, corpora, qual, spd, speed_label, grow, web, web_missing, app, app_missing, tools, vers, started,
           elapsed, svg_name):
    L = []
    w = L.append
    mode = "quick" if args.quick else "full"
    cmd = "bench/run.sh --quick" if args.quick else "bench/run.sh"
    w("# Quotelens benchmark results")
    w("")
    w(f"Generated by `{cmd}` on {started:%Y-%m-%d %H:%M} UTC ({mode} run, {elapsed:.0f} s); do not edit by hand — ")
    w("rerun the command. Every number below was measured in that one run, all tools on the same texts.")
    w("")
    w(f"- machine: {machine()}; each tool runs on one thread; load average {args.load[0]:.1f} at the start, "
      f"{os.getloadavg()[0]:.1f} at the end (other work on the machine slows every tool alike)")
    w(f"- versions: " + ", ".join(f"{k} {v}" for k, v in vers.items()) + f"; Quotelens at commit {args.commit}")
    w("")
    w("## Quality")
    w("")
    w("The metric of the evaluation contract (`/work/shared/corpus/README.md`; `bench/score.py`, checked in this")
    w("run to give the same numbers as `quotelens eval`). The peers print the same annotation JSON as")
    w("`quotelens extract`; neither finds claims, and compromise names no speakers, so those columns are 0 for them.")
    w("")
    for label, corpus in corpora:
        n = qual[label]["quotelens"]
        c = n["counts"]
        w(f"### {label}: {n['articles']} article{'s' if n['articles'] != 1 else ''}, {c['gold_quotes']} quotes, {c['gold_claims']} claims")
        w("")
        w("| tool | quote F1 | speaker acc. | attributed-quote F1 | claim F1 | source acc. | quote P / R | offsets ok |")
        w("|---|---|---|---|---|---|---|---|")
        for tool in tools + ["none"]:
            m = qual[label][tool]
            w(f"| {LABEL[tool]} | {m['quote_f1']:.3f} | {m['speaker_acc']:.3f} | {m['attributed_quote_f1']:.3f} | "
              f"{m['claim_f1']:.3f} | {m['source_acc']:.3f} | {m['quote_p']:.3f} / {m['quote_r']:.3f} | "
              + (f"{m['offsets_ok']:.3f} |" if m["counts"]["offsets_checked"] else "— |"))
        w("")
    w("## Speed")
    w("")
    q = spd["quotelens"]
    w(f"{speed_label}: {q['bytes'] / 1e3:,.0f} KB, {q['words']:,} words (whitespace-separated), each article one call, as a user")
    w("would run it. The time is extraction only (no process start, no model loading, no JSON output): `extract()` of the")
    w("core, `nlp()` + `direct_quotations()`, `nlp().quotations()`. Each tool warms up first: passes over the first 2,000")
    w("characters of each article, at least 3, for at least half a second.")
    w("")
    w("**Timed in alternation.** This machine is shared and its speed moves for minutes at a time, so Quotelens and")
    w("each peer are timed side by side: a block of Quotelens passes, one peer pass, another block, and so on, ending")
    w("on a block, so that every peer pass has Quotelens passes just before and after it. The first block")
    w(f"takes {BLOCK_S} s and every later one as many passes, so each round weighs the same. Rounds go on until each tool has")
    w(f"at least {args.runs} passes and at least 2 s of them, or the peer's budget of {args.budget:.0f} s is spent (the last block then")
    w("goes on until Quotelens has its share). Each row is the median pass of its tool in that alternation; the ratio is")
    w("the peer's median over Quotelens' median, and in brackets the range of the rounds' own ratios (a peer pass over the")
    w("median of the two Quotelens blocks around it).")
    w("")
    w("### Native")
    w("")
    w("Each timer is a process kept running (`serve` mode: `bench/native`, `bench/peers`) that bench.py asks for")
    w("passes over stdin; the one not asked waits idle.")
    w("")
    speed_table(w, q, spd["pairs"], LABEL, "quotelens")
    w("### In the browser")
    w("")
    if web:
        a = web["pair"]["quotelens"]
        w(f"One headless Chromium {web['chromium']} page loads the core compiled to WebAssembly (`bench/native`, no JS glue)")
        w("and compromise's browser build, both served from this machine, and times them on the same articles in")
        w("alternation in the page, as above (`bench/browser`). The core's time includes copying each string into its")
        w(f"memory as UTF-8. The WebAssembly core runs at {a['mb_s'] / q['mb_s']:.2f}× the native speed (timed minutes apart:")
        w("a rough figure).")
        w("")
        speed_table(w, q, {"compromise-browser": web["pair"]}, BROWSER_LABEL, "wasm")
    else:
        w(f"TODO: not measured in this run ({web_missing}).")
        w("")
    w("## Growth")
    w("")
    w(f"The paragraphs of the same articles, in order, repeated to each size, extracted in one call. Peers stop at")
    w(f"the first size they would take more than {args.peer_budget:.0f} s for. Each tool is timed through all sizes in turn")
    w("(not in alternation), so these throughputs carry the machine's drift between tools; the ratios above do not.")
    w("Throughput against input size:")
    w("")
    w(f"![throughput against input size]({svg_name})")
    w("")
    cols = [(t, LABEL[t].split(" (")[0].split(" 0.")[0].split(" 14")[0], grow[t]) for t in tools]
    if web:
        cols += [(t, CHART_LABEL[t], web["growth"][t]) for t in ("wasm", "compromise-browser")]
    head, sep = "| input | words |", "|---|---|"
    for t, name, _ in cols:
        head += f" {CHART_LABEL[t]} time | MB/s |"
        sep += "---|---|"
    w(head)
    w(sep)
    for k, (size, r) in enumerate(grow["quotelens"]):
        row = f"| {fmt_size(r['bytes'])} | {r['words']:,} |"
        for t, _, g in cols:
            pr = g[k][1]
            row += f" {fmt_s(pr['median_s'])} | {fmt_mbs(pr['mb_s'])} |" if pr else " — | — |"
        w(row)
    if not web:
        w(f"| WebAssembly in Chromium: TODO ({web_missing}) | |" + " |" * (2 * len(cols)))
    w("")
    for t, _, g in cols:
        done = [r for _, r in g if r]
        e = exponent(g[1:] if len(done) > 2 else g)
        if e is not None:
            w(f"- {CHART_LABEL[t]}: time grows as size^{e:.2f} (least squares over the measured sizes"
              + (" from 100 KB" if len(done) > 2 else "") + "; 1.00 is linear)")
    w("")
    w("## The app")
    w("")
    w("The annotator (`web/`) as built by `trunk build --release`, served from this machine, in headless Chromium")
    w("(`bench/app`; the same sizes and counts in the quick run).")
    w("")
    app_table(w, app, app_missing)
    w("")
    w("## Rerun")
    w("")
    w("`bench/run.sh` (the full run; uses `../shared/corpus` when it is there, else the fixtures) or")
    w("`bench/run.sh --quick` (fixtures, small sizes, a short budget; what `scripts/test.sh` runs, into a")
    w("temporary folder). `bench/setup.sh` installs the peers into `~/.cache/quotelens-bench` the first time;")
    w("`bench/README.md` says how each tool is run.")
    return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--corpus", action="append", type=Path, help="NAME.txt + NAME.gold.json folder (repeatable)")
    ap.add_argument("--no-peers", action="store_true", help="Quotelens alone (the peers could not be installed)")
    ap.add_argument("--no-browser", action="store_true", help="skip the page in headless Chromium")
    ap.add_argument("--no-app", action="store_true", help="skip the app's size and timings")
    ap.add_argument("--app-only", action="store_true", help="measure the app alone and print its table (writes nothing)")
    args = ap.parse_args()
    if args.app_only:
        app, app_missing = app_measures()
        lines = []
        app_table(lines.append, app, app_missing)
        print("\n".join(lines))
        return 0
    started = datetime.datetime.now(datetime.timezone.utc)
    args.load = os.getloadavg()
    args.commit = commit()  # before this run writes its own files
    t_start = time.perf_counter()

    if args.corpus:
        corpora = [(c.resolve().name, c.resolve()) for c in args.corpus]
    else:
        corpora = [("own fixtures", REPO / "tests" / "fixtures")]
        if not args.quick and (SHARED / "polnear" / "dev").is_dir():
            corpora += [("seed (2 wire stories)", SHARED), ("PolNeAR dev", SHARED / "polnear" / "dev")]
    # speed and growth texts: the largest corpus of the run
    speed_label, speed_corpus = max(corpora, key=lambda lc: sum(t.stat().st_size for _, t, _ in score.golds(lc[1])))
    speed_files = [t for _, t, _ in score.golds(speed_corpus)]
    tools = ["quotelens"] if args.no_peers else list(TOOLS)
    if args.quick:
        runs, budget, sizes = 7, 3.0, [10_000, 100_000, 1_000_000]
        args.peer_budget = 5.0
    else:
        runs, budget, sizes = 9, 60.0, [10_000, 100_000, 1_000_000, 10_000_000]
        args.peer_budget = 60.0
    args.runs, args.budget = runs, budget

    with tempfile.TemporaryDirectory(prefix="quotelens-bench-") as tmp:
        work = Path(tmp)
        qual = quality(corpora, tools, work)
        spd = speed(speed_files, tools, runs, budget)
        grow, grown = growth(speed_files, sizes, tools, work, args.peer_budget)
        web = None
        web_missing = "not asked for (--no-browser)" if args.no_browser else browser_missing()
        if web_missing:
            log(f"WARNING: no browser numbers: {web_missing}")
        else:
            web = in_browser(speed_files, grown, runs, budget, args.peer_budget, 600 if args.quick else 3600)
    app, app_missing = (None, "not asked for (--no-app)") if args.no_app else app_measures()
    if app_missing:
        log(f"WARNING: app numbers missing: {app_missing}")
    vers = versions(tools)
    if web:
        vers["Chromium"] = web["chromium"]
    args.out.mkdir(parents=True, exist_ok=True)
    series = {CHART_LABEL[t]: [(r["bytes"], r["mb_s"]) for _, r in grow[t] if r] for t in tools}
    for t, g in (web["growth"] if web else {}).items():
        series[CHART_LABEL[t]] = [(r["bytes"], r["mb_s"]) for _, r in g if r]
    (args.out / "throughput.svg").write_text(chart.svg(series, f"{speed_label} articles, repeated"), encoding="utf-8")
    md = report(args, corpora, qual, spd, speed_label, grow, web, web_missing, app, app_missing, tools, vers, started,
                time.perf_counter() - t_start, "throughput.svg")
    (args.out / "RESULTS.md").write_text(md, encoding="utf-8")
    print(md)
    log(f"wrote {args.out / 'RESULTS.md'} and {args.out / 'throughput.svg'}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        log(f"FAILED: {e}")
        sys.exit(1)
