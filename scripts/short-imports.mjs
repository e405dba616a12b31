// Shortens the names under which the widget's wasm imports wasm-bindgen's glue functions,
// in the wasm and in the glue alike: `./quotelens_widget_bg.js` / `__wbg_setAttribute_<16 hex
// digits>` become `a` / `_1k`. The 16 hex digits of each of the ~150 names are random to
// gzip, once in the wasm and once in the glue: about 2 KB of the widget's gzip.
//   node scripts/short-imports.mjs dist-widget/quotelens_widget_bg.wasm dist-widget/quotelens_widget.js
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, gluePath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, 'utf8');
const MODULE = './quotelens_widget_bg.js';

function leb(buf, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}
function uleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}
const nameBytes = (s) => { const b = Buffer.from(s, 'utf8'); return [...uleb(b.length), ...b]; };

if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmPath} is not WebAssembly`);
const parts = [wasm.subarray(0, 8)];
let at = 8, renamed = 0;
const seen = new Map();
while (at < wasm.length) {
  const id = wasm[at];
  const [size, body] = leb(wasm, at + 1);
  const end = body + size;
  if (id !== 2) {
    parts.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  // the import section: (module, field, kind, description) entries
  let p = body;
  let count;
  [count, p] = leb(wasm, p);
  const out = [...uleb(count)];
  for (let i = 0; i < count; i++) {
    let len;
    [len, p] = leb(wasm, p);
    const module = wasm.toString('utf8', p, p + len);
    p += len;
    [len, p] = leb(wasm, p);
    const field = wasm.toString('utf8', p, p + len);
    p += len;
    const descStart = p;
    const kind = wasm[p++];
    if (kind === 0) [, p] = leb(wasm, p); // function: type index
    else if (kind === 1 || kind === 2) { // table (reference type, limits) or memory (limits)
      if (kind === 1) p++;
      const flags = wasm[p++];
      [, p] = leb(wasm, p);
      if (flags & 1) [, p] = leb(wasm, p);
    } else if (kind === 3) p += 2; // global: value type, mutability
    else if (kind === 4) { p++; [, p] = leb(wasm, p); } // tag
    else throw new Error(`unknown import kind ${kind}`);
    let newModule = module, newField = field;
    if (module === MODULE) {
      newModule = 'a';
      if (!seen.has(field)) seen.set(field, `_${seen.size.toString(36)}`);
      newField = seen.get(field);
      renamed++;
    }
    out.push(...nameBytes(newModule), ...nameBytes(newField), ...wasm.subarray(descStart, p));
  }
  if (p !== end) throw new Error('the import section did not parse to its end');
  parts.push(Buffer.from([2, ...uleb(out.length), ...out]));
  at = end;
}

// in the glue every import is a key of the one object handed over under the module's name
for (const [field, short] of seen) {
  const pattern = new RegExp(`\\b${field}\\b`, 'g');
  const hits = glue.match(pattern)?.length ?? 0;
  if (hits !== 1) throw new Error(`${field} is in the glue ${hits} times, not once`);
  glue = glue.replace(pattern, short);
}
const moduleKey = `"${MODULE}":`;
if (glue.split(moduleKey).length !== 2) throw new Error(`${moduleKey} is not in the glue once`);
glue = glue.replace(moduleKey, '"a":');
writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(gluePath, glue);
console.error(`short-imports: ${renamed} imports renamed`);
