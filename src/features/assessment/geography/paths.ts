// Where the committed geography and the (uncommitted, optional) shared source data live.
import { resolve, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../../..');
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data');
export const GEOGRAPHY_DIR = join(REPO_ROOT, 'data/geography');
