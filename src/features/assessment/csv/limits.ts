// The limits every read of an imported file obeys: bytes per file and per import once
// decompressed, and bytes per line. A compressed bomb or a file of one endless line is refused
// after reading at most a limit's worth, with a message saying which limit and its setting.
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../../../platform/config.ts';
import { formatSize } from '../../../platform/sizes.ts';
import { ImportError } from './errors.ts';

export type Limit = 'file' | 'total' | 'line';

/** The setting that raises each limit (README, Settings). */
export const LIMIT_SETTING: Record<Limit, string> = {
  file: 'IMPORT_MAX_FILE_SIZE', total: 'IMPORT_MAX_TOTAL_SIZE', line: 'IMPORT_MAX_LINE_LENGTH',
};

/** What one read of one file may take. */
export interface ReadLimits {
  maxFileBytes: number;
  maxLineBytes: number;
  /** Shared by the files of one import; absent for reads that do not count (a file's first line). */
  budget?: ImportBudget;
  /** Stops the read when the import is abandoned (the service is shutting down). */
  signal?: AbortSignal;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxFileBytes: DEFAULT_IMPORT_LIMITS.maxFileBytes, maxLineBytes: DEFAULT_IMPORT_LIMITS.maxLineBytes };

/** The decompressed bytes all files of one import may still read. */
export class ImportBudget {
  private used = 0;
  constructor(readonly maxBytes: number) {}

  take(bytes: number, label: string): void {
    this.used += bytes;
    if (this.used > this.maxBytes) {
      throw new ImportError(label, 0, `the files of this import hold more than ${formatSize(this.maxBytes)} once decompressed, the limit for one import (${LIMIT_SETTING.total}): import them in smaller groups`, 'total');
    }
  }
}

/** Limits for the files of one import: each file's own, and one budget for all of them. */
export function importReadLimits(limits: ImportLimits = DEFAULT_IMPORT_LIMITS, signal?: AbortSignal): ReadLimits {
  return { maxFileBytes: limits.maxFileBytes, maxLineBytes: limits.maxLineBytes, budget: new ImportBudget(limits.maxTotalBytes), signal };
}

export function fileTooLarge(label: string, max: number, gzip: boolean): ImportError {
  const what = gzip ? `holds more than ${formatSize(max)} once decompressed` : `is larger than ${formatSize(max)}`;
  return new ImportError(label, 0, `the file ${what}, the limit for one file (${LIMIT_SETTING.file})`, 'file');
}

export function lineTooLong(label: string, line: number, max: number, record = false): ImportError {
  const problem = record
    ? `the record is longer than ${formatSize(max)}, the limit for one line (${LIMIT_SETTING.line}): a quoted field is probably never closed`
    : `the line is longer than ${formatSize(max)}, the limit for one line (${LIMIT_SETTING.line}): this is not a file of CSV records`;
  return new ImportError(label, line, problem, 'line');
}

/**
 * Whether text.slice(from, to) takes more than `max` bytes in UTF-8. A UTF-16 unit takes 1 to 3
 * bytes, so the exact count is needed only near the limit (never for police.uk's short lines).
 */
export function longerThan(text: string, from: number, to: number, max: number): boolean {
  const units = to - from;
  if (units * 3 <= max) return false;
  if (units > max) return true;
  return Buffer.byteLength(text.slice(from, to)) > max;
}
