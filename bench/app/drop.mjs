// A large article dropped on the app (issue 14, "no task over 100 ms"): a generated article of
// about --kb KB (article.mjs) dropped as a .txt file, extracted in the worker and drawn in
// slices. Each run, in a fresh profile: the longest task on the page from the drop until every
// paragraph is drawn, how long that took, and the longest task of the review that follows (a
// click in the text, `j`, `a`, then 3 s for the save). Prints one JSON line.
//   node bench/app/drop.mjs --dist DIR [--kb 1000] [--runs 3]
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

const opts = { '--dist': join(here, '../../dist'), '--kb': '1000', '--runs': '3' };
const argv = process.argv.slice(2);
while (argv.length) {
  const a = argv.shift();
  if (!(a in opts) || !argv.length) { console.error(`usage: drop.mjs --dist DIR [--kb N] [--runs N] (not ${a})`); process.exit(2); }
  opts[a] = argv.shift();
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const text = article(Number(opts['--kb']) * 1000);
const srv = await serve(resolve(opts['--dist']));
const result = { kb: Number(opts['--kb']), drawn_ms: [], drop_longest_task_ms: [], review_longest_task_ms: [], annotations: 0 };
const errors = [];
try {
  for (let run = 0; run < Number(opts['--runs']); run++) {
    const dir = mkdtempSync(join(tmpdir(), 'quotelens-bench-drop-'));
    const ctx = await chromium.launchPersistentContext(dir, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1280, height: 900 },
    });
    try {
      const page = ctx.pages()[0] ?? await ctx.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(srv.url);
      await page.waitForSelector('article.article mark', { timeout: 60_000 });
      await page.waitForTimeout(500);
      // the file is made and dropped inside the page: no work of the benchmark itself is timed
      const r = await page.evaluate(async (text) => {
        const long = [];
        new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push(e.duration); }).observe({ type: 'longtask' });
        const dt = new DataTransfer();
        dt.items.add(new File([text], 'dropped.txt', { type: 'text/plain' }));
        const t0 = performance.now();
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        await new Promise((done) => {
          const drawn = () => document.querySelector('.doc-title')?.textContent === 'dropped' && !document.querySelector('.progress-note');
          const poll = () => (drawn() ? done() : setTimeout(poll, 20));
          setTimeout(poll, 100);
        });
        const ms = performance.now() - t0;
        await new Promise((ok) => setTimeout(ok, 300)); // long-task entries arrive late
        return { ms, longest: Math.max(0, ...long), n: document.querySelectorAll('article mark[data-first]').length };
      }, text);
      result.drawn_ms.push(Math.round(r.ms));
      result.drop_longest_task_ms.push(Math.round(r.longest));
      result.annotations = r.n;
      await page.evaluate(() => {
        window.__long = [];
        new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
      });
      await page.locator('article').click({ position: { x: 2, y: 2 } });
      await page.keyboard.press('j');
      await page.waitForTimeout(300);
      await page.keyboard.press('a');
      await page.waitForSelector('article mark.s-accepted');
      await page.waitForTimeout(3000);
      result.review_longest_task_ms.push(Math.round(await page.evaluate(() => Math.max(0, ...window.__long))));
    } finally {
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  srv.close?.();
}
if (errors.length) {
  console.error(`page errors: ${errors.join('; ')}`);
  process.exit(1);
}
console.log(JSON.stringify(result));
process.exit(0);
