// End-to-end test of the embeddable widget: the demo host page (web/widget-demo/, hostile CSS
// and scripts of its own) with the built widget (dist-widget/), served on 127.0.0.1 by this
// script under `Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'` (plus
// default-src and style-src 'self'), driven in Debian's Chromium through playwright-core. Checks: highlights present and on the right words,
// host layout unchanged, panel immune to the host's CSS, persistence across reload, re-anchoring
// after a small edit, "needs review" after a large one, two independent widgets, the host API
// and events, links and selection, no CSP violation, no request but the page's own files.
// Usage: node tests/e2e/widget.mjs [dist-widget-dir]; with --serve it only serves the demo on
// http://127.0.0.1:8090/ for a person to try.
import { steps } from './steps.mjs';
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? join(here, '../../dist-widget'));
const demo = resolve(here, '../../web/widget-demo');
const shots = join(here, 'screenshots');
mkdirSync(shots, { recursive: true });

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// the issue's policy, plus default-src and style-src 'self': anything else the widget loaded or
// any style attribute it wrote would be refused and reported
const CSP = "script-src 'self' 'wasm-unsafe-eval'; default-src 'self'; style-src 'self'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm' };

// what the server does to the article (the same URL serves every version, like a CMS would)
const ORIGINAL = '"We will rebiuld the pier before the summer season, and it will be stronger than before," said Mayor Ana Ruiz after the vote.';
const edits = {
  none: (html) => html,
  // the typo fixed and a paragraph added before the story
  small: (html) => html.replace('rebiuld', 'rebuild').replace('<p>HARBOURVIEW', '<p>Updated on Wednesday with the council\'s final figures.</p>\n<p>HARBOURVIEW'),
  // the sentence rewritten; a look-alike quote appears elsewhere
  large: (html) => html.replace(ORIGINAL, 'Mayor Ana Ruiz left the meeting without speaking to reporters.')
    .replace('<p>Critics said', '<p>In 1998 a former mayor said: "We will rebuild the harbour after the winter storms, and it will be bigger than ever." Critics said'),
  // the paragraph of Councillor Okafor removed ("the vote" stays in the mayor's paragraph)
  dropnote: (html) => html.replace(/<p>Councillor Mei Okafor[^\n]*\n/, ''),
  // no widget at all: the host page as it is without Quotelens
  bare: (html) => html.replace('<script type="module" src="/widget/quotelens-widget.js"></script>', ''),
};
let edit = 'none';
const requests = [];
// the sync page's server side: what the site stores per article (GET and PUT)
const stored = new Map();
const puts = [];
const server = createServer((req, res) => {
  const u = new URL(req.url, 'http://127.0.0.1');
  const path = decodeURIComponent(u.pathname);
  requests.push(path);
  if (path.startsWith('/api/annotations/')) {
    const head = { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-security-policy': CSP };
    if (req.method === 'PUT') {
      let data = '';
      req.on('data', (c) => { data += c; });
      req.on('end', () => { stored.set(path, data); puts.push(path); res.writeHead(204, head).end(); });
      return;
    }
    // nothing stored yet: 204 (a 404 would be logged by the browser as a console error)
    return stored.has(path) ? res.writeHead(200, head).end(stored.get(path)) : res.writeHead(204, head).end();
  }
  // the single-page app answers every one of its routes with its one page
  const page = path === '/' ? 'index.html' : path.startsWith('/spa/') ? 'spa.html' : path.slice(1);
  const [root, rel] = path.startsWith('/widget/') ? [dist, path.slice('/widget/'.length)] : [demo, page];
  const file = normalize(join(root, rel));
  if (!file.startsWith(root)) return res.writeHead(403).end();
  let body;
  try {
    body = readFileSync(file);
  } catch {
    return res.writeHead(404).end('not found');
  }
  if (file.endsWith('index.html')) body = edits[edit](body.toString());
  // variants of the other host pages: without the widget (layout baseline), reader mode, inline panel
  if (file.endsWith('.html') && u.search) {
    body = body.toString();
    if (u.searchParams.has('bare')) body = body.replace('<script type="module" src="/widget/quotelens-widget.js"></script>', '');
    if (u.searchParams.has('reader')) body = body.replace('data-quotelens ', 'data-quotelens data-quotelens-mode="published" ');
    if (u.searchParams.has('inline')) body = body.replace('kinds="quote"', 'kinds="quote" position="inline"');
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', 'content-security-policy': CSP });
  res.end(body);
});
const serveOnly = process.argv.includes('--serve');
await new Promise((ok) => server.listen(serveOnly ? 8090 : 0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
if (serveOnly) {
  // the demo for people: node tests/e2e/widget.mjs --serve (Ctrl+C stops it)
  console.log(`widget demo on ${origin}/ (with the CSP header; Ctrl+C stops)`);
  await new Promise(() => {});
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const profile = mkdtempSync(join(tmpdir(), 'quotelens-widget-e2e-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1280, height: 900 },
});
const problems = [];
const page = ctx.pages()[0] ?? await ctx.newPage();
page.on('console', (m) => {
  const t = m.text();
  if (/Content.Security.Policy|Refused to|unsafe-eval|unsafe-inline/i.test(t)) problems.push(`console: ${t}`);
  if (m.type() === 'error' && !(m.location().url ?? '').endsWith('/favicon.ico')) problems.push(`console error: ${t} at ${m.location().url}`);
});
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('request', (r) => {
  const u = r.url();
  if (!(u.startsWith(origin + '/') || u.startsWith('blob:') || u.startsWith('data:'))) problems.push(`foreign request: ${u}`);
});

const run = steps((n) => page.screenshot({ path: join(shots, `widget-fail-${n}.png`) }).catch(() => {}));
const { check, step } = run;

async function open(which = 'none') {
  edit = which;
  await page.goto(origin + '/');
  await page.waitForFunction(() => window.hostLog && window.hostLog.filter((e) => e.event === 'ready').length === 2, null, { timeout: 60000 });
}
const ready = (id) => page.evaluate((id) => window.hostLog.find((e) => e.event === 'ready' && e.article === id).detail, id);
const anns = (id) => page.evaluate((id) => document.getElementById(id).quotelens.annotations(), id);
/** Each highlight of the page: name → texts of its ranges. */
const highlights = () => page.evaluate(() => Object.fromEntries([...CSS.highlights].map(([k, h]) => [k, [...h].map((r) => r.toString())])));
/** Boxes of every host element (page coordinates), widget hosts left out. */
const boxes = () => page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => !e.closest('quotelens-annotator')).map((e) => {
  const r = e.getBoundingClientRect();
  return `${e.tagName}#${e.id}.${e.className} ${Math.round(r.x + scrollX)},${Math.round(r.y + scrollY)} ${Math.round(r.width)}x${Math.round(r.height)}`;
}));
const panel = (n) => page.locator(`quotelens-annotator[data-quotelens-widget="${n}"]`);
const number = (id) => page.evaluate((id) => document.getElementById(id).quotelens.number, id);

let baseline;
await step('served with the strict CSP, which is enforced; the host page without the widget as the layout baseline', async () => {
  edit = 'bare';
  const r = await page.goto(origin + '/');
  check(r.headers()['content-security-policy'] === CSP, `CSP header: ${r.headers()['content-security-policy']}`);
  await page.waitForLoadState('load');
  baseline = await boxes();
  check(baseline.length > 15, `only ${baseline.length} boxes`);
  // an inline script is refused (this one violation is expected, and forgotten)
  const blocked = await page.evaluate(async () => {
    window.inlineRan = false;
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.head.append(s);
    await new Promise((ok) => setTimeout(ok, 100));
    return window.inlineRan === false && window.cspViolations.length === 1;
  });
  check(blocked, 'an inline script ran or no violation was reported: the CSP is not enforced');
  await page.waitForTimeout(200);
  problems.length = 0;
});

await step('both widgets start: ready events, extraction, highlights on the right words', async () => {
  await open();
  const a = await ready('pier-story'), b = await ready('market-story');
  check(a.annotations >= 6 && !a.restored, `pier story: ${JSON.stringify(a)}`);
  check(b.annotations >= 2 && !b.restored, `market story: ${JSON.stringify(b)}`);
  const hl = await highlights();
  const n1 = await number('pier-story'), n2 = await number('market-story');
  check(n1 !== n2, 'both widgets have the same number');
  const quotes1 = hl[`quotelens${n1}-quote`] ?? [];
  check(quotes1.some((t) => t.includes('We will rebiuld the pier')), `quote highlights: ${JSON.stringify(quotes1)}`);
  check((hl[`quotelens${n1}-claim`] ?? []).some((t) => t.includes('repairs will cost')), `claim highlights: ${JSON.stringify(hl)}`);
  // highlights match the widget's annotations exactly
  const texts = (await anns('pier-story')).filter((x) => x.kind === 'quote').map((x) => x.text).sort();
  check(JSON.stringify([...quotes1].sort()) === JSON.stringify(texts), `ranges ${JSON.stringify(quotes1)} vs annotations ${JSON.stringify(texts)}`);
  // the second widget shows quotes only (kinds="quote"), in its own colour
  check((hl[`quotelens${n2}-quote`] ?? []).some((t) => t.includes('People missed the lanterns')), `second widget: ${JSON.stringify(hl)}`);
  check(!hl[`quotelens${n2}-claim`], 'the second widget draws claims although kinds="quote"');
  const color = await page.evaluate((n) => {
    const sheet = document.adoptedStyleSheets.find((s) => [...s.cssRules].some((r) => r.cssText.includes(`quotelens${n}-quote`)));
    return [...sheet.cssRules].find((r) => r.cssText.includes(`quotelens${n}-quote`)).cssText;
  }, n2);
  check(color.includes('167, 243, 208') || color.includes('a7f3d0'), `colour rule: ${color}`);
  await page.screenshot({ path: join(shots, 'widget-highlights.png'), fullPage: true });
});

await step('the host page keeps its layout, links and selection', async () => {
  const after = await boxes();
  const diff = after.filter((b, i) => b !== baseline[i]);
  check(after.length === baseline.length && diff.length === 0, `boxes changed: ${diff.slice(0, 5).join(' | ')} (${after.length} vs ${baseline.length})`);
  // no element was added inside the articles (highlights are not DOM)
  check(await page.locator('article quotelens-mark, article mark').count() === 0, 'marks inside the article');
  await page.click('a[data-host-link]');
  check(await page.evaluate(() => window.linkClicks) === 1, 'the host link handler did not run');
  const sel = await page.evaluate(() => {
    const p = document.querySelectorAll('#pier-story p')[1];
    getSelection().selectAllChildren(p);
    return getSelection().toString();
  });
  check(sel.includes('We will rebiuld'), `selection: ${sel}`);
  await page.evaluate(() => getSelection().removeAllRanges());
});

await step('the panel lives in a shadow root that the host CSS cannot break', async () => {
  const n1 = await number('pier-story');
  const tab = panel(n1).locator('button.tab');
  // the link click above selected the claim around the link, which opened the panel
  check(await tab.getAttribute('aria-expanded') === 'true', 'a click on highlighted words did not open the panel');
  await tab.click();
  check(await tab.getAttribute('aria-expanded') === 'false', 'the tab did not close the panel');
  await tab.click();
  const body = panel(n1).locator('section.body');
  check(await body.isVisible(), 'panel body not visible after the tab click');
  const style = await tab.evaluate((b) => { const s = getComputedStyle(b); return [s.fontSize, s.color, s.display]; });
  check(style[0] === '14px' && style[1] !== 'rgb(255, 0, 0)', `host CSS reached the panel: ${style}`);
  const host = await panel(n1).evaluate((h) => { const s = getComputedStyle(h); return [s.position, s.display, getComputedStyle(h.shadowRoot.querySelector('.ql')).position]; });
  check(host[0] === 'static' && host[1] === 'block' && host[2] === 'fixed', `host element: ${host}`);
  const items = await panel(n1).locator('li.item').count();
  check(items >= 6, `${items} items`);
  await page.screenshot({ path: join(shots, 'widget-panel.png') });
});

await step('axe-core finds no serious or critical problem in the open panels', async () => {
  const n2 = await number('market-story');
  await panel(n2).locator('button.tab').click();
  await page.evaluate(axeSource); // through the debugger protocol, not a page script: the CSP stays intact
  const found = await page.evaluate(async () => {
    const r = await window.axe.run({ include: [['quotelens-annotator']] }, { resultTypes: ['violations'] });
    // the panels' inside was looked at: shadow DOM targets are lists of selectors
    if (!r.passes.some((p) => p.nodes.some((n) => Array.isArray(n.target[0])))) return ['axe did not look into the shadow roots'];
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  check(found.length === 0, found.join('\n'));
  await panel(n2).locator('button.tab').click();
});

let acceptedId;
await step('review in the panel: accept, note; the host hears "changed"', async () => {
  const n1 = await number('pier-story');
  const item = panel(n1).locator('li.item', { hasText: 'We will rebiuld the pier' });
  acceptedId = await item.getAttribute('data-id');
  await item.locator('button.pick').click();
  await panel(n1).locator(`button[data-act="accept"][data-id="${acceptedId}"]`).click();
  await panel(n1).locator(`textarea[data-id="${acceptedId}"]`).fill('Check the season dates with the harbour office.');
  await panel(n1).locator(`textarea[data-id="${acceptedId}"]`).blur();
  const log = await page.evaluate(() => window.hostLog.filter((e) => e.event === 'changed'));
  check(log.some((e) => e.detail.id === acceptedId && e.detail.status === 'accepted' && e.article === 'pier-story'), `events: ${JSON.stringify(log)}`);
  check(log.some((e) => e.detail.note.startsWith('Check the season')), 'no changed event for the note');
  const hl = await highlights();
  check((hl[`quotelens${n1}-accepted`] ?? []).length === 1, 'accepted highlight missing');
});

await step('a manual note on a selection: "created", then "deleted"', async () => {
  const n1 = await number('pier-story');
  await page.evaluate(() => {
    const t = document.querySelector('#pier-story a').firstChild;
    const r = document.createRange();
    r.setStart(t, 0);
    r.setEnd(t, t.length);
    getSelection().removeAllRanges();
    getSelection().addRange(r);
  });
  await panel(n1).locator('button[data-act="add-note"]').click();
  const created = await page.evaluate(() => window.hostLog.filter((e) => e.event === 'created').map((e) => e.detail));
  check(created.length === 1 && created[0].text === 'cost estimate' && created[0].kind === 'note', `created: ${JSON.stringify(created)}`);
  await panel(n1).locator(`button[data-act="delete"][data-id="${created[0].id}"]`).click();
  const deleted = await page.evaluate(() => window.hostLog.filter((e) => e.event === 'deleted').map((e) => e.detail.id));
  check(deleted.includes(created[0].id), `deleted: ${deleted}`);
});

await step('two widgets stay independent', async () => {
  const before = await anns('market-story');
  const first = before[0].id;
  await page.evaluate((id) => document.getElementById('market-story').quotelens.setStatus(id, 'rejected'), first);
  const a = await anns('pier-story'), b = await anns('market-story');
  check(b.find((x) => x.id === first).status === 'rejected', 'the second widget did not reject');
  check(a.find((x) => x.id === acceptedId).status === 'accepted', 'the first widget changed');
  check(a.find((x) => x.id === first)?.status !== 'rejected', 'a reject in one widget reached the other');
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('quotelens-widget:')).sort());
  check(keys.length === 2 && keys[0].endsWith('#market-story') && keys[1].endsWith('#pier-story'), `storage keys: ${keys}`);
});

await step('a click on highlighted words selects their item in the panel; the page does not move', async () => {
  const n1 = await number('pier-story');
  const before = await page.evaluate(() => scrollY);
  const at = await page.evaluate(() => {
    const p = [...document.querySelectorAll('#pier-story p')].find((x) => x.textContent.includes('Nobody asked'));
    const t = p.firstChild;
    const r = document.createRange();
    r.setStart(t, t.data.indexOf('asked'));
    r.setEnd(t, t.data.indexOf('asked') + 5);
    const b = r.getBoundingClientRect();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  });
  await page.mouse.click(at.x, at.y);
  const sel = panel(n1).locator('li.item.sel');
  check(await sel.count() === 1 && (await sel.textContent()).includes('Nobody asked the fishermen'), 'the clicked quote is not selected');
  check(await page.evaluate(() => scrollY) === before, 'the page scrolled');
  const hl = await highlights();
  check((hl[`quotelens${n1}-selected`] ?? [])[0] === 'Nobody asked the fishermen,', `selected highlight: ${JSON.stringify(hl[`quotelens${n1}-selected`])}`);
});

await step('API: export native and W3C, import', async () => {
  const native = JSON.parse(await page.evaluate(() => document.getElementById('pier-story').quotelens.exportNative()));
  check(native.format === 'quotelens-review' && native.annotations.some((a) => a.id === acceptedId && a.status === 'accepted'), 'native export');
  const w3c = JSON.parse(await page.evaluate(() => document.querySelector('quotelens-annotator[for="market-story"]').exportW3c()));
  check(w3c['@context'] === 'http://www.w3.org/ns/anno.jsonld' && w3c.first.items.length >= 2, 'W3C export');
  const bad = await page.evaluate(async () => { try { await document.getElementById('pier-story').quotelens.import('{"format": 3'); return 'accepted'; } catch (e) { return String(e); } });
  check(bad !== 'accepted' && /JSON|ends too early/.test(bad), `bad import: ${bad}`);
  const n = await page.evaluate((j) => document.getElementById('pier-story').quotelens.import(j), JSON.stringify(native));
  check(n === native.annotations.length + native.rejected.length, `import gave ${n}`);
});

await step('annotations persist across a reload', async () => {
  await open();
  const a = await ready('pier-story');
  check(a.restored && a.needsReview === 0, JSON.stringify(a));
  const kept = (await anns('pier-story')).find((x) => x.id === acceptedId);
  check(kept?.status === 'accepted' && kept.note.startsWith('Check the season'), `after reload: ${JSON.stringify(kept)}`);
  check((await anns('market-story'))[0].status === 'rejected', 'the second widget lost its reject');
});

await step('a small edit (typo fixed, paragraph added) re-anchors', async () => {
  await open('small');
  const a = await ready('pier-story');
  check(a.restored && a.needsReview === 0 && a.reanchored >= 1, JSON.stringify(a));
  const kept = (await anns('pier-story')).find((x) => x.id === acceptedId);
  check(kept?.status === 'accepted' && kept.text.startsWith('We will rebuild the pier'), `re-anchored: ${JSON.stringify(kept)}`);
  const n1 = await number('pier-story');
  const hl = await highlights();
  check((hl[`quotelens${n1}-accepted`] ?? [])[0]?.startsWith('We will rebuild the pier'), `highlight: ${JSON.stringify(hl[`quotelens${n1}-accepted`])}`);
  await page.screenshot({ path: join(shots, 'widget-small-edit.png'), fullPage: true });
});

await step('a large edit: the annotation needs review and is not moved to a look-alike', async () => {
  await open('large');
  const a = await ready('pier-story');
  check(a.needsReview === 1, JSON.stringify(a));
  const list = await anns('pier-story');
  check(!list.some((x) => x.id === acceptedId), 'the lost annotation was placed somewhere');
  check(!list.some((x) => x.status === 'accepted' && x.text.includes('rebuild the harbour')), 'moved onto the look-alike');
  const n1 = await number('pier-story');
  await panel(n1).locator('button.tab').click();
  const lost = panel(n1).locator('ol.lost li');
  check(await lost.count() === 1, 'no "needs review" entry in the panel');
  const txt = await lost.textContent();
  check(txt.includes('We will rebuild the pier') && txt.includes('Check the season'), `needs review entry: ${txt}`);
  check((await panel(n1).locator('button.tab').textContent()).includes('1 needs review'), 'tab does not say it');
  await page.screenshot({ path: join(shots, 'widget-needs-review.png') });
  // back to the small edit: the lost annotation finds its place again (nothing was lost)
  await open('small');
  const back = (await anns('pier-story')).find((x) => x.id === acceptedId);
  check(back?.status === 'accepted' && (await ready('pier-story')).needsReview === 0, `restored: ${JSON.stringify(back)}`);
  // lost again, then placed by hand on a selection: status and note come along
  await open('large');
  check((await ready('pier-story')).needsReview === 1, 'not lost again');
  await page.evaluate(() => {
    const p = [...document.querySelectorAll('#pier-story p')].find((x) => x.textContent.startsWith('Mayor Ana Ruiz left'));
    const r = document.createRange();
    r.setStart(p.firstChild, 0);
    r.setEnd(p.firstChild, 'Mayor Ana Ruiz left the meeting'.length);
    getSelection().removeAllRanges();
    getSelection().addRange(r);
  });
  await panel(n1).locator('button.tab').click();
  await panel(n1).locator('ol.lost button[data-act="place"]').click();
  const placed = (await anns('pier-story')).find((x) => x.id === acceptedId);
  check(placed?.text === 'Mayor Ana Ruiz left the meeting' && placed.status === 'accepted' && placed.note.startsWith('Check the season'), `placed: ${JSON.stringify(placed)}`);
  check(await page.evaluate(() => document.getElementById('pier-story').quotelens.needsReview().length) === 0, 'still listed as needing review');
  check(await page.evaluate((id) => window.hostLog.some((e) => e.event === 'created' && e.detail.id === id), acceptedId), 'no created event');
});

/** Selects the words `words` inside the first paragraph of `sel` that contains `within`. */
const selectWords = (sel, within, words) => page.evaluate(([sel, within, words]) => {
  const p = [...document.querySelectorAll(sel)].find((x) => x.textContent.includes(within));
  const t = p.firstChild;
  const r = document.createRange();
  r.setStart(t, t.data.indexOf(words));
  r.setEnd(t, t.data.indexOf(words) + words.length);
  getSelection().removeAllRanges();
  getSelection().addRange(r);
}, [sel, within, words]);

await step('re-anchoring: a note on repeated words whose paragraph was removed waits for review, never moves to the copy', async () => {
  await open();
  const n1 = await number('pier-story');
  await selectWords('#pier-story p', 'Councillor Mei Okafor', 'the vote');
  await panel(n1).locator('button.tab').click();
  await panel(n1).locator('button[data-act="add-note"]').click();
  const note = (await page.evaluate(() => window.hostLog.filter((e) => e.event === 'created'))).at(-1).detail;
  check(note.text === 'the vote' && note.kind === 'note', JSON.stringify(note));
  await open('dropnote');
  const list = await anns('pier-story');
  check(!list.some((x) => x.id === note.id), `the note moved to ${JSON.stringify(list.find((x) => x.id === note.id))}`);
  const review = await page.evaluate(() => document.getElementById('pier-story').quotelens.needsReview());
  const item = review.find((x) => x.id === note.id);
  check(item?.text === 'the vote' && item.kind === 'note' && item.best < 0.8, `needs review: ${JSON.stringify(review)}`);
  await honest('pier-story');
  // the paragraph back: the note is on its own words again, in the councillor's paragraph
  await open();
  check((await anns('pier-story')).some((x) => x.id === note.id), 'the note did not come back');
  const where = await page.evaluate((n) => [...CSS.highlights.get(`quotelens${n}-note`) ?? []].map((r) => r.startContainer.data), n1);
  check(where.some((d) => d.startsWith('Councillor Mei Okafor')), `note highlight in: ${JSON.stringify(where)}`);
});

await step('a stored record that cannot be read is shown as an error and never overwritten', async () => {
  const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.endsWith('#market-story')));
  const newer = JSON.stringify({ format: 'quotelens-widget', schema: 99, doc: {} });
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, newer]);
  await open();
  const n2 = await number('market-story');
  await panel(n2).locator('button.tab').click();
  const msg = await panel(n2).locator('.msg').textContent();
  check(msg.includes('schema 99') && msg.includes('not saved'), `message: ${msg}`);
  const first = (await anns('market-story'))[0].id;
  await page.evaluate((id) => document.getElementById('market-story').quotelens.setStatus(id, 'accepted'), first);
  check((await anns('market-story'))[0].status === 'accepted', 'the edit was not made in the page');
  check(await page.evaluate((k) => localStorage.getItem(k), key) === newer, 'the unreadable record was overwritten');
  await page.screenshot({ path: join(shots, 'widget-unreadable-record.png') });
  await page.evaluate((k) => localStorage.removeItem(k), key);
});

