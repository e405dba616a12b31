// The app at scale (issue 14, "Scale"): a generated article of about --kb KB (article.mjs) with
// --annotations N annotations (notes over words, all suggestions) imported as a Quotelens JSON
// file; after every paragraph is drawn, --actions times: `j` then `a`, each timed in the page
// from the keydown to the selected annotation's mark showing its new state (`sel`, then
// `s-accepted`), with the longest task during it. With --from N the review starts at the
// annotation aN (its highlight clicked): past the 400 rows the list draws, each `j` selects an
// annotation whose row is drawn for it alone. Prints one JSON line.
//   node bench/app/scale.mjs --dist DIR [--kb 1000] [--annotations 100000] [--actions 10] [--from N]
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../tests/e2e/serve.mjs';
import { article } from './article.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(process.env.QUOTELENS_BENCH_NODE || join(here, '../..'), 'node_modules') + '/');
const { chromium } = require('playwright-core');

const opts = { '--dist': join(here, '../../dist'), '--kb': '1000', '--annotations': '100000', '--actions': '10', '--from': '0' };
const argv = process.argv.slice(2);
while (argv.length) {
  const a = argv.shift();
  if (!(a in opts) || !argv.length) { console.error(`usage: scale.mjs --dist DIR [--kb N] [--annotations N] [--actions N] [--from N] (not ${a})`); process.exit(2); }
  opts[a] = argv.shift();
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x) => Math.round(x * 10) / 10;

/// A Quotelens JSON document: the text, and `n` notes over its words (spread evenly).
function document(text, n) {
  const words = [...text.matchAll(/[A-Za-z]{3,}/g)];
  if (words.length < n) throw new Error(`only ${words.length} words for ${n} annotations`);
  const step = words.length / n;
  const kinds = ['note', 'quote', 'claim', 'term'];
  const annotations = [];
  for (let i = 0; i < n; i++) {
    const w = words[Math.floor(i * step)];
    annotations.push({ id: `a${i + 1}`, kind: kinds[i % 4], start: w.index, end: w.index + w[0].length });
  }
  return JSON.stringify({ format: 'quotelens-review', schema_version: 1, offset_unit: 'utf16', id: 'scale-bench', title: 'scale-bench', text, annotations, next_ids: { annotation: n + 1, speaker: 1 } });
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const srv = await serve(resolve(opts['--dist']));
const dir = mkdtempSync(join(tmpdir(), 'quotelens-bench-scale-'));
const errors = [];
try {
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1280, height: 900 },
  });
  const page = ctx.pages()[0] ?? await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(srv.url);
  await page.waitForSelector('article.article mark', { timeout: 60_000 });
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask' });
  });
  const text = article(Number(opts['--kb']) * 1000);
  const json = document(text, Number(opts['--annotations']));
  const t0 = Date.now();
  await page.locator('input[type=file]').setInputFiles({ name: 'scale-bench.quotelens.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'scale-bench', null, { timeout: 300_000 });
  await page.waitForFunction(() => !document.querySelector('.progress-note'), null, { timeout: 300_000 });
  const opened = Date.now() - t0;
  const marks = await page.locator('article mark[data-first]').count();
  const openLong = await page.evaluate(() => window.__long.map(([, d]) => Math.round(d)));
  await page.waitForTimeout(2000); // the first save
  if (Number(opts['--from']) > 0) await page.locator(`article mark[data-a="a${Number(opts['--from'])}"][data-first]`).click();
  else await page.locator('article').click({ position: { x: 2, y: 2 } });
  const watch = (key, what) => page.evaluate(([key, what]) => {
    window.__done = new Promise((ok) => {
      let t0 = null;
      const check = () => {
        const sel = document.querySelector('article mark.sel');
        if (t0 === null || !sel) return;
        const ready = what === 'next' ? sel.dataset.a !== window.__before : sel.classList.contains('s-accepted');
        if (ready) {
          obs.disconnect();
          const ms = performance.now() - t0;
          requestAnimationFrame(() => setTimeout(() => ok({ ms, frame: performance.now() - t0, t0 }), 0));
        }
      };
      const obs = new MutationObserver(check);
      obs.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
      window.__before = document.querySelector('article mark.sel')?.dataset.a ?? null;
      window.addEventListener('keydown', (e) => { if (e.key === key) t0 = performance.now(); }, { capture: true, once: true });
    });
  }, [key, what]);
  const result = { next: [], accept: [], accept_frame: [], longest_task: [] };
  for (let i = 0; i < Number(opts['--actions']); i++) {
    for (const [key, what] of [['j', 'next'], ['a', 'accept']]) {
      await watch(key, what);
      await page.keyboard.press(key);
      const r = await page.evaluate(() => Promise.race([window.__done, new Promise((ok) => setTimeout(() => ok({ timeout: true }), 60_000))]));
      if (r.timeout) throw new Error(`${what} did not show within 60 s`);
      await page.waitForTimeout(400); // the save that follows, out of the next action's time
      const longest = await page.evaluate((t0) => Math.max(0, ...window.__long.filter(([s]) => s >= t0).map(([, d]) => d)), r.t0);
      if (what === 'next') result.next.push(r.ms);
      else {
        result.accept.push(r.ms);
        result.accept_frame.push(r.frame);
        result.longest_task.push(longest);
      }
    }
  }
  const summary = (xs) => ({ median: round(median(xs)), max: round(Math.max(...xs)) });
  console.log(JSON.stringify({
    bytes: text.length, annotations: Number(opts['--annotations']), marks, opened_ms: opened,
    open_longest_task_ms: Math.max(0, ...openLong),
    next_ms: summary(result.next), accept_ms: summary(result.accept), accept_frame_ms: summary(result.accept_frame),
    longest_task_after_accept_ms: summary(result.longest_task),
  }));
  await ctx.close();
} finally {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
}
if (errors.length) { console.error(`page errors: ${errors.join(' | ')}`); process.exit(1); }
