// The end-to-end tests' small harness: named steps that count, time and report themselves,
// so one failing check does not hide the others.
export function steps(onFail = async () => {}) {
  const r = { passed: 0, failed: 0 };
  r.check = (cond, what) => {
    if (!cond) throw new Error(what);
  };
  r.step = async (name, fn) => {
    const t = Date.now();
    try {
      await fn();
      r.passed++;
      console.log(`ok   ${name} (${Date.now() - t} ms)`);
    } catch (e) {
      r.failed++;
      console.log(`FAIL ${name}: ${e.stack ?? e}`);
      await onFail(r.passed + r.failed);
    }
  };
  return r;
}
