// Peer: compromise's quotations() in the benchmark's protocol (see textacy_peer.py for the modes).
//   node compromise_peer.mjs extract OUTDIR FILE...
//   node compromise_peer.mjs time [--runs N] [--budget S] [--warmup-bytes B] FILE...
//   node compromise_peer.mjs serve [--warmup-bytes B] FILE...   (bench.py alternates its passes with Quotelens')
// compromise is loaded from $QUOTELENS_BENCH_NODE (the cache's node folder, see ../setup.sh).
// Each article is read as UTF-8 with CRLF/CR as LF. compromise marks quotations but names no
// speaker and finds no claims; a quotation's span starts at its first word and may take the
// closing mark and following punctuation along, so it is cut back to the text inside the marks.
// Offsets are JavaScript string indices (offset_unit "utf16").
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const require = createRequire(join(process.env.QUOTELENS_BENCH_NODE || '.', 'node_modules') + '/');
const nlp = require('compromise');
const MARKS = '"\'“”‘’«»„‟‹›';

function extract(text) {
  const annotations = [];
  for (const q of nlp(text).quotations().json({ offset: true })) {
    let start = q.offset.start;
    let end = start + q.offset.length;
    while (start < end && MARKS.includes(text[start])) start++;
    let close = end;
    while (close > start && !MARKS.includes(text[close - 1])) close--;
    if (close > start) end = close - 1; // before the closing mark
    while (end > start && MARKS.includes(text[end - 1])) end--;
    if (end > start) annotations.push({ kind: 'quote', start, end, text: text.slice(start, end), speaker: null });
  }
  return annotations;
}

const read = (p) => readFileSync(p, 'utf8').replace(/\r\n?/g, '\n');

// warm-up: passes over the first `chars` of each text (UTF-16 units, near enough), >= 3 and >= 0.5 s
function warmUp(texts, chars) {
  const warm = performance.now();
  for (let p = 1; ; p++) {
    for (const t of texts) extract(t.slice(0, chars));
    if (p >= 3 && performance.now() - warm >= 500) break;
  }
}

// timed passes over all texts: at least `runs` and at least `minTime` seconds of them, stopping once
// `budget` seconds are spent, at least one; each pass's seconds and the last's annotations
function passes(texts, runs, minTime, budget) {
  const times = [];
  let annotations = 0;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1e3;
  while (!times.length || ((times.length < runs || elapsed() < minTime) && elapsed() < budget)) {
    const t0 = performance.now();
    annotations = 0;
    for (const t of texts) annotations += extract(t).length;
    times.push((performance.now() - t0) / 1e3);
  }
  return { times, annotations };
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'extract' && rest.length >= 2) {
  const out = rest.shift();
  mkdirSync(out, { recursive: true });
  for (const p of rest) {
    const text = read(p);
    const pred = { offset_unit: 'utf16', annotations: extract(text) };
    writeFileSync(join(out, basename(p).replace(/\.txt$/, '') + '.pred.json'), JSON.stringify(pred));
  }
} else if (mode === 'time' || mode === 'serve') {
  const opts = { '--runs': 5, '--budget': 10, '--warmup-bytes': 2000 };
  const files = [];
  while (rest.length) {
    const a = rest.shift();
    if (a in opts) opts[a] = Number(rest.shift()); else files.push(a);
  }
  const texts = files.map(read);
  warmUp(texts, opts['--warmup-bytes']);
  if (mode === 'serve') {
    console.log(JSON.stringify({ ready: true }));
    // one request per line; a pass runs synchronously, so nothing else happens in this process meanwhile
    for await (const line of createInterface({ input: process.stdin })) {
      const [runs, secs] = line.trim().split(/\s+/).map(Number);
      console.log(JSON.stringify(passes(texts, runs, secs, Infinity)));
    }
  } else {
    // at least --runs passes and at least 2 s of them, within the budget: the same rule in every tool's timer
    const { times, annotations } = passes(texts, opts['--runs'], Math.min(2, opts['--budget']), opts['--budget']);
    const sorted = [...times].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    console.log(JSON.stringify({ tool: 'compromise', runs: times.length, median_s: median, min_s: sorted[0], annotations }));
  }
} else {
  console.error('usage: compromise_peer.mjs extract OUTDIR FILE... | time [--runs N] [--budget S] [--warmup-bytes B] FILE... | serve [--warmup-bytes B] FILE...');
  process.exit(2);
}
