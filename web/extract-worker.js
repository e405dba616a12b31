// Extraction off the page's thread: see web/src/worker.rs for the messages.
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
