// Paths and geography shared by the police.uk tests (not a test file itself).
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { REPO_ROOT, SHARED_DATA } from '../../geography/paths.ts';
import { loadGeography } from '../../geography/lookup.ts';
import type { PoliceImportOptions } from './import.ts';

export const FIXTURES = join(REPO_ROOT, 'test/fixtures/police-uk');
export const fixture = (p: string): string => join(FIXTURES, p);
export const SHARED_POLICE = join(SHARED_DATA, 'police-uk');
export const hasShared = existsSync(SHARED_POLICE);

export async function essexOptions(): Promise<PoliceImportOptions> {
  const g = await loadGeography();
  return { force: 'essex', lsoaToLad: g.lsoaToLad, forceLads: g.ladsOfForce('essex'), by: 'test' };
}
