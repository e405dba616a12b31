// The sync hook of docs/widget.md: the site keeps each article's annotations on its own server.
// On `ready`, what the server has is merged in; after each change (debounced), the whole
// document goes back. The server here is the test's (GET and PUT /api/annotations/<article>).
const url = (article) => `/api/annotations/${encodeURIComponent(location.pathname + '#' + article.id)}`;
document.addEventListener('quotelens:ready', async (e) => {
  const article = e.target;
  const res = await fetch(url(article));
  if (res.status === 200) await article.quotelens.import(await res.text()); // merges; never removes
  article.dataset.synced = 'yes';
});
const timers = new Map();
for (const name of ['created', 'changed', 'deleted', 'imported']) {
  document.addEventListener(`quotelens:${name}`, (e) => {
    const article = e.target;
    clearTimeout(timers.get(article));
    timers.set(article, setTimeout(() => {
      fetch(url(article), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: article.quotelens.exportNative() });
    }, 300));
  });
}
