// In the benchmark page: window.bench(config) times the WebAssembly core and compromise on the
// same texts and returns the numbers. Each tool warms up first: passes over the first `warmupChars`
// of each text, at least 3 and for at least half a second (so V8 has tiered both up from their
// baseline compilers). On the articles the two are timed in alternation, as bench.py alternates the
// native timers: a block of core passes, one compromise pass, a block, …, ending on a block (the
// first block takes `block` seconds, every later one as many passes), until each has at least `runs`
// passes and at least 2 s of them or compromise's `budget` is spent; the raw times go back to
// bench.py, which takes the medians. Each growth text: one tool after the other, at least `runs`
// passes and at least 2 s of them, until `budget` seconds, at least one; the median pass. The core's
// time includes copying the string into its memory as UTF-8 (what any page pays); compromise takes
// the JavaScript string as it is.
import nlp from '/compromise.mjs';

const status = document.getElementById('status');
const MARKS = '"\'“”‘’«»„‟‹›';

const { instance } = await WebAssembly.instantiateStreaming(fetch('/quotelens_bench.wasm'), {});
const core = instance.exports;
const encoder = new TextEncoder();

function quotelens(text) {
  const cap = text.length * 3 + 1;
  const ptr = core.ql_alloc(cap);
  const { written } = encoder.encodeInto(text, new Uint8Array(core.memory.buffer, ptr, cap));
  const n = core.ql_extract(ptr, written);
  core.ql_free(ptr, cap);
  return n;
}

// the same use of compromise as bench/peers/compromise_peer.mjs
function compromise(text) {
  let n = 0;
  for (const q of nlp(text).quotations().json({ offset: true })) {
    let start = q.offset.start;
    let end = start + q.offset.length;
    while (start < end && MARKS.includes(text[start])) start++;
    let close = end;
    while (close > start && !MARKS.includes(text[close - 1])) close--;
    if (close > start) end = close - 1;
    while (end > start && MARKS.includes(text[end - 1])) end--;
    if (end > start) n++;
  }
  return n;
}

const TOOLS = { quotelens, compromise };

function warmUp(fn, texts, warmupChars) {
  const warm = performance.now();
  for (let p = 1; ; p++) {
    for (const t of texts) fn(t.slice(0, warmupChars));
    if (p >= 3 && performance.now() - warm >= 500) break;
  }
}

let sink = 0;  // the calls' results, kept, so no call can be optimised away

// timed passes over all texts: at least `runs` and at least `minTime` seconds of them, stopping once
// `budget` seconds are spent, at least one; the seconds of each pass
function passes(fn, texts, runs, minTime, budget = Infinity) {
  const times = [];
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1e3;
  while (!times.length || ((times.length < runs || elapsed() < minTime) && elapsed() < budget)) {
    const t0 = performance.now();
    for (const t of texts) sink += fn(t);
    times.push((performance.now() - t0) / 1e3);
  }
  return times;
}

const sum = (times) => times.reduce((a, b) => a + b, 0);

// one tool alone (the growth texts): at least `runs` passes and at least 2 s of them, within the
// budget (a fast tool's few passes are a short, noisy sample): the same rule in every tool's timer
function time(fn, texts, runs, budget, warmupChars) {
  warmUp(fn, texts, warmupChars);
  const s = passes(fn, texts, runs, Math.min(2, budget), budget).sort((a, b) => a - b);
  const m = s.length >> 1;
  return { runs: s.length, median_s: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, min_s: s[0] };
}

// the core and compromise in alternation (bench.py's alternate(), in the page): blocks[i] are the
// core's passes before compromise's pass i, the last block those after its last pass
function alternate(texts, runs, budget, block, warmupChars) {
  warmUp(compromise, texts, warmupChars);
  warmUp(quotelens, texts, warmupChars);
  const enough = (times) => times.length >= runs && sum(times) >= Math.min(2, budget);
  const blocks = [passes(quotelens, texts, 1, block)];
  const peer = [];
  while (sum(peer) < budget && !(enough(peer) && enough(blocks.flat()))) {
    peer.push(...passes(compromise, texts, 1, 0));
    blocks.push(passes(quotelens, texts, blocks[0].length, 0));
  }
  const ours = blocks.flat();
  if (!enough(ours)) blocks[blocks.length - 1].push(...passes(quotelens, texts, runs - ours.length, Math.min(2, budget) - sum(ours)));
  return { quotelens: blocks, compromise: peer };
}

const load = async (url) => (await (await fetch(url)).text()).replace(/\r\n?/g, '\n');

window.bench = async ({ articles, growth, runs, budget, peerBudget, block, warmupChars }) => {
  const out = { userAgent: navigator.userAgent, growth: { quotelens: [], compromise: [] } };
  const texts = await Promise.all(articles.map(load));
  status.textContent = 'articles: quotelens and compromise in alternation';
  out.articles = alternate(texts, runs, budget, block, warmupChars);
  for (const url of growth) {
    const text = await load(url);
    for (const [name, fn] of Object.entries(TOOLS)) {
      const done = out.growth[name].filter((r) => r);
      let skip = out.growth[name].length > done.length;  // skipped once: skipped after
      if (name !== 'quotelens' && done.length && !skip) {
        // extrapolate with the growth seen so far, at least linear (as bench.py does natively)
        const last = done[done.length - 1];
        let e = 1;
        if (done.length > 1) {
          const prev = done[done.length - 2];
          e = Math.max(1, Math.log(last.median_s / prev.median_s) / Math.log(last.chars / prev.chars));
        }
        skip = last.median_s * (text.length / last.chars) ** e > peerBudget;
      }
      if (skip) { out.growth[name].push(null); continue; }
      status.textContent = `growth: ${name} at ${text.length} characters`;
      const r = time(fn, [text], name === 'quotelens' ? 15 : 3, name === 'quotelens' ? budget : peerBudget, warmupChars);
      out.growth[name].push({ ...r, chars: text.length });
    }
  }
  status.textContent = 'done';
  out.sink = sink;
  return out;
};
status.textContent = 'ready';
window.benchReady = true;