await step('read-only and wrapping fallback options', async () => {
  const out = await page.evaluate(async () => {
    const { default: init, Widget } = await import('/widget/quotelens_widget.js');
    await init({ module_or_path: '/widget/quotelens_widget_bg.wasm' });
    const art = document.getElementById('market-story');
    const host = document.createElement('quotelens-annotator');
    host.setAttribute('for', 'nothing');
    document.body.append(host);
    const w = new Widget(art, host, { readOnly: 'true', wrap: 'true', key: 'fallback-test' });
    const marks = [...art.querySelectorAll('quotelens-mark')].map((m) => m.textContent);
    const buttons = [...host.shadowRoot.querySelectorAll('button')].map((b) => b.dataset.act);
    w.destroy();
    return { marks, buttons, left: art.querySelectorAll('quotelens-mark').length, text: art.textContent.includes('People missed the lanterns') };
  });
  check(out.marks.some((t) => t.includes('People missed the lanterns')), `marks: ${JSON.stringify(out.marks)}`);
  check(!out.buttons.includes('add-note') && out.buttons.includes('export-native'), `read-only buttons: ${out.buttons}`);
  check(out.left === 0 && out.text, 'destroy left marks behind or lost text');
});

/** Opens one of the other host pages and waits for its `count` widgets. */
async function visit(path, count = 1) {
  await page.goto(origin + path);
  await page.waitForFunction((n) => window.hostLog && window.hostLog.filter((e) => e.event === 'ready').length === n, count, { timeout: 60000 });
}
const log = (event) => page.evaluate((ev) => window.hostLog.filter((e) => e.event === ev), event);
/** Waits for the next `rescanned` event (after `before` of them). */
const rescanned = (before) => page.waitForFunction((n) => window.hostLog.filter((e) => e.event === 'rescanned').length > n, before, { timeout: 10000 });
/** Every highlight range's text equals the words of an annotation of the widget, and lies in the article. */
async function honest(id) {
  const out = await page.evaluate((id) => {
    const art = document.getElementById(id);
    const w = art.quotelens;
    const texts = new Set(w.annotations().map((a) => a.text));
    const bad = [];
    for (const [k, h] of CSS.highlights) {
      if (!k.startsWith(`quotelens${w.number}-`)) continue;
      for (const r of h) {
        if (!texts.has(r.toString()) || !art.contains(r.commonAncestorContainer)) bad.push(`${k}: ${r.toString()}`);
      }
    }
    return bad;
  }, id);
  check(out.length === 0, `highlights that are no annotation's words: ${out.join(' | ')}`);
}

