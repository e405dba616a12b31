// Quotelens widget worker: extracts a long article off the page's main thread (the loader
// sends [widget number, text, title, time]; the answer is [number, native JSON]).
import init, { extractNative } from './quotelens_widget.js';
const ready = init({ module_or_path: new URL('quotelens_widget_bg.wasm', import.meta.url) });
onmessage = async ({ data: [n, text, title, now] }) => {
  await ready;
  postMessage([n, extractNative(text, '', title, now)]);
};
