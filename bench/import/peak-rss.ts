import { readFileSync } from 'node:fs';

/**
 * This process's peak resident memory in MB. Linux's VmHWM starts afresh at exec; getrusage's maxRSS
 * does not, so a child spawned by a large process would report its parent's size.
 */
export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch { /* not Linux */ }
  return process.resourceUsage().maxRSS / 1024;
}
