// Vega-Lite spec → SVG on the server (no browser, no canvas): the same chart for pages, Word and
// PDF. The SVG is made accessible as one image with a title and a description; the figures
// themselves go in a data table beside the chart.
// Vega and Vega-Lite are loaded on the first chart: together they take ~0.5 s to load.
import type { TopLevelSpec } from 'vega-lite';

export interface ChartText {
  /** Unique within the page: used for the title and description ids. */
  id: string;
  /** Short accessible name, e.g. "Crimes per month, Colchester". */
  title: string;
  /** One or two sentences saying what the chart shows. */
  description: string;
}

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`);

/** Replace the root <svg …> tag's size with a responsive one and label the whole chart as one image. */
export function labelSvg(svg: string, text: ChartText): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error('Not an SVG document');
  const viewBox = /viewBox="([^"]*)"/.exec(open[0])?.[1];
  const titleId = `${text.id}-title`;
  const descId = `${text.id}-desc`;
  const tag = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" class="app-chart" width="100%"${viewBox ? ` viewBox="${viewBox}"` : ''}` +
    ` role="img" aria-labelledby="${titleId} ${descId}" focusable="false">` +
    `<title id="${titleId}">${escapeXml(text.title)}</title><desc id="${descId}">${escapeXml(text.description)}</desc>`;
  // The chart is one image: Vega's roles for its marks ("graphics-symbol" with no name) would be
  // read as unnamed images inside it, so they go.
  const body = svg.slice(open[0].length).replace(/ (role|aria-roledescription|aria-label)="[^"]*"/g, '');
  return tag + body;
}

/**
 * Break a label into lines of at most `width` characters at spaces, joined with "\n" for an axis
 * whose labelExpr splits them: long crime types wrap instead of being cut ("Violence and sexual o…").
 */
export function wrapLabel(text: string, width = 16): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

/** Axis settings that print labels wrapped by wrapLabel on several lines, never cut short. */
export const WRAPPED_LABELS = { labelExpr: "split(datum.label, '\\n')", labelLimit: 0 } as const;

/** Compile and render a Vega-Lite spec to an SVG string. */
export async function renderVegaLite(spec: TopLevelSpec, text: ChartText): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile({ ...spec, config: { font: 'Arial, sans-serif', ...(spec.config ?? {}), aria: false } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return labelSvg(await view.toSVG(), text);
  } finally {
    view.finalize();
  }
}