await step('single-page app: navigation re-reads the article, re-keys storage, re-extracts; back restores', async () => {
  await page.evaluate(() => localStorage.clear());
  await visit('/spa/pier');
  const pier = await anns('spa-story');
  check(pier.some((a) => a.text.includes('We will rebuild the pier')), `pier story: ${JSON.stringify(pier)}`);
  // the reader accepts a quote and notes on it
  const q = pier.find((a) => a.text.includes('We will rebuild the pier'));
  await page.evaluate((id) => document.getElementById('spa-story').quotelens.setStatus(id, 'accepted'), q.id);
  const n = await number('spa-story');
  await page.click('a[href="/spa/market"]');
  await rescanned(0);
  check(page.url().endsWith('/spa/market'), page.url());
  const market = await anns('spa-story');
  const text = await page.evaluate(() => document.getElementById('spa-story').innerText);
  check(market.length >= 2 && market.every((a) => text.includes(a.text)), `after navigation: ${JSON.stringify(market)}`);
  check(market.some((a) => a.text.includes('People missed the lanterns')), 'the new article was not extracted');
  check(!market.some((a) => a.status === 'accepted'), 'the accepted quote followed to the other article');
  const items = await panel(n).locator('li.item').allTextContents();
  check(items.length === market.length && !items.some((t) => t.includes('rebuild the pier')), `panel: ${items}`);
  await honest('spa-story');
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('quotelens-widget:')).sort());
  check(keys.length === 2 && keys[0].includes('/spa/market#') && keys[1].includes('/spa/pier#'), `storage keys: ${keys}`);
  const rec = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), keys[1]);
  check(rec.doc.text.includes('rebuild the pier') && rec.doc.annotations.some((a) => a.id === q.id && a.status === 'accepted'), 'the pier record changed');
  // back: the pier article and its accepted quote again
  await page.goBack();
  await rescanned(1);
  const again = (await anns('spa-story')).find((a) => a.id === q.id);
  check(again?.status === 'accepted' && again.text === q.text, `after back: ${JSON.stringify(again)}`);
  const r = (await log('rescanned')).at(-1).detail;
  check(r.restored === true, JSON.stringify(r));
  await honest('spa-story');
  await page.screenshot({ path: join(shots, 'widget-spa.png') });
});

