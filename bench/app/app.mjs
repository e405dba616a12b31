// The app's timings (issue #5, "The app" in RESULTS.md), over a built dist/ served on 127.0.0.1:
//   node app.mjs --dist DIR [--loads N] [--kb N] [--actions N]
// - first highlight: N fresh page loads (each a new Chromium with a fresh --user-data-dir, so the
//   built-in sample opens), the time from navigation start (performance.timeOrigin) to the first
//   highlight span (`article.article mark`) being in the DOM, seen by a MutationObserver;
// - review: a generated article of about --kb KB (invented text: article.mjs) opened
//   through the file input; after every paragraph is drawn, N times: `j` (next annotation), then
//   `a` (accept), timed in the page from the keydown to the selected annotation's mark carrying
//   `s-accepted` (its list row too, when drawn), and to the next frame after that. --kb 0 skips it.
// Prints one JSON line. playwright-core comes from $QUOTELENS_BENCH_NODE (bench/setup.sh).
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

const opts = { '--dist': join(here, '../../dist'), '--loads': '5', '--kb': '1000', '--actions': '10' };
const argv = process.argv.slice(2);
while (argv.length) {
  const a = argv.shift();
  if (!(a in opts) || !argv.length) { console.error(`usage: app.mjs --dist DIR [--loads N] [--kb N] [--actions N] (not ${a})`); process.exit(2); }
  opts[a] = argv.shift();
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x) => Math.round(x * 10) / 10;

// ---------------------------------------------------------------- the browser

const srv = await serve(resolve(opts['--dist']));
const profiles = [];
async function launch() {
  const dir = mkdtempSync(join(tmpdir(), 'quotelens-bench-app-'));
  profiles.push(dir);
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
}
const errors = [];
async function open(ctx) {
  const page = ctx.pages()[0] ?? await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  // before any script of the app: note when the first highlight span enters the DOM
  await page.addInitScript(() => {
    const seen = () => {
      if (window.__firstMark === undefined && document.querySelector('article.article mark')) {
        window.__firstMark = performance.now();
        obs.disconnect();
      }
    };
    const obs = new MutationObserver(seen);
    obs.observe(document, { childList: true, subtree: true });
  });
  await page.goto(srv.url);
  await page.waitForSelector('article.article mark', { timeout: 60_000 });
  return page;
}

const out = {};
try {
  const loads = [];
  for (let i = 0; i < Number(opts['--loads']); i++) {
    const ctx = await launch();
    try {
      const page = await open(ctx);
      loads.push(await page.evaluate(() => window.__firstMark));
    } finally {
      await ctx.close();
    }
  }
  out.first_highlight_ms = { median: round(median(loads)), min: round(Math.min(...loads)), max: round(Math.max(...loads)), loads: loads.map(round) };

  if (Number(opts['--kb']) > 0) {
    const text = article(Number(opts['--kb']) * 1000);
    const ctx = await launch();
    try {
      const page = await open(ctx);
      const t0 = Date.now();
      await page.locator('input[type=file]').setInputFiles({ name: 'bench-article.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
      await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'bench-article', null, { timeout: 120_000 });
      await page.waitForFunction(() => !document.querySelector('.progress-note'), null, { timeout: 120_000 });
      const opened = Date.now() - t0;
      const annotations = await page.locator('article mark[data-first]').count();
      await page.locator('article').click({ position: { x: 2, y: 2 } });
      const times = [], frames = [];
      for (let i = 0; i < Number(opts['--actions']); i++) {
        const before = await page.evaluate(() => document.querySelector('article mark.sel')?.dataset.a ?? null);
        await page.keyboard.press('j');
        await page.waitForFunction((b) => { const s = document.querySelector('article mark.sel'); return s && s.dataset.a !== b; }, before);
        await page.waitForTimeout(250); // let the selection's scroll and save settle
        const id = await page.evaluate(() => document.querySelector('article mark.sel').dataset.a);
        // watch in the page: keydown of `a` → the mark (and its list row, when drawn) shows it accepted
        await page.evaluate((id) => {
          window.__accept = new Promise((ok) => {
            let t0 = null;
            const done = () => {
              const mark = document.querySelector(`article mark[data-a="${CSS.escape(id)}"]`);
              const row = document.querySelector(`.panel .item[data-item="${CSS.escape(id)}"]`);
              if (t0 !== null && mark?.classList.contains('s-accepted') && (!row || row.classList.contains('s-accepted'))) {
                obs.disconnect();
                const dom = performance.now() - t0;
                // and the frame that shows it: after the next animation frame's task (paint)
                requestAnimationFrame(() => setTimeout(() => ok({ ms: dom, frame: performance.now() - t0 }), 0));
              }
            };
            const obs = new MutationObserver(done);
            obs.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
            window.addEventListener('keydown', (e) => { if (e.key === 'a') t0 = performance.now(); }, { capture: true, once: true });
          });
        }, id);
        await page.keyboard.press('a');
        const r = await page.evaluate(() => Promise.race([window.__accept,
          new Promise((ok) => setTimeout(() => ok({ timeout: true }), 30_000))]));
        if (r.timeout) throw new Error(`accepting ${id} did not show within 30 s`);
        times.push(r.ms);
        frames.push(r.frame);
      }
      out.review = { bytes: Buffer.byteLength(text), annotations, opened_ms: opened, accept_ms: { median: round(median(times)), min: round(Math.min(...times)), max: round(Math.max(...times)), actions: times.map(round) }, accept_frame_ms: { median: round(median(frames)), max: round(Math.max(...frames)) } };
    } finally {
      await ctx.close();
    }
  }
  if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
  console.log(JSON.stringify(out));
} finally {
  await srv.close();
  for (const d of profiles) rmSync(d, { recursive: true, force: true });
}
