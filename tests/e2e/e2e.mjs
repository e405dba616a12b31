// End-to-end test of the annotator over the built dist/: Debian's Chromium driven by
// playwright-core, the app served on 127.0.0.1 by this script. Paste an article, review it
// from the keyboard, reload (everything is still there), export the three formats, import
// into a fresh browser profile (identical), open an HTML file, feed script payloads through
// every input, run axe-core, check that no request leaves 127.0.0.1. Saves screenshots in
// tests/e2e/screenshots/. Usage: node tests/e2e/e2e.mjs [dist-dir]
import { steps } from './steps.mjs';
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { serve } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.argv[2] ?? join(here, '../../dist'));
const shots = join(here, 'screenshots');
const fixtures = join(here, 'fixtures');
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const profiles = [];
let downloads = 0;
const run = steps();
const { check, step } = run;

async function launch() {
  const dir = mkdtempSync(join(tmpdir(), 'quotelens-e2e-'));
  profiles.push(dir);
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true, args: ARGS, acceptDownloads: true, viewport: { width: 1280, height: 900 },
  });
}

const srv = await serve(dist);
const origin = new URL(srv.url).origin;
const foreign = [];
const pageErrors = [];
const nativeDialogs = [];
function watch(page) {
  page.on('request', (r) => {
    const u = r.url();
    if (!(u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:'))) foreign.push(u);
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => { nativeDialogs.push(d.message()); d.accept(); });
  return page;
}

const marks = (page) => page.locator('article.article mark');
const item = (page, status) => page.locator(`.panel .item.s-${status}`);
async function openApp(ctx) {
  const page = watch(ctx.pages()[0] ?? await ctx.newPage());
  await page.goto(srv.url);
  await page.waitForSelector('article.article mark', { timeout: 30000 });
  return page;
}
async function pasteArticle(page, title, text) {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByLabel('Title (optional)').fill(title);
  await page.getByLabel('Article text').fill(text);
  await page.getByRole('button', { name: 'Find quotes and claims' }).click();
  await page.waitForFunction((t) => document.querySelector('.doc-title')?.textContent === t, title, { timeout: 30000 });
  await page.waitForSelector('article.article mark');
}
async function download(page, label) {
  await page.locator('.menu summary').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
  const file = join(profiles[0], `dl-${++downloads}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), file, text: readFileSync(file, 'utf8') };
}
async function axe(page, what) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `${what}: axe found ${bad.map((v) => `${v.id} (${v.impact}: ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target})`).join('; ')}`);
}

const ferry = readFileSync(join(fixtures, 'ferry.txt'), 'utf8');
let ctxA = await launch();
let page = await openApp(ctxA);
let exported = {};

await step('first start shows the built-in sample, extracted', async () => {
  check((await page.locator('.doc-title').textContent()).startsWith('Sample'), 'the sample is not open');
  check(await marks(page).count() > 15, 'too few highlighted spans');
  check(await page.locator('.roster-entry').count() > 3, 'the roster is nearly empty');
  check(await page.locator('.boilerplate').count() >= 1, 'boilerplate is not marked');
  check(await page.locator('.dateline').count() >= 1, 'no dateline is marked');
  // plain-DOM parts are refilled, not added to, when the view is rebuilt on the sample's load
  check(await page.locator('.bar h1, #filter-kind, .shown').count() === 3, 'a part of the page is drawn twice');
  await page.screenshot({ path: join(shots, '01-sample.png') });
});

await step('axe-core: no serious or critical violations (review view)', () => axe(page, 'review view'));

await step('paste an article: it is extracted and every annotation is a suggestion', async () => {
  await pasteArticle(page, 'Ferry fares', ferry);
  const n = await page.locator('.panel .item').count();
  check(n >= 5, `only ${n} annotations`);
  check(await item(page, 'suggested').count() === n, 'not every annotation starts as a suggestion');
  check((await page.locator('.roster').textContent()).includes('Delia Marsh'), 'Delia Marsh is not in the roster');
});

await step('keyboard review: next, accept, reject, undo, redo, help overlay', async () => {
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('j');
  await page.keyboard.press('a');
  await page.keyboard.press('j');
  await page.keyboard.press('r');
  check(await item(page, 'accepted').count() === 1, 'accept did not take');
  check(await item(page, 'rejected').count() === 1, 'reject did not take');
  await page.keyboard.press('u');
  check(await item(page, 'rejected').count() === 0, 'undo did not take');
  await page.keyboard.press('Shift+U');
  check(await item(page, 'rejected').count() === 1, 'redo did not take');
  await page.keyboard.press('j');
  await page.keyboard.press('a');
  check(await item(page, 'accepted').count() === 2, 'second accept did not take');
  check(await page.locator('article mark.sel').count() >= 1, 'the selected span is not marked in the text');
  await page.keyboard.press('?');
  await page.getByRole('dialog').waitFor();
  check((await page.getByRole('dialog').textContent()).includes('accept'), 'the help lists no keys');
  await page.screenshot({ path: join(shots, '02-keys.png') });
  await axe(page, 'help overlay');
  await page.keyboard.press('Escape');
  // (the close may land a frame later on a loaded machine: wait for it, briefly)
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 3000 }).catch(() => {});
  check(await page.getByRole('dialog').count() === 0, 'Escape did not close the help');
  await page.screenshot({ path: join(shots, '03-reviewed.png') });
});

await step('clicking a list item selects its span; clicking a span selects its item', async () => {
  const second = page.locator('.panel .item').nth(1);
  const id = await second.getAttribute('data-item');
  await second.click();
  check(await page.locator(`article mark[data-a="${id}"].sel`).count() >= 1, 'the span was not selected');
  const span = page.locator('article mark[data-first]').first();
  const sid = await span.getAttribute('data-a');
  await span.click();
  check(await page.locator(`.panel .item[data-item="${sid}"].sel`).count() === 1, 'the list item was not selected');
});

await step('reload: the document and its review are still there', async () => {
  await page.waitForTimeout(300); // saves are immediate; give IndexedDB its commit
  await page.reload();
  await page.waitForSelector('article.article mark');
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Ferry fares', null, { timeout: 10000 });
  check(await item(page, 'accepted').count() === 2, 'accepted annotations were lost');
  check(await item(page, 'rejected').count() === 1, 'the rejection was lost');
});

await step('library lists both documents with counts', async () => {
  await page.getByRole('button', { name: 'Library' }).click();
  const docs = page.locator('.library .doc');
  await docs.first().waitFor();
  check(await docs.count() === 2, `library has ${await docs.count()} documents`);
  check((await page.locator('.library').textContent()).includes('3 of'), 'the reviewed count is missing');
  await page.screenshot({ path: join(shots, '04-library.png') });
  await axe(page, 'library');
  await page.getByRole('button', { name: 'Open Ferry fares' }).click();
  await page.waitForSelector('article.article mark');
});

await step('export: native JSON, W3C Web Annotation, CSV', async () => {
  exported.native = await download(page, 'Quotelens JSON');
  const doc = JSON.parse(exported.native.text);
  check(doc.schema_version >= 1 && doc.format === 'quotelens-review', 'native JSON has no schema version');
  check(doc.text === ferry.replace(/\r\n?/g, '\n'), 'native JSON does not carry the text');
  check(doc.annotations.some((a) => a.status === 'accepted') && doc.rejected.length === 1, 'review state missing from native JSON');
  exported.w3c = await download(page, 'W3C Web Annotation');
  const w3c = JSON.parse(exported.w3c.text);
  const sel = w3c.first.items[0].target.selector;
  check(sel.some((s) => s.type === 'TextQuoteSelector' && 'prefix' in s && 'suffix' in s), 'no TextQuoteSelector with prefix/suffix');
  check(sel.some((s) => s.type === 'TextPositionSelector'), 'no TextPositionSelector');
  exported.csv = await download(page, 'CSV');
  const lines = exported.csv.text.trim().split('\n');
  check(lines.length === doc.annotations.length + doc.rejected.length + 1, `CSV has ${lines.length} lines`);
});

await step('in-page dialogs: rename, import over a stored document, delete (keyboard, labelled, focus kept inside and returned)', async () => {
  await page.getByRole('button', { name: 'Library' }).click();
  const docs = page.locator('.library .doc');
  await docs.first().waitFor();
  const before = await docs.count();
  const rename = page.getByRole('button', { name: /^Rename Sample/ });
  await rename.focus();
  await page.keyboard.press('Enter');
  const dlg = page.getByRole('dialog', { name: 'Rename' });
  await dlg.waitFor();
  check(await page.evaluate(() => document.activeElement?.id) === 'ask-field', 'focus is not in the title field');
  check(await page.getByLabel('Title', { exact: true }).inputValue() === (await page.locator('.library .doc h3').allTextContents()).find((t) => t.startsWith('Sample')), 'the field does not hold the title');
  await axe(page, 'rename dialog');
  // Tab and Shift+Tab stay inside: field -> Rename -> Cancel -> field
  const seq = [];
  for (let i = 0; i < 3; i++) { await page.keyboard.press('Tab'); seq.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent)); }
  check(JSON.stringify(seq) === JSON.stringify(['Rename', 'Cancel', 'ask-field']), `Tab left the dialog: ${seq}`);
  await page.keyboard.press('Shift+Tab');
  check(await page.evaluate(() => document.activeElement?.textContent) === 'Cancel', 'Shift+Tab left the dialog');
  await page.keyboard.press('j'); // a review key does nothing while the dialog is open
  await page.keyboard.press('Escape');
  check(await dlg.count() === 0, 'Escape did not close the dialog');
  check(await rename.evaluate((el) => el === document.activeElement), 'focus did not return to the Rename button');
  await rename.click();
  await page.getByLabel('Title', { exact: true }).fill('<b>Renamed</b> sample');
  await page.keyboard.press('Enter');
  await page.locator('.library .doc h3', { hasText: '<b>Renamed</b> sample' }).waitFor();
  check(await page.locator('.library .doc h3 b').count() === 0, 'the new title became markup');
  // importing a file whose document is stored asks first; Escape keeps both
  await page.locator('input[type=file]').setInputFiles(exported.native.file);
  const replace = page.getByRole('alertdialog', { name: 'Replace a stored document?' });
  await replace.waitFor();
  await axe(page, 'replace dialog');
  await page.keyboard.press('Escape');
  await page.locator('.notice', { hasText: 'Imported' }).waitFor();
  await page.getByRole('button', { name: 'Library' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.library .doc').length === n + 1, before, { timeout: 5000 });
  // open the original again, then delete the copy: "Keep it" keeps it, "Delete" deletes it
  const other = page.locator('.library .doc:not(.current)', { hasText: 'Ferry fares' });
  await other.getByRole('button', { name: 'Open Ferry fares' }).click();
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Ferry fares');
  await page.getByRole('button', { name: 'Library' }).click();
  const del = other.getByRole('button', { name: 'Delete Ferry fares' });
  await del.click();
  await page.getByRole('alertdialog', { name: 'Delete' }).getByRole('button', { name: 'Keep it' }).click();
  check(await docs.count() === before + 1, 'Keep it deleted the document');
  await del.click();
  await page.getByRole('alertdialog', { name: 'Delete' }).getByRole('button', { name: 'Delete', exact: true }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.library .doc').length === n, before, { timeout: 5000 });
  await page.screenshot({ path: join(shots, '11-dialogs.png') });
  await page.getByRole('button', { name: 'Back to the document' }).click();
  check((await page.locator('.doc-title').textContent()) === 'Ferry fares', 'the original is not open');
  check(nativeDialogs.length === 0, `the browser's own dialogs were used: ${nativeDialogs.join(' | ')}`);
});

await step('a bad file is refused with a message naming the problem, nothing changes', async () => {
  const before = await page.locator('.panel .item').count();
  await page.locator('input[type=file]').setInputFiles(join(fixtures, 'bad-offsets.json'));
  const alert = page.locator('.notice.error');
  await alert.waitFor();
  const msg = await alert.textContent();
  check(/annotations\[0\]/.test(msg), `the message does not name the field: ${msg}`);
  check((await page.locator('.doc-title').textContent()) === 'Ferry fares', 'the open document changed');
  check(await page.locator('.panel .item').count() === before, 'annotations changed');
  await page.screenshot({ path: join(shots, '05-bad-import.png') });
});

await step('open an HTML file: article text only, no scripts, styles or navigation', async () => {
  await page.locator('input[type=file]').setInputFiles(join(fixtures, 'harbour.html'));
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Harbour school opens new wing', null, { timeout: 20000 });
  const text = await page.locator('article.article').textContent();
  check(text.includes('headteacher Ruth Okafor'), 'the article text is missing');
  check(!/MUST-NOT-APPEAR/.test(text), 'script, style, navigation, header, aside or footer text came through');
  check(await page.evaluate(() => window.__pwned) === undefined, 'a script from the HTML file ran');
});

await step('script payloads in text, title and imported files render as text', async () => {
  const payload = readFileSync(join(fixtures, 'payload.txt'), 'utf8');
  await pasteArticle(page, '<img src=x onerror="window.__pwned=\'title\'">Payload', payload);
  const text = await page.locator('article.article').textContent();
  check(text.includes("<script>window.__pwned = 'text'</script>"), 'the payload is not shown as text');
  check(await page.locator('article.article script, article.article img, article.article svg, .panel img, .bar img').count() === 0, 'markup from the text became elements');
  await page.keyboard.press('j');
  check((await page.locator('.details').textContent()).length > 0, 'details are empty');
  // a native file whose title, speaker names and notes carry payloads
  const doc = JSON.parse(exported.native.text);
  doc.id = 'payload-import';
  doc.title = '<script>window.__pwned="import"</script>Imported';
  doc.speakers = doc.speakers.map((s) => ({ ...s, name: `<img src=x onerror="window.__pwned='speaker'">${s.name}` }));
  for (const a of doc.annotations) { if (a.speaker) a.speaker.name = doc.speakers.find((s) => s.id === a.speaker.id)?.name ?? a.speaker.name; a.note = '<script>window.__pwned="note"</script>'; }
  const file = join(profiles[0], 'payload.quotelens.json');
  writeFileSync(file, JSON.stringify(doc));
  await page.locator('input[type=file]').setInputFiles(file);
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent?.includes('Imported'), null, { timeout: 10000 });
  check((await page.locator('.roster').textContent()).includes('<img src=x'), 'speaker payload not shown as text');
  check(await page.locator('.bar img, .panel img, article img').count() === 0, 'an imported name became an element');
  await page.waitForTimeout(200);
  check(await page.evaluate(() => window.__pwned) === undefined, 'a payload ran');
  await page.screenshot({ path: join(shots, '06-payloads.png') });
});

await step('dark mode follows the system; the layout works at phone width', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check(bg !== 'rgb(255, 255, 255)', `background stays white in dark mode: ${bg}`);
  await page.screenshot({ path: join(shots, '07-dark.png') });
  await axe(page, 'dark mode');
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1).map((e) => `${e.tagName}.${e.className}`).slice(0, 5));
    await page.screenshot({ path: join(shots, '08-phone.png') });
    check(overflow <= 1, `the page is ${overflow}px wider than a phone: ${wide}`);
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

await step('two tabs on the same document keep each other\'s edits', async () => {
  await page.getByRole('button', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Open Ferry fares' }).click();
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Ferry fares');
  const tab2 = watch(await ctxA.newPage());
  await tab2.goto(srv.url);
  await tab2.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Ferry fares', null, { timeout: 10000 });
  const acceptedBefore = await item(page, 'accepted').count();
  // tab 2 accepts the last annotation, then tab 1 rejects the first suggestion
  await tab2.locator('.panel .item.s-suggested').last().click();
  await tab2.keyboard.press('a');
  await page.waitForFunction((n) => document.querySelectorAll('.panel .item.s-accepted').length === n + 1, acceptedBefore, { timeout: 5000 });
  await page.locator('.panel .item.s-suggested').first().click();
  await page.keyboard.press('r');
  await tab2.waitForFunction(() => document.querySelectorAll('.panel .item.s-rejected').length === 2, null, { timeout: 5000 });
  check(await item(tab2, 'accepted').count() === acceptedBefore + 1, 'tab 2 lost its own edit');
  await tab2.close();
});

await step('two tabs edit different annotations at the same moment: both keep both edits, also after a reload', async () => {
  const tab2 = watch(await ctxA.newPage());
  await tab2.goto(srv.url);
  await tab2.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Ferry fares', null, { timeout: 10000 });
  const ids = await page.locator('.panel .item.s-suggested').evaluateAll((els) => els.map((e) => e.dataset.item));
  check(ids.length >= 4, `only ${ids.length} suggestions left`);
  const [a1, a2, b1, b2] = [ids[0], ids[1], ids[ids.length - 1], ids[ids.length - 2]];
  const want = [[a1, 'accepted'], [b1, 'rejected'], [a2, 'rejected'], [b2, 'accepted']];
  // each round: both tabs select, then both press their key together (before either has saved)
  for (const [[ida, keya], [idb, keyb]] of [[[a1, 'a'], [b1, 'r']], [[a2, 'r'], [b2, 'a']]]) {
    await page.locator(`.panel .item[data-item="${ida}"]`).click();
    await tab2.locator(`.panel .item[data-item="${idb}"]`).click();
    await Promise.all([page.keyboard.press(keya), tab2.keyboard.press(keyb)]);
  }
  const all = (w) => w.every(([id, s]) => document.querySelector(`.panel .item[data-item="${id}"]`)?.classList.contains(`s-${s}`));
  for (const [name, p] of [['tab 1', page], ['tab 2', tab2]]) {
    const ok = await p.waitForFunction(all, want, { timeout: 5000 }).then(() => true, () => false);
    const seen = await p.evaluate((w) => w.map(([id]) => document.querySelector(`.panel .item[data-item="${id}"]`)?.className), want);
    check(ok, `${name} does not show both tabs' edits: ${JSON.stringify(seen)}`);
  }
  await page.waitForTimeout(300);
  await tab2.reload();
  await tab2.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Ferry fares', null, { timeout: 10000 });
  const kept = await tab2.waitForFunction(all, want, { timeout: 5000 }).then(() => true, () => false);
  check(kept, 'an edit was lost after the reload');
  await tab2.close();
});

await step('edit: kind, speaker, verdict, evidence, note; merge speakers; manual note from a selection', async () => {
  const first = page.locator('.panel .item').first();
  const id = await first.getAttribute('data-item');
  await first.click();
  await page.keyboard.press('e');
  // the note has the focus (a letter typed into the focused Kind list would change the kind)
  await page.waitForFunction(() => document.activeElement?.id === 'edit-note');
  await page.locator('#edit-kind').selectOption('claim');
  await page.waitForSelector(`.panel .item.k-claim[data-item="${id}"]`);
  await page.locator('#edit-speaker').fill('Delia Marsh');
  await page.getByRole('button', { name: 'Set speaker' }).click();
  await page.waitForFunction((id) => document.querySelector('.details .speaker')?.textContent.includes('Delia Marsh'), id);
  await page.locator('#edit-verdict').selectOption('disputed');
  await page.getByLabel('New evidence link').fill('https://example.org/fares-report');
  await page.getByRole('button', { name: 'Add link' }).click();
  await page.waitForSelector('.evidence .link-text');
  await page.locator('#edit-note').fill('<script>window.__pwned="note"</script> check the fuel figures');
  await page.locator('#edit-note').blur();
  await page.waitForTimeout(100);
  const doc = JSON.parse((await download(page, 'Quotelens JSON')).text);
  const a = [...doc.annotations, ...doc.rejected].find((x) => x.id === id);
  check(a.kind === 'claim' && a.verdict === 'disputed' && a.evidence[0] === 'https://example.org/fares-report', `edit not exported: ${JSON.stringify(a)}`);
  check(a.note.includes('<script>') && a.speaker.name === 'Delia Marsh', 'note or speaker not exported');
  // the verdict filter finds it
  await page.locator('#filter-verdict').selectOption('disputed');
  check(await page.locator('.panel .item').count() === 1, 'the verdict filter does not work');
  await page.locator('#filter-verdict').selectOption('');
  // merge: every annotation of Owen Pryce goes to Delia Marsh in one step, and undo brings him back
  const owen = page.locator('.roster-entry', { hasText: 'Owen Pryce' });
  await owen.click();
  await page.locator('.panel .item').first().click();
  await page.keyboard.press('e');
  await page.locator('#merge-into').selectOption({ label: 'Delia Marsh' });
  await page.getByRole('button', { name: 'Merge', exact: true }).click();
  await page.waitForFunction(() => !document.querySelector('.roster')?.textContent.includes('Owen Pryce'));
  await page.keyboard.press('Escape');
  await page.locator('article').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('u');
  await page.waitForFunction(() => document.querySelector('.roster')?.textContent.includes('Owen Pryce'));
  await page.getByRole('button', { name: 'show all' }).click().catch(() => {});
  // a manual note over plain words of the first body paragraph
  const before = await page.locator('.panel .item').count();
  const word = await page.evaluate(() => {
    const run = [...document.querySelectorAll('article p.blk span[data-o]:not(.dateline)')].find((s) => /[A-Za-z]{4,}/.test(s.textContent));
    const t = run.firstChild, m = /[A-Za-z]{4,}/.exec(t.textContent);
    const r = document.createRange();
    r.setStart(t, m.index); r.setEnd(t, m.index + m[0].length);
    const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
    return m[0];
  });
  await page.getByRole('button', { name: 'New note' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.panel .item').length === n + 1, before);
  check(await page.locator('article mark.k-note').count() >= 1, 'the note is not highlighted');
  check((await page.locator('.details .words').textContent()) === word, `the note has the wrong span (want ${word})`);
  await page.screenshot({ path: join(shots, '10-edit.png') });
  check(await page.evaluate(() => window.__pwned) === undefined, 'a payload ran');
});

await step('a 1 MB article is extracted off the page\'s thread: no long task while it is read, frames keep coming', async () => {
  // the file is made and dropped inside the page, so that no work of the test itself is timed;
  // the window ends when the page has the extraction's result (a mutation observer sees the
  // "found" line in the very task that received it); the drawing after it is the next step's
  const r = await page.evaluate(async (ferry) => {
    let text = '';
    while (text.length < 1_000_000) text += ferry + '\n';
    const long = [];
    const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push([e.startTime, e.duration]); });
    obs.observe({ type: 'longtask' });
    const notice = () => document.querySelector('.notice')?.textContent ?? '';
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'big-island.txt', { type: 'text/plain' }));
    const t0 = performance.now();
    let frames = 0, gap = 0, last = t0, extracting = false, end = 0;
    const seen = new MutationObserver(() => {
      extracting ||= /Extracting/.test(notice());
      if (!end && /big-island.*annotations? found/.test(notice())) end = performance.now();
    });
    seen.observe(document.body, { subtree: true, childList: true, characterData: true });
    await new Promise((done) => {
      const beat = (t) => {
        if (end) { done(); return; }
        frames++;
        gap = Math.max(gap, t - last);
        last = t;
        requestAnimationFrame(beat);
      };
      requestAnimationFrame(beat);
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    seen.disconnect();
    await new Promise((ok) => setTimeout(ok, 300)); // long-task entries arrive late
    obs.disconnect();
    const during = long.filter(([s]) => s >= t0 && s < end).map(([, d]) => Math.round(d));
    return { ms: Math.round(end - t0), frames, gap: Math.round(gap), extracting, during };
  }, ferry);
  const longest = Math.max(0, ...r.during);
  console.log(`     1 MB dropped: extracted after ${r.ms} ms; meanwhile ${r.frames} frames (longest gap ${r.gap} ms), longest task ${longest} ms`);
  check(longest < 200, `the page was blocked for ${longest} ms while the article was extracted (tasks: ${r.during.join(', ')})`);
  check(r.frames >= r.ms / 100, `only ${r.frames} frames in ${r.ms} ms`);
  check(r.extracting, 'no "Extracting…" line was shown');
  check(page.workers().some((w) => w.url().endsWith('/extract-worker.js')), 'no extraction worker was started');
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'big-island', null, { timeout: 30000 });
});

await step('the 1 MB article: drawn with visible progress, review stays quick', async () => {
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await page.waitForFunction(() => !document.querySelector('.progress-note'), null, { timeout: 60000 });
  const all = Date.now() - t0;
  const n = await page.locator('article mark[data-first]').count();
  check(n > 5000, `only ${n} annotations`);
  await page.locator('article').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('j');
  await page.waitForTimeout(300);
  const t1 = Date.now();
  await page.keyboard.press('a');
  await page.waitForSelector('article mark.s-accepted');
  const accept = Date.now() - t1;
  const longest = Math.max(0, ...(await page.evaluate(() => window.__long)));
  console.log(`     1 MB, ${n} annotations: every paragraph drawn ${all} ms later, accept ${accept} ms, longest task ${longest} ms`);
  check(longest < 2000, `the page froze for ${longest} ms`);
  check(accept < 1500, `accept took ${accept} ms`);
});

await ctxA.close();

await step('import into a fresh browser profile gives the identical document', async () => {
  const ctxB = await launch();
  const pb = await openApp(ctxB);
  await pb.locator('input[type=file]').setInputFiles(exported.native.file);
  await pb.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Ferry fares', null, { timeout: 10000 });
  check(await item(pb, 'accepted').count() === 2 && await item(pb, 'rejected').count() === 1, 'review state differs after import');
  await pb.waitForTimeout(200);
  const again = await download(pb, 'Quotelens JSON');
  const a = JSON.parse(exported.native.text), b = JSON.parse(again.text);
  for (const k of ['id', 'title', 'text', 'annotations', 'rejected', 'speakers', 'schema_version']) {
    check(JSON.stringify(a[k]) === JSON.stringify(b[k]), `${k} differs after the round trip`);
  }
  // and the W3C file imports too
  await pb.locator('input[type=file]').setInputFiles(exported.w3c.file);
  // the same document is stored now: the in-page dialog asks, and it is replaced
  await pb.getByRole('alertdialog', { name: 'Replace a stored document?' }).getByRole('button', { name: 'Replace it' }).click();
  await pb.waitForSelector('.notice:not(.error)');
  check((await pb.locator('.notice').textContent()).includes('W3C'), 'the W3C import was not reported');
  await pb.screenshot({ path: join(shots, '09-imported.png') });
  await ctxB.close();
});

// ---- issue 14: the annotator never surprises its reader ---------------------------------------
// Each step reproduces one surprise a new user met (the issue's numbers in brackets); each
// failed before its fix.
const ctxC = await launch();
page = await openApp(ctxC);
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
const active = (p = page) => p.evaluate(() => {
  const a = document.activeElement;
  return !a || a === document.body ? 'BODY' : (a.id || a.dataset.item || a.dataset.act || a.tagName);
});
const selectedId = (p = page) => p.evaluate(() => document.querySelector('.panel .item.sel')?.dataset.item ?? null);
const inView = (p, sel) => p.evaluate((sel) => {
  const el = document.querySelector(sel);
  if (!el) return { ok: false, why: 'missing' };
  const r = el.getBoundingClientRect();
  return { ok: r.top >= 0 && r.bottom <= innerHeight && r.height > 0, top: Math.round(r.top), bottom: Math.round(r.bottom) };
}, sel);
const world = readFileSync(join(fixtures, 'world.txt'), 'utf8');
const ferries = Array.from({ length: 8 }, (_, i) => ferry.replace('Island ferry fares', `Part ${i + 1}: island ferry fares`)).join('\n');

await step('[1] desktop 1280x800: j and clicking a highlight keep the card (Accept) in view beside the text', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await pasteArticle(page, 'Eight ferries', ferries);
  await page.locator('#doc-article').focus();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('j');
    const v = await inView(page, '#do-accept');
    check(v.ok, `after ${i + 1} x j the Accept button is out of view (top ${v.top}, bottom ${v.bottom})`);
  }
  await page.waitForTimeout(50);
  check(await active() === await selectedId(), `focus is on ${await active()}, not on the selected row ${await selectedId()}`);
  // a highlight far down the text, clicked: the text does not move, the card stays
  const last = page.locator('article mark[data-first]').last();
  await last.scrollIntoViewIfNeeded();
  const y0 = await page.evaluate(() => scrollY);
  await last.click();
  check(Math.abs(await page.evaluate(() => scrollY) - y0) < 30, 'the page jumped when a highlight was clicked');
  const v = await inView(page, '#do-accept');
  check(v.ok, `after a click the Accept button is out of view (top ${v.top})`);
  check(await selectedId() === await last.getAttribute('data-a'), 'the clicked highlight is not selected in the list');
  await page.screenshot({ path: join(shots, '12-card-desktop.png') });
});