await step('single-page app: a panel click right after a render that reused the text nodes paints no stale words', async () => {
  const n = await number('spa-story');
  await panel(n).locator('button.tab').click();
  // navigate and click the accepted pier quote's item in the same task: before any observer ran
  const before = (await log('rescanned')).length;
  await page.evaluate((n) => {
    const item = [...document.querySelector(`quotelens-annotator[data-quotelens-widget="${n}"]`).shadowRoot.querySelectorAll('li.item')]
      .find((li) => li.textContent.includes('rebuild the pier'));
    window.go('/spa/market');
    item.querySelector('button.pick').click();
  }, n);
  check((await log('rescanned')).length === before + 1, 'the click did not re-read the changed article first');
  await honest('spa-story');
  const hl = await highlights();
  check(!(hl[`quotelens${n}-accepted`] ?? []).length, `an accepted highlight on the market story: ${JSON.stringify(hl[`quotelens${n}-accepted`])}`);
  check(!(hl[`quotelens${n}-selected`] ?? []).length, `a stale selection painted: ${JSON.stringify(hl[`quotelens${n}-selected`])}`);
  // the observer's own rescan comes later and finds nothing new
  await page.waitForTimeout(400);
  check((await log('rescanned')).length === before + 1, 'a second rescan for the same change');
  // the public method: nothing changed, nothing happens
  check(await page.evaluate(() => document.getElementById('spa-story').quotelens.rescan()) === false, 'rescan() without a change said true');
});

