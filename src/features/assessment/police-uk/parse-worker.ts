// A worker thread of parse-pool.ts: reads the files it is sent, one at a time, each into an
// aggregator of its own, and posts back the aggregate (or the ImportError that refused it).
import { parentPort, workerData } from 'node:worker_threads';
import { PoliceAggregator } from './aggregate.ts';
import { aggregatorOptions, parseAlone, unpackSetup, type FromWorker, type ToWorker, type WorkerSetup } from './parse-alone.ts';

const port = parentPort!;
const setup = unpackSetup(workerData as WorkerSetup);
const options = aggregatorOptions(setup);
const post = (m: FromWorker): void => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  const agg = new PoliceAggregator(options);
  // Rows read so far, for the progress bar; the parse yields between chunks, so this runs.
  const timer = setInterval(() => post({ type: 'rows', index: m.index, rows: agg.current?.tally.rowsRead ?? 0 }), 250);
  parseAlone(m.file, agg, setup.today).then(
    (result) => post({ type: 'done', index: m.index, result }),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      post({ type: 'crash', index: m.index, error: { name: err.name, message: err.message, stack: err.stack, code: (err as NodeJS.ErrnoException).code } });
    },
  ).finally(() => clearInterval(timer));
});
post({ type: 'ready' });
