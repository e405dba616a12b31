// The review benchmark's article: invented news paragraphs (names, roles and sentences made up
// here, from a fixed seed, so every run opens the same text) with direct quotes, "X said"
// attributions and reported claims, about one annotation per 180 bytes.
//   node article.mjs BYTES > FILE   (or import { article })
import { pathToFileURL } from 'node:url';

// A small deterministic PRNG (mulberry32), so every run opens the same text.
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const FIRST = ['Alma', 'Bruno', 'Cecile', 'Dario', 'Edith', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kalina', 'Lars',
  'Marisol', 'Nikolai', 'Odette', 'Pavel', 'Quinn', 'Rosalind', 'Soren', 'Tamsin', 'Ulrich', 'Vera', 'Wendell', 'Yara'];
const LAST = ['Abernathy', 'Brightwater', 'Castellan', 'Dunmore', 'Eskildsen', 'Fairbrook', 'Galloway', 'Holmqvist',
  'Ivarsson', 'Jansky', 'Kettering', 'Lindgren', 'Marchetti', 'Northcott', 'Okonkwo', 'Pellham', 'Quarles', 'Rutherford'];
const ROLE = ['the harbour master', 'a spokeswoman for the water board', 'the county treasurer', 'a local baker',
  'the head of the teachers\' union', 'a retired ferry captain', 'the mayor', 'an engineer on the project',
  'a parent of two', 'the chair of the planning committee'];
const SUBJ = ['the new bridge', 'the school budget', 'the night bus', 'the flood barrier', 'the library',
  'the fish market', 'the tram line', 'the clinic', 'the harbour wall', 'the housing plan'];
const PRED = ['would be finished by the spring', 'had cost twice the estimate', 'was safe for now',
  'needed another vote', 'would close for the winter', 'had been a mistake from the start',
  'was the best news in years', 'could wait no longer', 'would bring jobs to the valley', 'was running late again'];
const CUE = ['said', 'told reporters', 'added', 'warned', 'insisted'];
const FILL = ['The council met again on Tuesday evening.', 'Rain kept most people indoors for the week.',
  'Figures published in March showed a small rise in the number of visitors.', 'The vote is expected before the summer break.',
  'Work on the eastern side of the town started two years ago and has stopped twice since then.',
  'Most of the shops along the quay close early in the winter months.',
  'A public meeting on the plans is set for the first week of next month in the old town hall.'];

export function article(bytes) {
  const r = rng(20261126);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const cap = (s) => s[0].toUpperCase() + s.slice(1);
  const paras = [];
  let n = 0;
  while (n < bytes) {
    const first = pick(FIRST), last = pick(LAST), other = `${pick(FIRST)} ${pick(LAST)}`;
    const said = [
      `"${cap(pick(SUBJ))} ${pick(PRED)}," said ${first} ${last}, ${pick(ROLE)}.`,
      `${last} said ${pick(SUBJ)} ${pick(PRED)}.`,
      `"We have waited long enough," ${last} ${pick(CUE)}. "${cap(pick(SUBJ))} ${pick(PRED)}."`,
      `${other}, ${pick(ROLE)}, said that ${pick(SUBJ)} ${pick(PRED)}.`,
    ];
    const k = 1 + Math.floor(r() * 3);
    const fill = Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(FILL));
    const p = [...said.slice(0, k), ...fill].join(' ');
    paras.push(p);
    n += Buffer.byteLength(p) + 2;
  }
  return paras.join('\n\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(article(Number(process.argv[2] ?? 1e6)));