await step('lazily appended paragraphs get highlights, and a note on them is kept', async () => {
  await visit('/lazy.html');
  const n = await number('lazy-story');
  check(!(await anns('lazy-story')).some((a) => a.text.includes('Two boats a day')), 'a quote before it was loaded?');
  await page.evaluate(() => window.loadMore());
  await rescanned(0);
  const list = await anns('lazy-story');
  check(list.some((a) => a.kind === 'quote' && a.text.includes('Two boats a day is not a service')), `after loading: ${JSON.stringify(list)}`);
  await honest('lazy-story');
  const hl = await highlights();
  check((hl[`quotelens${n}-quote`] ?? []).some((t) => t.includes('Two boats a day')), 'no highlight on the new paragraph');
  // a note on a paragraph appended a moment ago (before the observer's rescan)
  await page.evaluate(() => {
    window.loadMore();
    const p = [...document.querySelectorAll('#lazy-story p')].at(-2);
    const r = document.createRange();
    r.setStart(p.firstChild, 0);
    r.setEnd(p.firstChild, 'The council said'.length);
    getSelection().removeAllRanges();
    getSelection().addRange(r);
  });
  await panel(n).locator('button.tab').click();
  await panel(n).locator('button[data-act="add-note"]').click();
  const created = (await log('created')).map((e) => e.detail);
  check(created.length === 1 && created[0].text === 'The council said' && created[0].kind === 'note', `created: ${JSON.stringify(created)}`);
  await page.reload();
  await page.waitForFunction(() => window.hostLog && window.hostLog.some((e) => e.event === 'ready'));
  // the stored note is on text the fresh page does not have yet: it waits, and comes back with the paragraphs
  await page.evaluate(() => { window.loadMore(); window.loadMore(); });
  await page.waitForFunction(() => window.hostLog.some((e) => e.event === 'rescanned'));
  const back = (await anns('lazy-story')).find((a) => a.id === created[0].id);
  check(back?.text === 'The council said', `after reload and loading: ${JSON.stringify(back)}`);
  await page.screenshot({ path: join(shots, 'widget-lazy.png') });
});


