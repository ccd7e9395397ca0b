// Sizes as people write them in settings and on the command line ("64KB", "1 GB", "512MB"), and
// back again for messages. Units are powers of 1024, as file managers show them.

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** '64KB' → 65536; '1.5 GB' → bytes; a plain number is bytes. Null when it is not a size. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return null;
  const unit = UNITS[(m[2] || 'b').toLowerCase()];
  if (unit === undefined) return null;
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : null;
}

/** 65536 → '64 KB'; 1073741824 → '1 GB'; 1572864 → '1.5 MB'. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [['TB', 1024 ** 4], ['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1)).toLocaleString('en-GB')} ${unit}`;
  }
  return `${bytes} bytes`;
}
