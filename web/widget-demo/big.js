// A long read of about 200 KB, written out by this script before the widget loads: invented
// paragraphs of reporting, each with a quote and its speaker (a fixed pattern, no randomness).
const people = ['Ana Ruiz', 'Tomas Brandt', 'Mei Okafor', 'Lena Vogt', 'Omar Haddad', 'Ines Moreau', 'Pavel Nowak', 'Ruth Okonjo'];
const roles = ['the mayor', 'a fisherman', 'a councillor', 'the market organiser', 'a stallholder', 'the ferry director', 'the shopkeeper', 'the harbourmaster'];
const things = ['the pier', 'the ferry timetable', 'the night market', 'the harbour wall', 'the mooring fees', 'the dredging', 'the library hours', 'the bus route'];
const article = document.getElementById('long-read');
const frag = document.createDocumentFragment();
let size = 0;
for (let i = 0; size < 200 * 1024; i++) {
  const who = people[i % 8], role = roles[(i * 3) % 8], thing = things[(i * 5) % 8];
  const p = document.createElement('p');
  p.textContent = `In week ${i + 1}, the town talked about ${thing} again. "We have to decide about ${thing} before the ${i % 2 ? 'winter' : 'summer'}, and we will," said ${who}, ${role}. Critics said the cost of ${thing} had risen by ${(i % 9) + 2} per cent since the spring.`;
  size += p.textContent.length + 1;
  frag.append(p);
}
article.append(frag);