await step('focus and typing: the new note gets the focus, a click while typing lands, keys stay in the panel', async () => {
  await visit('/split.html');
  const n = await number('split-story');
  await panel(n).locator('button.tab').click();
  await selectWords('#split-story p', 'Dredging of the inner harbour', 'inner harbour');
  // keyboard only: the button by focus and Enter
  await panel(n).locator('button[data-act="add-note"]').focus();
  await page.keyboard.press('Enter');
  const created = (await log('created')).map((e) => e.detail);
  check(created.length === 1 && created[0].text === 'inner harbour', `created: ${JSON.stringify(created)}`);
  const focused = await panel(n).evaluate((h) => { const a = h.shadowRoot.activeElement; return a && `${a.tagName}:${a.dataset.id}`; });
  check(focused === `TEXTAREA:${created[0].id}`, `focus is on ${focused}`);
  await page.keyboard.type('Check the depth j k n with the port');
  check((await log('created')).length === 1, 'typing made more notes');
  check((await page.evaluate(() => window.shortcuts)).length === 0, `keys reached the host's shortcuts: ${await page.evaluate(() => window.shortcuts)}`);
  // the next click, while the note is being typed, both saves the note and does its own work
  await panel(n).locator(`button[data-act="accept"][data-id="${created[0].id}"]`).click();
  const a = (await anns('split-story')).find((x) => x.id === created[0].id);
  check(a.note === 'Check the depth j k n with the port' && a.status === 'accepted', `after the click: ${JSON.stringify(a)}`);
  // outside the panel, the host's shortcuts still work
  await page.locator('h2').first().click();
  await page.keyboard.press('j');
  check((await page.evaluate(() => window.shortcuts)).join() === 'j', 'the host lost its shortcut');
  await page.screenshot({ path: join(shots, 'widget-note-focus.png') });
});

await step('what is not article text stays out (ads, figures, "Read more" boxes)', async () => {
  const list = await anns('split-story');
  const texts = list.map((x) => x.text).join(' | ');
  check(list.some((x) => x.kind === 'quote' && x.text.includes('We have waited eleven years')), texts);
  check(list.some((x) => x.kind === 'quote' && x.text.includes('It will be noisy for six weeks')), texts);
  check(!/fish and chips|silt|pay twice/.test(texts), `excluded text was annotated: ${texts}`);
  await honest('split-story');
});

await step('import merges; only {replace: true} may empty the store; the W3C target is the page', async () => {
  const w = 'document.getElementById("split-story").quotelens';
  const before = await anns('split-story');
  const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.endsWith('#split-story')));
  const n = await page.evaluate(`${w}.import("[]")`);
  check(n === before.length && (await anns('split-story')).length === before.length, `import("[]") left ${n} of ${before.length}`);
  check(JSON.parse(await page.evaluate((k) => localStorage.getItem(k), key)).doc.annotations.length === before.length, 'the store lost annotations');
  // a file from elsewhere with one changed status and one new note: merged
  const native = JSON.parse(await page.evaluate(`${w}.exportNative()`));
  const quote = native.annotations.find((x) => x.kind === 'quote' && x.status === 'suggested');
  quote.status = 'rejected';
  native.annotations = [{ ...quote, id: 'a999', kind: 'note', status: 'suggested', origin: 'manual', note: 'from the desk', speaker: null, cue: null, source: null }];
  native.rejected = [quote];
  const after = await page.evaluate((j) => document.getElementById('split-story').quotelens.import(j), JSON.stringify(native));
  const list = await anns('split-story');
  check(after === before.length + 1 && list.length === before.length + 1, `merge gave ${after}: ${JSON.stringify(list.map((x) => x.id))}`);
  check(list.find((x) => x.id === quote.id)?.status === 'rejected', 'the changed status was not merged');
  check(list.some((x) => x.note === 'from the desk'), 'the new note was not added');
  const imported = (await log('imported')).at(-1).detail;
  check(imported.created.length === 1 && imported.changed.includes(quote.id) && imported.deleted.length === 0, JSON.stringify(imported));
  // W3C: the page's address first, the urn second; reading it back changes nothing
  const w3c = JSON.parse(await page.evaluate(`${w}.exportW3c()`));
  const t = w3c.first.items[0].target;
  check(Array.isArray(t) && t[0].source === origin + '/split.html' && t[1].source.startsWith('urn:quotelens:'), `target: ${JSON.stringify(t)}`);
  check(await page.evaluate((j) => document.getElementById('split-story').quotelens.import(j), JSON.stringify(w3c)) === list.length, 'W3C round trip');
  // replacing, asked for explicitly
  check(await page.evaluate(`${w}.import("[]", {replace: true})`) === 0, 'replace did not empty');
  check(JSON.parse(await page.evaluate((k) => localStorage.getItem(k), key)).doc.annotations.length === 0, 'the store was not emptied');
  check((await log('imported')).at(-1).detail.deleted.length === list.length, 'no deleted ids');
  await page.evaluate((j) => document.getElementById('split-story').quotelens.import(j, { replace: true }), JSON.stringify(JSON.parse(JSON.stringify(w3c))));
  check((await anns('split-story')).length === list.length, 'the W3C file did not replace');
});

