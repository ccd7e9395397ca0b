// Node 20's test runner does not expand globs, and the agreed command runs
// `src/features/assessment/*.test.ts`; this file pulls in the tests beside each module.
import './csv/split.test.ts';
import './geography/lookup.test.ts';
import './police-uk/discover.test.ts';
import './police-uk/import.test.ts';
import './police-uk/errors.test.ts';
import './police-uk/real-data.test.ts';
import './partner-data/parse.test.ts';
import './analysis/months.test.ts';
import './analysis/completeness.test.ts';
import './analysis/rules.test.ts';
import './analysis/summarise.test.ts';
import './analysis/colchester.real-data.test.ts';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

test('every test file of the feature is imported above', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const self = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  const nested = readdirSync(here, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(here, d.name)).filter((f) => f.endsWith('.test.ts')).map((f) => `./${d.name}/${f}`));
  for (const f of nested) assert.ok(self.includes(`import '${f}';`), `${f} is not imported`);
});
