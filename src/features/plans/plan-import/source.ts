// What every reader (Word, PDF, pasted text) gives the parser: the plan's tables, each with the
// headings and lines written before it (where the priority is named), each cell as its paragraphs.

export interface SourceTable {
  /** Headings and short paragraphs between the previous table and this one, in document order. */
  context: string[];
  /** Rows of cells; a cell is its paragraphs (one for text that had no paragraph breaks). */
  rows: string[][][];
}

/** A file or text that cannot be read as a plan: the message is shown to the person who sent it. */
export class UnreadablePlanError extends Error {}
