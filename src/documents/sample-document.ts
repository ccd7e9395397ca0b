// A document that uses every block kind and every field the renderers know, for the renderer
// tests and the package checks: numbered sections, a contents list, merged cells across rows and
// columns, a chart without a picture of its own, source notes, a logo and a running header.
import type { Document } from './model.js';
import { cell, contents, heading, list, pageBreak, paragraph, sourceNote } from './model.js';
import { renderVegaLite } from '../platform/charts/vega-svg.js';
import { rasteriseSvg } from './rasterise.js';

// The logo is drawn here from a small SVG, so the sample needs no file of its own.
const LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80"><rect width="240" height="80" fill="#1d70b8"/>'
  + '<text x="20" y="54" font-family="sans-serif" font-size="36" fill="#ffffff">SAFER</text></svg>';

export async function sampleDocument(): Promise<Document> {
  const chart = await renderVegaLite({
    width: 360, height: 160,
    data: { values: [{ q: 'Q1 2022-23', n: 12 }, { q: 'Q2 2022-23', n: 15 }, { q: 'Q3 2022-23', n: 9 }] },
    mark: { type: 'bar', color: '#1d70b8' },
    encoding: { x: { field: 'q', type: 'nominal', title: 'Quarter' }, y: { field: 'n', type: 'quantitative', title: 'Referrals' } },
  }, { id: 'sample-chart', title: 'Referrals by quarter', description: 'Referrals rose in the second quarter and fell in the third.' });
  const logo = rasteriseSvg(LOGO_SVG, 240, 96);
  return {
    title: 'Annual report & <review>',
    subtitle: 'Report to the "committee"',
    partnershipName: "Safer O'Town Partnership",
    logo: { data: logo.png, type: 'png', alt: 'Safer Town logo', width: logo.width, height: logo.height },
    runningHeader: 'Scrutiny Committee – 7 "November" </style> 2022',
    blocks: [
      contents('Contents', 2),
      { kind: 'heading', level: 1, text: 'Executive summary', number: '1' },
      { kind: 'paragraph', number: '1.1', text: [{ text: 'Crime fell: ', bold: true }, { text: 'the partnership met its commitments.' }] },
      { kind: 'paragraph', number: '1.2', text: 'A second numbered paragraph that runs over more than one line so that its hanging indent shows where the text starts.' },
      { kind: 'heading', level: 1, text: 'Background', number: '2' },
      { kind: 'heading', level: 2, text: 'Members', number: '2.1' },
      list(['Colchester Borough Council (CBC)', 'Essex Police']),
      list(['First step', 'Second step'], true),
      list(['Again first'], true),
      { kind: 'heading', level: 3, text: 'Bodies', number: '2.2' },
      paragraph('An unnumbered paragraph.'),
      pageBreak('landscape'),
      { kind: 'heading', level: 1, text: 'Delivery', number: '3' },
      {
        kind: 'table', caption: 'Initiatives by priority', header: ['Objective', 'Initiative', 'Outcomes', 'Lead'], widths: [25, 30, 30, 15],
        rows: [
          [{ ...cell('Raise awareness'), rowSpan: 2 }, { ...cell([{ text: 'Crucial Crew', bold: true }], 'Lead: CBC'), rowHeader: true }, cell('1071 children'), cell('CBC')],
          [{ ...cell('<script>alert(1)</script>'), rowHeader: true }, { ...cell('Outcomes and lead not yet split'), colSpan: 2 }],
          [{ ...cell('Share intelligence across partners'), colSpan: 2, rowSpan: 2 }, cell('Lines disrupted'), cell('Police')],
          [cell('Two arrests'), cell('Police')],
        ],
      },
      sourceNote('Source: partners’ quarterly updates to the partnership, April to September 2022.'),
      pageBreak('portrait'),
      { kind: 'heading', level: 1, text: 'Referrals', number: '4' },
      { kind: 'figure', svg: chart, alt: 'Bar chart of referrals by quarter', caption: 'Referrals by quarter', data: { header: ['Quarter', 'Referrals'], rows: [['Q1 2022-23', '12'], ['Q2 2022-23', '15'], ['Q3 2022-23', '9']] } },
      sourceNote([{ text: 'Source: ', bold: true }, { text: 'referral records.' }]),
      pageBreak(),
      heading(1, 'Appendix A'),
      paragraph('The plan follows.'),
    ],
  };
}
