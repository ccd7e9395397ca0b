// Reports attached to agenda items: PDF or Word files only, recognised by their content (a renamed
// file of another kind is refused), within a size limit. Stored in the database with their checksum.
import { createHash } from 'node:crypto';
import { zipEntries } from '../../documents/zip-read.ts';
import { TooLargeError, ValidationError } from '../../platform/errors.ts';
import { formatSize } from '../../platform/sizes.ts';

export interface ReportFile { fileName: string; content: Buffer; truncated?: boolean }

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** What the bytes are: 'pdf', 'docx' (a zip holding word/document.xml), 'doc' (an OLE compound file), or null. */
export function reportKind(content: Buffer): 'pdf' | 'docx' | 'doc' | null {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (content.subarray(0, 8).equals(OLE)) return 'doc';
  if (content.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') {
    try {
      return zipEntries(content).some((e) => e.name === 'word/document.xml') ? 'docx' : null;
    } catch {
      return null;
    }
  }
  return null;
}

const MEDIA_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
} as const;

/** The checked file ready to store, or a ValidationError / TooLargeError that says what is wrong. */
export function checkReportFile(file: ReportFile, maxBytes: number) {
  if (file.truncated || file.content.length > maxBytes) throw new TooLargeError(`The report must be smaller than ${formatSize(maxBytes)}`);
  if (file.content.length === 0) throw new ValidationError([{ field: 'report', message: 'The selected file is empty' }]);
  const kind = reportKind(file.content);
  if (!kind) throw new ValidationError([{ field: 'report', message: 'The report must be a PDF or a Word document' }]);
  const base = file.fileName.replace(/^.*[\\/]/, '').replace(/[^\w .()-]+/g, '_').slice(0, 150).trim() || 'report';
  const fileName = base.toLowerCase().endsWith(`.${kind}`) ? base : `${base.replace(/\.[A-Za-z0-9]{1,5}$/, '')}.${kind}`;
  return { fileName, mediaType: MEDIA_TYPES[kind], content: file.content, sha256: createHash('sha256').update(file.content).digest('hex') };
}