await step('a 50,000-annotation import runs in slices (the page keeps running) and the list is paged', async () => {
  const out = await page.evaluate(async () => {
    const w = document.getElementById('split-story').quotelens;
    const doc = JSON.parse(w.exportNative());
    // notes on the article's words and pairs of words, over and over (the same words may carry many notes)
    const words = [...doc.text.matchAll(/\w+/g)].map((m) => [m.index, m.index + m[0].length]);
    const anns = [];
    for (let i = 0; anns.length < 50000; i++) {
      const [s] = words[i % words.length], [, e] = words[Math.min(i % words.length + (i % 3), words.length - 1)];
      anns.push({ id: `a${100000 + i}`, kind: 'note', start: s, end: e, status: 'suggested', origin: 'manual', verdict: 'unchecked', evidence: [], note: '', tags: [], speaker: null, cue: null, source: null });
    }
    anns.sort((a, b) => a.start - b.start || a.end - b.end);
    doc.annotations = anns;
    doc.rejected = [];
    const json = JSON.stringify(doc);
    let ticks = 0;
    const tick = setInterval(() => ticks++, 0);
    let longest = 0;
    const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) longest = Math.max(longest, e.duration); });
    obs.observe({ type: 'longtask' });
    const t = performance.now();
    const n = await w.import(json);
    const ms = performance.now() - t;
    clearInterval(tick);
    await new Promise((ok) => setTimeout(ok, 50));
    obs.disconnect();
    // notes on the same words are one annotation (the merge's rule): at least as many as distinct words
    const distinct = new Set(anns.map((a) => `${a.start}-${a.end}`)).size;
    return { n, distinct, ticks, ms: Math.round(ms), longest: Math.round(longest) };
  });
  console.log(`     50,000-annotation import: ${out.ms} ms in all, longest task ${out.longest} ms, the page ran ${out.ticks} times in between`);
  check(out.n >= out.distinct && out.distinct > 200, JSON.stringify(out));
  check(out.ticks >= 10, `the page did not get its turn: ${JSON.stringify(out)}`);
  // the target is 50 ms (docs/widget.md has the number measured on a quiet machine); the bound
  // has slack for a busy one, where every task stretches with the whole import (a load of 9 on
  // 2 cores: 343 ms of 2.8 s): reading the whole file in one task was 0.8–1 s, two thirds of it
  check(out.longest < Math.max(200, out.ms / 5), `a task of ${out.longest} ms: ${JSON.stringify(out)}`);
  const n = await number('split-story');
  const items = await panel(n).locator('li.item').count();
  check(items <= 201, `${items} list items drawn`); // 200, and the selected note further down
  await panel(n).locator('button[data-act="more"]').click();
  check(await panel(n).locator('li.item').count() === items + 200, 'Show more did not add a page');
  // back to the article's own annotations
  await page.evaluate(() => localStorage.clear());
});

await step('options and API: kinds never hides the reader\'s notes; needsReview() items; setStatus refuses; plurals', async () => {
  await open();
  const n2 = await number('market-story');
  await selectWords('#market-story p', 'Stallholders said', 'new fees');
  await panel(n2).locator('button.tab').click();
  await panel(n2).locator('button[data-act="add-note"]').click();
  const list = await anns('market-story');
  check(list.some((x) => x.kind === 'note' && x.text === 'new fees'), `the reader's note is not listed: ${JSON.stringify(list)}`);
  check(list.every((x) => x.kind === 'quote' || x.kind === 'note'), `annotations() ignores kinds: ${JSON.stringify(list.map((x) => x.kind))}`);
  const hl = await highlights();
  check((hl[`quotelens${n2}-note`] ?? []).includes('new fees'), 'the note is not highlighted');
  const tab = await panel(n2).locator('button.tab').textContent();
  check(/no claims/.test(tab) && !/\b1 (quotes|claims)\b/.test(tab), `tab: ${tab}`);
  const errs = await page.evaluate(() => {
    const w = document.getElementById('market-story').quotelens;
    const e = (f) => { try { f(); return 'no error'; } catch (x) { return String(x); } };
    return [e(() => w.setStatus('a9999', 'accepted')), e(() => w.setStatus(w.annotations()[0].id, 'maybe')), Array.isArray(w.needsReview())];
  });
  check(/no annotation/.test(errs[0]) && /unknown status/.test(errs[1]) && errs[2], JSON.stringify(errs));
});

await step('Export buttons download without an error', async () => {
  const n1 = await number('pier-story');
  await panel(n1).locator('button.tab').click();
  for (const [act, name] of [['export-native', 'quotelens.json'], ['export-w3c', 'quotelens.jsonld']]) {
    const got = page.waitForEvent('download');
    await panel(n1).locator(`button[data-act="${act}"]`).click();
    const d = await got;
    check(d.suggestedFilename() === name, d.suggestedFilename());
  }
  check(!problems.some((p) => /recursively|dropped/.test(p)), problems.join('\n'));
});

await step('reader mode: accepted annotations only, nothing to review', async () => {
  await visit('/split.html');
  const first = (await anns('split-story')).find((x) => x.kind === 'quote');
  await page.evaluate((id) => document.getElementById('split-story').quotelens.setStatus(id, 'accepted'), first.id);
  await visit('/split.html?reader');
  const list = await anns('split-story');
  // the quote accepted just now (and any other accepted one); nothing suggested
  const editor = (await log('ready'))[0].detail.annotations;
  check(list.length < editor && list.some((x) => x.id === first.id) && list.every((x) => x.status === 'accepted'), `reader sees: ${JSON.stringify(list)}`);
  const n = await number('split-story');
  await panel(n).locator('button.tab').click();
  const acts = await panel(n).evaluate((h) => [...h.shadowRoot.querySelectorAll('[data-act]')].map((b) => b.dataset.act));
  check(!acts.some((a) => ['accept', 'reject', 'add-note', 'import', 'place'].includes(a)), `reader controls: ${acts}`);
  const hl = await highlights();
  const drawn = Object.entries(hl).filter(([k]) => k.startsWith(`quotelens${n}-`)).flatMap(([, v]) => v);
  check(drawn.length > 0 && drawn.every((t) => list.some((x) => x.text === t)), `reader highlights: ${JSON.stringify(drawn)}`);
  const refused = await page.evaluate((id) => { try { document.getElementById('split-story').quotelens.setStatus(id, 'rejected'); return 'changed'; } catch (e) { return String(e); } }, first.id);
  check(/read-only/.test(refused), refused);
  await page.screenshot({ path: join(shots, 'widget-reader-mode.png') });
});

