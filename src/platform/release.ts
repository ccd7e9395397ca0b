// What identifies this release's code and templates: the same on every instance running it, and
// different as soon as any of it changes, so validators made by one release are never taken by another.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const srcDir = fileURLToPath(new URL('../', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : name.endsWith('.test.ts') ? [] : [path];
  });
}

let fingerprint: string | undefined;

/** Twelve hex digits of a hash over every source file and template (read once per process). */
export function releaseFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  for (const f of filesUnder(srcDir)) hash.update(f.slice(srcDir.length)).update(readFileSync(f));
  fingerprint = hash.digest('hex').slice(0, 12);
  return fingerprint;
}