await step('[2] phone 390x844: tapping a highlight shows a bottom sheet over the text; the page does not jump', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.keyboard.press('Escape');
  const mark = page.locator('article mark[data-first]').nth(6);
  // the highlight in the upper part of the screen, where a reader taps what they are reading
  await mark.evaluate((m) => scrollBy(0, m.getBoundingClientRect().top - 160));
  const y0 = await page.evaluate(() => scrollY);
  await mark.click();
  const y1 = await page.evaluate(() => scrollY);
  check(Math.abs(y1 - y0) < 30, `the page jumped ${y1 - y0} px`);
  const v = await inView(page, '#do-accept');
  check(v.ok, `the Accept button is off-screen (top ${v.top})`);
  const sheet = await page.evaluate(() => {
    const d = document.querySelector('.details').getBoundingClientRect();
    const m = document.querySelector('article mark.sel').getBoundingClientRect();
    return { top: d.top, bottom: d.bottom, markBottom: m.bottom, pos: getComputedStyle(document.querySelector('.details')).position };
  });
  check(sheet.pos === 'fixed' && Math.abs(sheet.bottom - 844) < 2, `the card is not a bottom sheet: ${JSON.stringify(sheet)}`);
  check(sheet.markBottom <= sheet.top, 'the selected highlight is under the sheet');
  await page.screenshot({ path: join(shots, '13-phone-sheet.png') });
  await page.keyboard.press('j');
  check((await inView(page, 'article mark.sel[data-first]')).ok, 'j at phone width left the highlight off-screen');
  const under = await page.evaluate(() => document.querySelector('article mark.sel').getBoundingClientRect().bottom <= document.querySelector('.details').getBoundingClientRect().top);
  check(under, 'after j the selected highlight is under the sheet');
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  check(await page.locator('.details .card').count() === 0, 'Close did not close the sheet');
  check(await active() !== 'BODY', 'focus fell to the page after Close');
  await page.setViewportSize({ width: 1280, height: 800 });
});

