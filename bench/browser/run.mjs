// Drives the benchmark page in headless Chromium and prints its numbers as one JSON line.
//   node run.mjs --wasm FILE --compromise FILE [--runs N] [--budget S] [--peer-budget S] [--block S]
//                --articles FILE... [--growth FILE...]
// Serves the page, the WebAssembly core, compromise's browser build and the texts on 127.0.0.1
// (nothing else is fetched), launches the system Chromium ($CHROMIUM or /usr/bin/chromium)
// through playwright-core (from $QUOTELENS_BENCH_NODE), calls window.bench, prints the result.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(process.env.QUOTELENS_BENCH_NODE || '.', 'node_modules') + '/');
const { chromium } = require('playwright-core');

const opts = { '--runs': '5', '--budget': '10', '--peer-budget': '10', '--block': '0.5', '--warmup-chars': '2000' };
const lists = { '--articles': [], '--growth': [] };
let list = null;
const argv = process.argv.slice(2);
while (argv.length) {
  const a = argv.shift();
  if (a in lists) list = lists[a];
  else if (a === '--wasm' || a === '--compromise' || a in opts) { opts[a] = argv.shift(); list = null; }
  else if (list) list.push(a);
  else { console.error(`run.mjs: unexpected ${a}`); process.exit(2); }
}
if (!opts['--wasm'] || !opts['--compromise'] || !lists['--articles'].length) {
  console.error('usage: run.mjs --wasm FILE --compromise FILE [--runs N] [--budget S] [--peer-budget S] [--block S] --articles FILE... [--growth FILE...]');
  process.exit(2);
}

const routes = new Map([
  ['/', [join(here, 'page.html'), 'text/html; charset=utf-8']],
  ['/page.mjs', [join(here, 'page.mjs'), 'text/javascript; charset=utf-8']],
  ['/compromise.mjs', [opts['--compromise'], 'text/javascript; charset=utf-8']],
  ['/quotelens_bench.wasm', [opts['--wasm'], 'application/wasm']],
]);
const urls = (files, kind) => files.map((f, i) => { routes.set(`/${kind}/${i}`, [f, 'text/plain; charset=utf-8']); return `/${kind}/${i}`; });
const articles = urls(lists['--articles'], 'article');
const growth = urls(lists['--growth'], 'growth');

const server = createServer((req, res) => {
  const route = routes.get(req.url);
  if (!route) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': route[1], 'cache-control': 'no-store' }).end(readFileSync(route[0]));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`page: ${e.message}`));
  await page.goto(base + '/');
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
  const result = await page.evaluate((cfg) => window.bench(cfg), {
    articles, growth, runs: Number(opts['--runs']), budget: Number(opts['--budget']),
    peerBudget: Number(opts['--peer-budget']), block: Number(opts['--block']), warmupChars: Number(opts['--warmup-chars']),
  });
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  server.close();
}
