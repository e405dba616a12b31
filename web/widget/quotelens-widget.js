// Quotelens widget loader: defines <quotelens-annotator for="id"> and mounts a widget on every
// [data-quotelens] element. No inline script, no eval: works under script-src 'self' 'wasm-unsafe-eval'.
import init, { Widget } from './quotelens_widget.js';
const ready = init({ module_or_path: new URL('quotelens_widget_bg.wasm', import.meta.url) });
const opt = (el, p) => ({ readOnly: el.getAttribute(p + 'readonly') ?? undefined, kinds: el.getAttribute(p + 'kinds') ?? undefined,
  colors: el.getAttribute(p + 'colors') ?? undefined, wrap: el.getAttribute(p + 'wrap') ?? undefined });
class QuotelensAnnotator extends HTMLElement {
  async connectedCallback() {
    const article = this.article ?? document.getElementById(this.getAttribute('for'));
    if (this.widget || !article) return;
    await ready;
    const o = this.article ? opt(article, 'data-quotelens-') : opt(this, '');
    o.key = article.id || article.getAttribute('data-quotelens') || String([...document.querySelectorAll('[data-quotelens]')].indexOf(article));
    article.quotelens = this.widget = new Widget(article, this, o);
  }
  disconnectedCallback() { this.widget?.destroy(); this.widget = null; }
  exportNative() { return this.widget.exportNative(); }
  exportW3c() { return this.widget.exportW3c(); }
  import(json) { return this.widget.import(json); }
}
customElements.define('quotelens-annotator', QuotelensAnnotator);
for (const el of document.querySelectorAll('[data-quotelens]')) {
  const host = document.createElement('quotelens-annotator');
  host.article = el;
  document.body.append(host);
}
