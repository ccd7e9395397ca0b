// A test reporter that only keeps how long each test file took (start of its process to its end,
// before-hooks included) and writes "milliseconds<TAB>file" lines when the run ends; test/run.ts
// prints the slowest. It runs beside the usual reporter, whose output is unchanged.
// Plain JavaScript: node loads reporters before the TypeScript loader is in place.

/** @param {AsyncIterable<{ type: string, data?: { name?: string, file?: string, details?: { duration_ms?: number } } }>} source */
export default async function* fileTimes(source) {
  const times = [];
  for await (const event of source) {
    const d = event.data;
    // Each file is one top-level test named after its path.
    if (event.type === 'test:complete' && d?.file && d.name === d.file) times.push(`${Math.round(d.details?.duration_ms ?? 0)}\t${d.file}\n`);
  }
  yield times.join('');
}
