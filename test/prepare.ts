import { buildTemplate } from './template.ts';

// Run once before the suite: builds the embedded template (skipped against PostgreSQL).
if (!process.env.DATABASE_URL) {
  const started = Date.now();
  const path = await buildTemplate();
  console.log(`Embedded test database template ready (${((Date.now() - started) / 1000).toFixed(1)} s): ${path}`);
}
