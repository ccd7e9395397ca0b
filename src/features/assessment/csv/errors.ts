// One error type for every refused import, so the caller (CLI or web page) can show exactly
// which file, which line and what is wrong, and roll the whole import back.
import type { Limit } from './limits.ts';

export class ImportError extends Error {
  readonly file: string;
  /** 1-based physical line number; 0 when the problem is with the file as a whole. */
  readonly line: number;
  readonly problem: string;
  /** Set when the file was refused for exceeding one of the import limits. */
  readonly exceeded?: Limit;

  constructor(file: string, line: number, problem: string, exceeded?: Limit) {
    super(line > 0 ? `${file}, line ${line}: ${problem}` : `${file}: ${problem}`);
    this.name = 'ImportError';
    this.file = file;
    this.line = line;
    this.problem = problem;
    if (exceeded) this.exceeded = exceeded;
  }
}