await step('[3][4] after e, typing a note, Tab and more typing never fire review keys', async () => {
  await page.locator('#doc-article').focus();
  await page.keyboard.press('j');
  const id = await selectedId();
  const kind = await page.locator(`.panel .item[data-item="${id}"] .tag`).textContent();
  await page.keyboard.press('e');
  await page.waitForFunction(() => document.activeElement?.id === 'edit-note');
  await page.keyboard.type('n check the figures');
  await page.keyboard.press('Tab');
  check(await active() !== 'BODY', 'Tab from the note left focus on the page');
  await page.keyboard.type('urgent');
  await page.waitForTimeout(600);
  const row = page.locator(`.panel .item[data-item="${id}"]`);
  check(await selectedId() === id, 'the selection moved while typing');
  check((await row.getAttribute('class')).includes('s-suggested'), `a letter changed the status: ${await row.getAttribute('class')}`);
  check(await row.locator('.tag').textContent() === kind, 'a letter changed the kind');
  check(await page.locator('#edit-note').inputValue() === 'n check the figures', 'the note was not kept as typed');
  // arrows and letters on the Kind list are the list's, never review keys (and e never goes there)
  await page.locator('#edit-kind').focus();
  await page.keyboard.press('j');
  check(await selectedId() === id, 'j in the Kind list moved the selection');
});

