// Lazy loading as news sites do it: the rest of the article arrives in batches of paragraphs,
// appended to the article when the reader scrolls (here: when asked). Every line is invented.
const BATCHES = [
  ['Islanders said the cut would leave them stranded on market days.',
    '"Two boats a day is not a service, it is a gesture," said Pavel Nowak, who runs the island shop.'],
  ['The council said it would ask the company to keep a third crossing on Saturdays.',
    '"We will put the request in writing this week," said Councillor Mei Okafor.'],
];
const article = document.getElementById('lazy-story');
window.loadMore = () => {
  const batch = BATCHES.shift();
  if (!batch) return false;
  for (const text of batch) {
    const p = document.createElement('p');
    p.textContent = text;
    article.append(p);
  }
  return true;
};
document.getElementById('more').addEventListener('click', () => window.loadMore());
