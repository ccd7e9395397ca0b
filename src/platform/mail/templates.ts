// Composing a message from a named Nunjucks template. A mail template is plain text written the
// way the message reads, its first line the subject:
//
//   Subject: Your update for {{ round }} is due by {{ due | date }}
//
//   Dear {{ name }},
//   …
//
// The text version is the rendered text. The HTML version is made from that same text with every
// character escaped (so nothing in the data can become markup), paragraphs kept and web addresses
// linked: one template, two versions that always say the same thing.
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime, formatMonth, formatPeriod } from '../dates.ts';

/** Where templates are looked for by default: each feature keeps its own, e.g. `updates/mail/reminder.njk`. */
export const FEATURES_DIR = fileURLToPath(new URL('../../features/', import.meta.url));

export interface ComposedMessage { subject: string; text: string; html: string }

export type MailTemplates = (template: string, data: Record<string, unknown>) => ComposedMessage;

export function mailTemplates(dirs: string[] = [FEATURES_DIR]): MailTemplates {
  // Text, so nothing is escaped here; blocks leave no blank lines behind; a value left undefined
  // is an error rather than a message with a hole in it.
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dirs), {
    autoescape: false, trimBlocks: true, lstripBlocks: true, throwOnUndefined: true,
  });
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('month', formatMonth);
  env.addFilter('period', formatPeriod);
  return (template, data) => {
    const rendered = env.render(template, data).replace(/\r\n?/g, '\n');
    // The subject runs to the first blank line (a long one may be folded onto the next line).
    const m = /^Subject:([\s\S]*?)\n[ \t]*\n([\s\S]*)$/.exec(rendered.trimStart());
    if (!m) throw new Error(`Mail template ${template} must begin with a "Subject:" line and a blank line`);
    // One line, whatever the data held: a subject must never carry a line break into the headers.
    const subject = m[1].replace(/\s+/g, ' ').trim();
    const text = tidy(m[2]);
    if (!subject) throw new Error(`Mail template ${template} gave an empty subject`);
    return { subject, text, html: htmlOf(subject, text) };
  };
}

/** Trailing spaces off every line, at most one blank line in a row, no blank lines at the ends. */
function tidy(text: string): string {
  return text.split('\n').map((line) => line.trimEnd()).join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

// Applied to escaped text, so an address cannot contain a quote or an angle bracket; a full stop,
// comma or closing bracket at its end is the sentence's, not the address's.
const WEB_ADDRESS = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

function htmlOf(subject: string, text: string): string {
  const paragraphs = text.trim().split(/\n\n/).map((p) =>
    `<p style="margin: 0 0 16px 0;">${escapeHtml(p).replace(WEB_ADDRESS, (url) => `<a href="${url}">${url}</a>`).replace(/\n/g, '<br>\n')}</p>`);
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c;">
${paragraphs.join('\n')}
</body>
</html>
`;
}