await step('[5] Escape leaves the edit form, focus stays on the review, keys work again', async () => {
  await page.locator('#edit-note').focus();
  await page.keyboard.press('Escape');
  check(await page.locator('#edit-annotation[open]').count() === 0, 'Escape did not close the edit form');
  check(await active() !== 'BODY', 'focus fell to the page');
  const before = await selectedId();
  await page.keyboard.press('j');
  check(await selectedId() !== before, 'review keys do not work after Escape');
});

await step('focus never falls to the page: a/r on a list row, closing the help, Rename', async () => {
  const row = page.locator('.panel .item.s-suggested').first();
  const id = await row.getAttribute('data-item');
  await row.click();
  await page.keyboard.press('a');
  await page.waitForSelector(`.panel .item.s-accepted[data-item="${id}"]`);
  await page.waitForTimeout(50);
  check(await active() === id, `after a on a row, focus is on ${await active()}`);
  await page.keyboard.press('j');
  await page.keyboard.press('r');
  await page.waitForTimeout(50);
  check(await active() === await selectedId(), `after r, focus is on ${await active()}`);
  await page.keyboard.press('?');
  await page.getByRole('dialog').waitFor();
  await page.keyboard.press('Escape');
  check(await active() !== 'BODY', 'closing the help left focus on the page');
  await page.getByRole('button', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Rename Eight ferries' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Eight ferries, renamed');
  await page.keyboard.press('Enter');
  await page.locator('.library .doc h3', { hasText: 'Eight ferries, renamed' }).waitFor();
  await page.waitForTimeout(100);
  check(await active() === 'rename', `after Rename, focus is on ${await active()}`);
  await page.getByRole('button', { name: 'Back to the document' }).click();
});

