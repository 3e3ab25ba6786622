// A node:test reporter (scripts/test.sh passes it beside `spec`): the wall time of each test
// file's tests, longest first, so the end-to-end run's length can be read per file and the
// slowest files started first (scripts/e2e-order.mjs reads what an earlier run wrote).
// One line per file: "<seconds> <file> (<tests> tests)".
export default async function* fileTimes(source) {
  const files = new Map();
  for await (const { type, data } of source) {
    if ((type === 'test:pass' || type === 'test:fail') && data.nesting === 0 && data.file) {
      const f = files.get(data.file) ?? { ms: 0, tests: 0 };
      f.ms += data.details?.duration_ms ?? 0;
      f.tests += 1;
      files.set(data.file, f);
    }
  }
  const rows = [...files].sort((a, b) => b[1].ms - a[1].ms);
  for (const [file, { ms, tests }] of rows) {
    yield `${(ms / 1000).toFixed(1).padStart(7)} ${file.replace(`${process.cwd()}/`, '')} (${tests} tests)\n`;
  }
}
