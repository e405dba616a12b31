// Quotelens widget loader: defines <quotelens-annotator for="id"> and mounts a widget on every
// [data-quotelens] element. No inline script, no eval: works under script-src 'self' 'wasm-unsafe-eval'.
// Each widget reads its article again (rescan) when the article's content changes (lazy
// paragraphs, a framework's render) or the page address does (a single-page app's navigation).
import init, { Widget } from './quotelens_widget.js';
const ready = init({ module_or_path: new URL('quotelens_widget_bg.wasm', import.meta.url) });
const opt = (el, p) => Object.fromEntries(['readonly', 'kinds', 'colors', 'wrap', 'exclude', 'mode', 'position']
  .map((k) => [k === 'readonly' ? 'readOnly' : k, el.getAttribute(p + k) ?? undefined]));
// Long articles are extracted in a worker (the same WebAssembly), not in one long task here.
let worker;
const asked = new Map();
const extract = (w) => {
  const text = w.pending();
  if (text === undefined) return;
  if (!worker) {
    worker = new Worker(new URL('quotelens-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data: [n, json] }) => asked.get(n)?.extracted(json);
  }
  asked.set(w.number, w);
  worker.postMessage([w.number, text, document.title, Date.now()]);
};
// pushState and replaceState fire no event: tell the widgets (once per page)
for (const k of ['pushState', 'replaceState']) {
  const f = history[k];
  history[k] = function (...a) {
    const r = f.apply(this, a);
    dispatchEvent(new Event('quotelens:navigate'));
    return r;
  };
}
class QuotelensAnnotator extends HTMLElement {
  async connectedCallback() {
    const article = this.article ?? document.getElementById(this.getAttribute('for'));
    if (this.widget || !article) return;
    await ready;
    const o = this.article ? opt(article, 'data-quotelens-') : opt(this, '');
    o.worker = typeof Worker === 'function' ? 'true' : undefined;
    o.key = article.id || article.getAttribute('data-quotelens') || String([...document.querySelectorAll('[data-quotelens]')].indexOf(article));
    article.quotelens = this.widget = new Widget(article, this, o);
    extract(this.widget);
    // changes come in bursts (a render, a batch of paragraphs): one rescan after they settle
    let t;
    this.later = () => { clearTimeout(t); t = setTimeout(() => this.rescan(), 120); };
    this.mo = new MutationObserver(this.later);
    this.mo.observe(article, { childList: true, subtree: true, characterData: true });
    for (const e of ['popstate', 'quotelens:navigate']) addEventListener(e, this.later);
  }
  disconnectedCallback() {
    this.mo?.disconnect();
    for (const e of ['popstate', 'quotelens:navigate']) removeEventListener(e, this.later);
    this.widget?.destroy();
    this.widget = null;
  }
  rescan() {
    if (!this.widget) return false;
    const r = this.widget.rescan();
    this.mo?.takeRecords(); // the widget's own wrapping marks, if any
    extract(this.widget);
    return r;
  }
  exportNative() { return this.widget.exportNative(); }
  exportW3c() { return this.widget.exportW3c(); }
  import(json, o) { return this.widget.import(json, o); }
}
customElements.define('quotelens-annotator', QuotelensAnnotator);
for (const el of document.querySelectorAll('[data-quotelens]')) {
  const host = document.createElement('quotelens-annotator');
  host.article = el;
  // inline: the panel follows its article; else a host of no size at the end of the page
  if (el.getAttribute('data-quotelens-position') === 'inline') el.after(host);
  else document.body.append(host);
}