await step('[6] a note being typed survives a reload at once (saved as you type)', async () => {
  await page.locator('.panel .item').nth(2).click();
  const id = await selectedId();
  await page.keyboard.press('e');
  await page.waitForFunction(() => document.activeElement?.id === 'edit-note');
  await page.keyboard.type('typed just before the reload');
  await page.reload();
  await page.waitForSelector('article.article mark');
  await page.locator(`.panel .item[data-item="${id}"]`).click();
  await page.keyboard.press('e');
  await page.waitForFunction(() => document.activeElement?.id === 'edit-note');
  const note = await page.locator('#edit-note').inputValue();
  check(note === 'typed just before the reload', `the note after reload: ${JSON.stringify(note)}`);
  await page.keyboard.press('Escape');
});

await step('[7] with a note being typed, the first click on Accept counts', async () => {
  const row = page.locator('.panel .item.s-suggested').first();
  const id = await row.getAttribute('data-item');
  await row.click();
  await page.keyboard.press('e');
  await page.waitForFunction(() => document.activeElement?.id === 'edit-note');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('one click');
  await page.locator('#do-accept').click();
  await page.waitForTimeout(100);
  check((await page.locator(`.panel .item[data-item="${id}"]`).getAttribute('class')).includes('s-accepted'), 'the first click on Accept was swallowed');
  check(await page.locator('#edit-note').inputValue() === 'one click', 'the note was lost');
  await page.keyboard.press('Escape');
});

