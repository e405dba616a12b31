// The host page's own script: it logs every widget event, watches for Content-Security-Policy
// violations, and does a few careless things of its own (globals the widget must not need,
// a click handler on links).
window.hostLog = [];
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
for (const name of ['created', 'changed', 'deleted', 'ready', 'rescanned', 'imported']) {
  document.addEventListener(`quotelens:${name}`, (e) => {
    const article = e.target.id;
    window.hostLog.push({ event: name, article, detail: e.detail });
    // (cut short: an import's detail lists every id, half a megabyte after a large one)
    console.log(`host: quotelens:${name} on #${article}`, JSON.stringify(e.detail).slice(0, 2000));
  });
}
// globals a careless page defines: the widget's loader must not read them
window.init = () => { throw new Error('host init called'); };
window.Widget = 'host value';
window.wasm_bindgen = undefined;
// the host's own link handling keeps working under the highlights
window.linkClicks = 0;
document.addEventListener('click', (e) => {
  const a = e.target.closest && e.target.closest('a[data-host-link]');
  if (a) {
    e.preventDefault();
    window.linkClicks++;
  }
});
