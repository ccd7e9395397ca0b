// The backup file: one gzip-compressed stream of JSON lines (docs/decisions/014-backup-format.md).
//   line 1   the header: format and version, when and from what kind of database it was made, the
//            migrations applied (the schema level) and every table with its columns, types and rows
//   then     for each table, parents first: {"table": name}, one JSON array of column texts per row
//            in key order, then {"end": name, "rows": n, "sha256": …} over those row lines
//   last     {"summary": {"tables": {name: {rows, sha256}}}}: a file without it was cut short
import { z } from 'zod';

export const FORMAT = 'csp-hub-backup';
export const FORMAT_VERSION = 1;

const tableEntry = z.object({
  name: z.string(),
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.number().int().nonnegative(),
});

export const headerSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int().positive(),
  createdAt: z.string(),
  database: z.enum(['pglite', 'postgres']),
  migrations: z.array(z.string()),
  tables: z.array(tableEntry),
});
export type Header = z.infer<typeof headerSchema>;

const sum = z.object({ rows: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const controlSchema = z.union([
  z.object({ table: z.string() }).strict(),
  z.object({ end: z.string() }).merge(sum).strict(),
  z.object({ summary: z.object({ tables: z.record(z.string(), sum) }) }).strict(),
]);
export type Control = z.infer<typeof controlSchema>;