await step('[8] two tabs type different notes into one annotation: both texts are kept, and said so', async () => {
  const tab2 = watch(await ctxC.newPage());
  await tab2.goto(srv.url);
  await tab2.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Eight ferries, renamed', null, { timeout: 10000 });
  const id = await page.locator('.panel .item').nth(4).getAttribute('data-item');
  for (const p of [page, tab2]) {
    await p.locator(`.panel .item[data-item="${id}"]`).click();
    await p.keyboard.press('e');
    await p.waitForFunction(() => document.activeElement?.id === 'edit-note');
  }
  // both type at the same moment (before either has saved)
  await Promise.all([page.keyboard.type('first tab words'), tab2.keyboard.type('second tab words')]);
  await page.waitForTimeout(1500);
  for (const [name, p] of [['tab 1', page], ['tab 2', tab2]]) {
    const ok = await p.waitForFunction(() => {
      const v = document.querySelector('#edit-note')?.value ?? '';
      return v.includes('first tab words') && v.includes('second tab words');
    }, null, { timeout: 5000 }).then(() => true, () => false);
    check(ok, `${name} does not keep both notes: ${JSON.stringify(await p.locator('#edit-note').inputValue())}`);
  }
  const said = (await page.locator('.notice').allTextContents()).join(' ') + (await tab2.locator('.notice').allTextContents()).join(' ');
  check(/Both texts are kept/.test(said), `no tab told the reader: ${said}`);
  await tab2.keyboard.press('Escape');
  await tab2.close();
  await page.keyboard.press('Escape');
});

await step('[9] stale messages go: "found" of the previous document, a refused link, "Saving failed"', async () => {
  await pasteArticle(page, 'Harbour master', world);
  check(/Harbour master.*found/.test(await page.locator('.notice').textContent()), 'no "found" message');
  await page.getByRole('button', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Open Eight ferries, renamed' }).click();
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Eight ferries, renamed');
  check(await page.locator('.notice', { hasText: 'Harbour master' }).count() === 0, 'the previous document\'s "found" message stayed');
  // a claim: a refused link, then a good one
  await page.locator('#filter-kind').selectOption('claim');
  await page.locator('.panel .item').first().click();
  await page.locator('#filter-kind').selectOption('');
  await page.locator('.panel .item.sel').focus();
  await page.keyboard.press('e');
  await page.getByLabel('New evidence link').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Add link' }).click();
  await page.locator('.notice.error').waitFor();
  await page.getByLabel('New evidence link').fill('example.org/report');
  await page.getByRole('button', { name: 'Add link' }).click();
  await page.waitForSelector('.evidence a.link-text');
  check(await page.locator('.notice.error').count() === 0, 'the invalid-link error stayed after a valid link');
  await page.keyboard.press('Escape');
  // a save that fails once, then one that succeeds
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () { IDBObjectStore.prototype.put = put; throw new DOMException('The database connection is closing.', 'InvalidStateError'); };
  });
  await page.locator('.panel .item.s-suggested').first().click();
  await page.keyboard.press('a');
  await page.locator('.notice.error').waitFor();
  const failed = await page.locator('.notice.error').textContent();
  check(/Saving failed/.test(failed), `no saving error shown: ${failed}`);
  check(!/[A-Z][a-z]+Error|DOMException/.test(failed), `[10] a raw exception name in the message: ${failed}`);
  await page.keyboard.press('r');
  await page.waitForFunction(() => !document.querySelector('.notice.error'), null, { timeout: 5000 }).catch(() => {});
  check(await page.locator('.notice.error').count() === 0, '"Saving failed" stayed after a save succeeded');
});

await step('[9] after the database is cleared the app reconnects and keeps saving', async () => {
  await page.evaluate(() => new Promise((ok, bad) => { const r = indexedDB.deleteDatabase('quotelens'); r.onsuccess = ok; r.onerror = bad; r.onblocked = () => bad(new Error('blocked: the app kept its connection')); }));
  const id = await page.locator('.panel .item.s-suggested').first().getAttribute('data-item');
  await page.locator(`.panel .item[data-item="${id}"]`).click();
  const before = await page.evaluate(() => Date.now());
  await page.keyboard.press('a');
  // until the change is stored (reconnecting takes longer on a busy machine than any fixed
  // wait): the database exists again and lists the document as changed since the key press.
  // (Looked up only once it exists: opening it from here would create it without stores.)
  await page.waitForFunction(async (t0) => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'quotelens')) return false;
    return new Promise((done) => {
      const open = indexedDB.open('quotelens');
      open.onerror = () => done(false);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('library')) { db.close(); done(false); return; }
        const all = db.transaction('library').objectStore('library').getAll();
        all.onsuccess = () => { db.close(); done(all.result.some((l) => l.title === 'Eight ferries, renamed' && l.updated_ms >= t0)); };
        all.onerror = () => { db.close(); done(false); };
      };
    });
  }, before, { timeout: 10000, polling: 100 }).catch(() => {});
  check(await page.locator('.notice.error').count() === 0, `an error after the database was cleared: ${await page.locator('.notice').allTextContents()}`);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Eight ferries, renamed', null, { timeout: 10000 });
  check((await page.locator(`.panel .item[data-item="${id}"]`).getAttribute('class')).includes('s-accepted'), 'the change after the database was cleared was not stored');
});

