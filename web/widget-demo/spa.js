// A single-page app as a news site builds one: links are routed on the client (pushState), and
// the render reuses the article's text nodes, changing their words in place, as a framework's
// keyed-less list does. Every story here is invented.
const STORIES = {
  pier: ['Council votes to rebuild the old pier',
    'HARBOURVIEW — The town council voted on Tuesday to rebuild the old pier.',
    '"We will rebuild the pier before the summer season," said Mayor Ana Ruiz after the vote.',
    'Critics said the plan would cost far more than the town can afford.',
    '"Nobody asked the fishermen," said Tomas Brandt, who keeps a boat at the pier.'],
  market: ['Night market returns to the quay',
    'The night market will return to the quay in June, organisers announced on Friday.',
    '"People missed the lanterns more than anything," said Lena Vogt, who runs the market committee.',
    '"It costs less than a week of rain," said Omar Haddad, who sells grilled fish.'],
};
const article = document.getElementById('spa-story');
function render() {
  const [title, ...paras] = STORIES[location.pathname.split('/').pop()] ?? STORIES.pier;
  article.querySelector('h2').firstChild.data = title;
  let ps = [...article.querySelectorAll('p')];
  paras.forEach((text, i) => {
    if (!ps[i]) {
      ps[i] = document.createElement('p');
      ps[i].append(document.createTextNode(''));
      article.append(ps[i]);
    }
    ps[i].firstChild.data = text; // the same node, other words
  });
  ps.slice(paras.length).forEach((p) => p.remove());
  document.title = `${title} — Harbourview Gazette`;
}
window.go = (path) => {
  history.pushState(null, '', path);
  render();
};
document.addEventListener('click', (e) => {
  const a = e.target.closest && e.target.closest('a[data-route]');
  if (a) {
    e.preventDefault();
    window.go(a.getAttribute('href'));
  }
});
addEventListener('popstate', render);
render();
