import { buildTemplate } from './template.ts';

// Builds the embedded test database template ahead of a run of single test files.
console.log(await buildTemplate());