await step('[9] a document deleted in one tab does not come back when the other edits it; no second sample', async () => {
  await pasteArticle(page, 'Harbour master', world);
  const tab2 = watch(await ctxC.newPage());
  await tab2.goto(srv.url);
  await tab2.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Harbour master', null, { timeout: 10000 });
  await tab2.getByRole('button', { name: 'Library' }).click();
  await tab2.getByRole('button', { name: 'Delete Harbour master' }).click();
  await tab2.getByRole('alertdialog', { name: 'Delete' }).getByRole('button', { name: 'Delete', exact: true }).click();
  await page.locator('.notice', { hasText: 'deleted in another tab' }).waitFor({ timeout: 5000 });
  await page.locator('.panel .item').first().click();
  await page.keyboard.press('a');
  await page.waitForTimeout(500);
  await tab2.reload();
  await tab2.waitForSelector('article.article mark');
  await tab2.getByRole('button', { name: 'Library' }).click();
  await tab2.locator('.library .doc').first().waitFor();
  const titles = await tab2.locator('.library .doc h3').allTextContents();
  check(!titles.includes('Harbour master'), `the deleted document came back: ${titles}`);
  // deleting the open document opens another stored one, not a second copy of the sample
  await pasteArticle(tab2, 'Spare', world);
  await tab2.getByRole('button', { name: 'Library' }).click();
  await tab2.getByRole('button', { name: 'Open Eight ferries, renamed' }).click();
  await tab2.getByRole('button', { name: 'Library' }).click();
  await tab2.getByRole('button', { name: 'Delete Eight ferries, renamed' }).click();
  await tab2.getByRole('alertdialog', { name: 'Delete' }).getByRole('button', { name: 'Delete', exact: true }).click();
  await tab2.waitForFunction(() => ![...document.querySelectorAll('.library .doc h3')].some((h) => h.textContent === 'Eight ferries, renamed'));
  await tab2.waitForTimeout(300);
  const after = await tab2.locator('.library .doc h3').allTextContents();
  check(after.filter((t) => t.startsWith('Sample')).length === titles.filter((t) => t.startsWith('Sample')).length, `a sample was made although a document is left: ${after}`);
  check(await tab2.locator('.library .doc.current h3').textContent() === 'Spare', 'the remaining document was not opened');
  check(await tab2.evaluate(() => document.activeElement && document.activeElement !== document.body), 'focus fell to the page after Delete');
  await tab2.close();
  // the first tab keeps its copy only if asked
  await page.getByRole('button', { name: 'Keep it in the library' }).click();
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: 'Library' }).click();
  await page.locator('.library .doc h3', { hasText: 'Harbour master' }).waitFor({ timeout: 5000 });
  await page.getByRole('button', { name: 'Open Harbour master' }).click();
});

await step('[10] counts in words: no "(s)", no "1 claims"', async () => {
  const text = (await page.locator('.panel').textContent()) + (await page.locator('.notice').allTextContents()).join(' ');
  check(!/\(s\)/.test(text), 'a "(s)" is shown');
  check(!/\b1 (claims|quotes|annotations)\b/.test(text), 'a "1 claims" is shown');
  check(/\b1 (claim|quote)\b|\b\d+ (claims|quotes)\b/.test(await page.locator('.roster').textContent()), 'the roster counts are not in words');
});

await step('[11] Arabic and Hebrew paragraphs read right to left', async () => {
  const dirs = await page.evaluate(() => [...document.querySelectorAll('article .blk')].map((p) => [p.textContent.slice(0, 6), getComputedStyle(p).direction]));
  const rtl = dirs.filter(([t]) => /[\u0590-\u06FF]/.test(t));
  check(rtl.length === 2 && rtl.every(([, d]) => d === 'rtl'), `RTL paragraphs: ${JSON.stringify(rtl)}`);
  check(dirs.filter(([t]) => /^[A-Z"]/.test(t)).every(([, d]) => d === 'ltr'), 'an English paragraph is not left to right');
});

await step('[12] search ignores accents: "wrobel" finds Wróbel', async () => {
  await page.locator('input[type=search]').fill('wrobel');
  const n = await page.locator('.panel .item').count();
  check(n >= 1, 'wrobel finds nothing');
  check((await page.locator('.panel .item .excerpt').allTextContents()).every((t) => true), '');
  await page.locator('input[type=search]').fill('nunez');
  check(await page.locator('.panel .item').count() >= 1, 'nunez does not find Núñez');
  await page.locator('input[type=search]').fill('');
});

await step('[14] hovering a highlight shows a card (kind, speaker, cue, status); a legend names the kinds', async () => {
  check(await page.locator('article mark[title]').count() === 0, 'highlights still carry a title tooltip');
  const m = page.locator('article mark.k-quote[data-first]').first();
  await m.hover();
  await page.locator('#hovercard:not([hidden])').waitFor({ timeout: 2000 });
  const card = await page.locator('#hovercard').textContent();
  check(/quote/.test(card) && /suggested|accepted|rejected/.test(card) && /Speaker/.test(card), `the hover card says: ${card}`);
  await page.screenshot({ path: join(shots, '14-hovercard.png') });
  await page.locator('.bar').hover();
  check(await page.locator('#hovercard[hidden]').count() === 1, 'the hover card stays after the pointer left');
  const legend = await page.locator('.legend .swatch').allTextContents();
  check(['quote', 'claim', 'term', 'note'].every((k) => legend.includes(k)), `legend: ${legend}`);
});

await step('[15] evidence links are links (noopener noreferrer); javascript: and data: refused; " percent-encoded', async () => {
  await page.locator('#filter-kind').selectOption('claim');
  await page.locator('.panel .item').first().click();
  await page.locator('#filter-kind').selectOption('');
  await page.locator('.panel .item.sel').focus();
  await page.keyboard.press('e');
  for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'JaVaScRiPt:alert(2)']) {
    await page.getByLabel('New evidence link').fill(bad);
    await page.getByRole('button', { name: 'Add link' }).click();
    await page.locator('.notice.error').waitFor();
  }
  await page.getByLabel('New evidence link').fill('https://example.org/q?a="b"');
  await page.getByRole('button', { name: 'Add link' }).click();
  const a = page.locator('.evidence a.link-text').last();
  await a.waitFor();
  check(await a.getAttribute('href') === 'https://example.org/q?a=%22b%22', `href: ${await a.getAttribute('href')}`);
  check(await a.getAttribute('rel') === 'noopener noreferrer', 'no rel=noopener noreferrer');
  check(await page.locator('.evidence a[href^="javascript"], .evidence a[href^="data"]').count() === 0, 'a script link was made');
  await page.keyboard.press('Escape');
});

await step('[13] with more than 400 annotations, a highlight whose row is not drawn reveals its row', async () => {
  const many = Array.from({ length: 70 }, (_, i) => ferry.replace('Island ferry fares', `Round ${i + 1}: island ferry fares`)).join('\n');
  await pasteArticle(page, 'Seventy ferries', many);
  await page.waitForFunction(() => !document.querySelector('.progress-note'), null, { timeout: 30000 });
  check(await page.locator('.panel .more').count() === 1, 'the list is not cut at 400 rows');
  const last = page.locator('article mark[data-first]').last();
  const id = await last.getAttribute('data-a');
  await last.scrollIntoViewIfNeeded();
  await last.click();
  await page.waitForSelector(`.panel .item.sel[data-item="${id}"]`, { timeout: 3000 });
  await page.waitForTimeout(100);
  check((await inView(page, `.panel .item[data-item="${id}"]`)).ok, 'the revealed row is not in view');
  check((await inView(page, '#do-accept')).ok, 'the card left the view');
});

await step('a document dropped over a long one: its list starts again (400 rows, at the top), no heading without rows', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.keyboard.press('Escape');
  await page.locator('.panel .more').click();
  await page.waitForFunction(() => document.querySelectorAll('.panel .item').length > 400);
  await page.evaluate(() => { document.querySelector('.side .panel').scrollTop = 5000; });
  // dropped while the review is open: the view is updated in place, not drawn anew
  const many = Array.from({ length: 70 }, (_, i) => ferry.replace('Island ferry fares', `Lap ${i + 1}: island ferry fares`)).join('\n');
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'seventy-laps.txt', { type: 'text/plain' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, many);
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'seventy-laps', null, { timeout: 30000 });
  await page.waitForFunction(() => document.querySelectorAll('.panel .item').length > 0 && document.querySelectorAll('.roster-list li').length > 0);
  const r = await page.evaluate(() => ({
    rows: document.querySelectorAll('.panel .item').length,
    more: document.querySelectorAll('.panel .more').length,
    empty: [...document.querySelectorAll('.panel .group')].filter((g) => !g.querySelector('.item')).length,
    top: document.querySelector('.side .panel').scrollTop,
  }));
  check(r.rows === 400, `the new document's list drew ${r.rows} rows, not the first 400`);
  check(r.more === 1, 'no "Show more" under the new document\'s list');
  check(r.empty === 0, `${r.empty} speaker headings without a row`);
  check(r.top === 0, `the list kept the old document's scroll (${r.top} px)`);
});

