import { existsSync } from 'node:fs';
import { runWebBench } from './web.ts';
import { runDocumentsBench } from './documents.ts';
import { runBoundariesBench } from './boundaries.ts';
import { runSearchBench } from './search.ts';

// `npm run bench`: every benchmark prints its figures beside a baseline measured in the same run.
await runWebBench();
await runDocumentsBench();
await runBoundariesBench();
await runSearchBench();
if (existsSync(new URL('./import/index.ts', import.meta.url))) {
  const { runImportBench } = await import('./import/index.ts');
  await runImportBench();
}
process.exit(0);