await step('theming: custom properties and the dark scheme', async () => {
  const n = await number('split-story');
  const bg = () => panel(n).evaluate((h) => getComputedStyle(h.shadowRoot.querySelector('.body')).backgroundColor);
  check(await bg() === 'rgb(255, 255, 255)', await bg());
  await page.emulateMedia({ colorScheme: 'dark' });
  check(await bg() === 'rgb(31, 41, 55)', `dark: ${await bg()}`);
  await page.screenshot({ path: join(shots, 'widget-dark.png') });
  await page.evaluate(() => document.querySelector('quotelens-annotator').style.setProperty('--quotelens-background', 'rgb(1, 2, 3)'));
  check(await bg() === 'rgb(1, 2, 3)', `themed: ${await bg()}`);
  await page.emulateMedia({ colorScheme: 'light' });
});

await step('phone width: two widgets on screen above the consent banner, no layout shift, nothing printed', async () => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(origin + '/phone.html?bare');
  await page.waitForLoadState('load');
  const bare = await boxes();
  await visit('/phone.html', 2);
  const after = await boxes();
  check(JSON.stringify(after) === JSON.stringify(bare), `layout moved: ${after.filter((b, i) => b !== bare[i]).slice(0, 4).join(' | ')}`);
  const tabs = await page.evaluate(() => [...document.querySelectorAll('quotelens-annotator')].map((h) => {
    const r = h.shadowRoot.querySelector('.tab').getBoundingClientRect();
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, onTop: top === h };
  }));
  check(tabs.length === 2 && tabs.every((t) => t.left >= 0 && t.right <= 390 && t.bottom <= 800 && t.onTop), `tabs: ${JSON.stringify(tabs)}`);
  check(tabs[0].bottom <= tabs[1].top || tabs[1].bottom <= tabs[0].top, `tabs overlap: ${JSON.stringify(tabs)}`);
  const n = await number('phone-one');
  await panel(n).locator('button.tab').click();
  const body = await panel(n).evaluate((h) => { const r = h.shadowRoot.querySelector('.body').getBoundingClientRect(); return [r.left, r.right]; });
  check(body[0] >= 0 && body[1] <= 390, `open panel: ${body}`);
  await page.screenshot({ path: join(shots, 'widget-phone.png') });
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => [...document.querySelectorAll('quotelens-annotator')].map((h) => getComputedStyle(h).display));
  check(printed.every((d) => d === 'none'), `printed: ${printed}`);
  await page.emulateMedia({ media: 'screen' });
  // position="inline": the panel stands between the articles, in the flow
  await visit('/phone.html?inline', 2);
  const inline = await page.evaluate(() => {
    const h = document.querySelector('quotelens-annotator[for="phone-two"]');
    const r = h.getBoundingClientRect();
    return { pos: getComputedStyle(h.shadowRoot.querySelector('.ql')).position, top: r.top, height: r.height,
      one: document.getElementById('phone-one').getBoundingClientRect().bottom, two: document.getElementById('phone-two').getBoundingClientRect().top };
  });
  check(inline.pos === 'static' && inline.height > 20 && inline.top >= inline.one && inline.top + inline.height <= inline.two, JSON.stringify(inline));
  await page.screenshot({ path: join(shots, 'widget-phone-inline.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

await step('sync hook: the site\'s 20 lines save to its server; a fresh browser gets the notes back', async () => {
  await visit('/sync.html');
  await page.waitForFunction(() => document.getElementById('sync-story').dataset.synced === 'yes');
  const n = await number('sync-story');
  await selectWords('#sync-story p', 'Students asked', 'quiet evenings');
  await panel(n).locator('button.tab').click();
  await panel(n).locator('button[data-act="add-note"]').click();
  await page.keyboard.type('Ask the library for the numbers');
  await panel(n).locator('button.tab').click(); // the note is saved as the field loses the focus
  await new Promise((ok) => setTimeout(ok, 800));
  const key = [...stored.keys()].find((k) => k.includes('sync-story'));
  check(key && JSON.parse(stored.get(key)).annotations.some((a) => a.note === 'Ask the library for the numbers'), `server has: ${key && stored.get(key).slice(0, 200)}`);
  // another browser: nothing stored locally, everything from the server
  await page.evaluate(() => localStorage.clear());
  await visit('/sync.html');
  await page.waitForFunction(() => document.getElementById('sync-story').dataset.synced === 'yes');
  const back = (await anns('sync-story')).find((a) => a.note === 'Ask the library for the numbers');
  check(back?.text === 'quiet evenings', `after a fresh start: ${JSON.stringify(back)}`);
});

await step('a 200 KB article is extracted in the worker, not in one long task of the page', async () => {
  await visit('/big.html');
  const r = await ready('long-read');
  check(r.annotations > 500, JSON.stringify(r));
  check(requests.includes('/widget/quotelens-worker.js'), 'the worker was not used');
  const longest = await page.evaluate(() => new Promise((ok) => {
    let m = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) m = Math.max(m, e.duration); }).observe({ type: 'longtask', buffered: true });
    setTimeout(() => ok(m), 200);
  }));
  console.log(`     200 KB article: ${r.annotations} annotations; longest main-thread task while loading ${Math.round(longest)} ms`);
  await honest('long-read');
  const n = await number('long-read');
  check((await panel(n).locator('button.tab').textContent()).includes('quotes'), 'the tab did not show the counts');
});

await step('no CSP violation, no page error, no request but the page\'s own files', async () => {
  const v = await page.evaluate(() => window.cspViolations);
  check(v.length === 0, `violations: ${v}`);
  check(problems.length === 0, problems.join('\n'));
  const own = new Set(['/', '/hostile.css', '/host.js', '/widget/quotelens-widget.js', '/widget/quotelens_widget.js', '/widget/quotelens_widget_bg.wasm', '/favicon.ico',
    '/plain.css', '/spa/pier', '/spa/market', '/spa.js', '/lazy.html', '/lazy.js', '/split.html', '/shortcuts.js',
    '/phone.html', '/phone.css', '/sync.html', '/sync.js', '/big.html', '/big.js', '/widget/quotelens-worker.js']);
  const api = requests.filter((p) => p.startsWith('/api/annotations/'));
  check(api.length >= 2, `the sync page made ${api.length} requests`);
  const other = requests.filter((p) => !own.has(p) && !p.startsWith('/api/annotations/'));
  check(other.length === 0, `unexpected requests: ${other}`);
});

await ctx.close();
server.close();
rmSync(profile, { recursive: true, force: true });
console.log(`\nwidget end to end: ${run.passed} passed, ${run.failed} failed`);
process.exit(run.failed ? 1 : 0);