await step('[16] keyboard: select text, m, Enter makes a quote of it', async () => {
  const before = await page.locator('article mark.k-quote[data-first]').count();
  await page.evaluate(() => {
    const run = [...document.querySelectorAll('article p.blk span[data-o]:not(.dateline)')].find((s) => /[A-Za-z]{5,}/.test(s.textContent));
    const t = run.firstChild, m = /[A-Za-z]{5,}/.exec(t.textContent);
    const r = document.createRange();
    r.setStart(t, m.index); r.setEnd(t, m.index + m[0].length);
    getSelection().removeAllRanges(); getSelection().addRange(r);
  });
  await page.locator('.selection').waitFor();
  await page.keyboard.press('m');
  check(await page.evaluate(() => document.activeElement?.textContent) === 'New quote', 'm does not go to the offer');
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('article mark.k-quote[data-first]').length === n + 1, before);
  check(await active() !== 'BODY', 'focus fell to the page after the quote was made');
});

await step('[17][18] a JSON-LD without its article, a .csv, and JSON under another name: sniffed, refused with a message', async () => {
  const title = await page.locator('.doc-title').textContent();
  await page.locator('input[type=file]').setInputFiles(join(fixtures, 'other-tool.jsonld'));
  await page.locator('.notice.error').waitFor();
  check(/article|text/.test(await page.locator('.notice.error').textContent()), 'the message does not say the article is missing');
  check(await page.locator('.doc-title').textContent() === title, 'an empty document was opened');
  await page.locator('input[type=file]').setInputFiles(join(fixtures, 'table.csv'));
  await page.waitForFunction(() => /CSV/.test(document.querySelector('.notice.error')?.textContent ?? ''));
  check(await page.locator('.doc-title').textContent() === title, 'the CSV was opened as an article');
  // Quotelens JSON saved as .txt: imported, not read as an article
  const json = exported.native.text;
  await page.locator('input[type=file]').setInputFiles({ name: 'ferry-export.txt', mimeType: 'text/plain', buffer: Buffer.from(json) });
  const replace = page.getByRole('alertdialog', { name: 'Replace a stored document?' });
  const asked = await replace.waitFor({ timeout: 5000 }).then(() => true, () => false);
  if (asked) {
    // [20] the safe choice has the focus
    check(await page.evaluate(() => document.activeElement?.textContent) === 'Keep both', `focus in the dialog is on ${await page.evaluate(() => document.activeElement?.textContent)}`);
    await page.keyboard.press('Enter');
  }
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Ferry fares', null, { timeout: 10000 });
  check(/Imported/.test(await page.locator('.notice').textContent()), 'the JSON was not imported');
});

await step('[20] importing over a stored document: focus on "Keep both", Enter keeps both', async () => {
  await page.getByRole('button', { name: 'Library' }).click();
  const n = await page.locator('.library .doc').count();
  await page.locator('input[type=file]').setInputFiles(exported.native.file);
  await page.getByRole('alertdialog', { name: 'Replace a stored document?' }).waitFor();
  check(await page.evaluate(() => document.activeElement?.textContent) === 'Keep both', 'the destructive choice has the focus');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Library' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.library .doc').length === n + 1, n, { timeout: 5000 });
  await page.getByRole('button', { name: 'Back to the document' }).click();
});

await step('[19] HTML: the byline is no heading, display:none is skipped, <base href> logs no CSP error', async () => {
  consoleErrors.length = 0;
  await page.locator('input[type=file]').setInputFiles(join(fixtures, 'byline.html'));
  await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent === 'Lighthouse keeper retires after forty years', null, { timeout: 20000 });
  const heads = await page.locator('article .heading').allTextContents();
  const text = await page.locator('article.article').textContent();
  check(!heads.some((h) => /^By /.test(h)), `a byline is a heading: ${heads}`);
  check(!/Jane Reporter|Oyelaran/.test(text), 'the byline is in the article text');
  check(/By Monday the light/.test(text), 'a sentence starting with "By" was dropped');
  check(!/HIDDEN-PARAGRAPH/.test(text), 'a display:none paragraph was imported');
  await page.waitForTimeout(200);
  check(!consoleErrors.some((e) => /Content Security Policy|base-uri/i.test(e)), `CSP errors: ${consoleErrors.join(' | ')}`);
});

await ctxC.close();

await step('no request left 127.0.0.1; no script error on any page', async () => {
  check(foreign.length === 0, `requests to other hosts: ${foreign.join(', ')}`);
  check(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
});

await srv.close();
for (const d of profiles) rmSync(d, { recursive: true, force: true });
console.log(`\ne2e: ${run.passed} passed, ${run.failed} failed`);
console.log(`screenshots in ${shots}`);
process.exit(run.failed ? 1 : 0);
