// The extraction worker (see web/src/worker.rs): runs the app's own WebAssembly off the page's
// thread. The page first posts {glue, module}: the URL of the app's JavaScript glue and its
// compiled WebAssembly module; then {seq, text} per article, answered with {seq, nums, roster}
// or {seq, error}. {init: true, error} says the worker could not start.
let app = null;

self.onmessage = async ({ data }) => {
  if (data.glue) {
    app = import(data.glue).then(async (glue) => {
      await glue.default({ module_or_path: data.module });
      return glue;
    });
    app.catch((e) => self.postMessage({ init: true, error: String(e) }));
    return;
  }
  try {
    const [nums, roster] = (await app).extract_encoded(data.text);
    self.postMessage({ seq: data.seq, nums, roster }, [nums.buffer]);
  } catch (e) {
    self.postMessage({ seq: data.seq, error: String(e?.message ?? e) });
  }
};
