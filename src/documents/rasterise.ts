// SVG chart → PNG for Word. Word shows the SVG itself, but older Word, LibreOffice and previews
// show the raster picture stored beside it, so that picture must be sharp on paper: it is drawn
// at PRINT_DPI for the size it is printed at.
import { existsSync } from 'node:fs';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

/** Sharp enough for print (200 dpi is the usual floor), small enough to keep the .docx light. */
export const PRINT_DPI = 220;
/** Sizes in documents are CSS pixels: 96 to the inch. */
const CSS_DPI = 96;

// Charts ask for "Arial, sans-serif". The renderer knows no font aliases, so "sans-serif" is pointed at
// Liberation Sans (Arial's metrics, so labels take the room the chart gave them) or else DejaVu Sans.
// Loading these few files instead of every system font keeps a figure to a few milliseconds.
const FONT_FILES: Record<string, readonly string[]> = {
  'Liberation Sans': [
    '/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  ],
  'DejaVu Sans': [
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  ],
};

interface FontChoice { family: string | null; files: string[] }

let fonts: FontChoice | null = null;
function fontChoice(): FontChoice {
  if (!fonts) {
    const found = Object.entries(FONT_FILES).map(([family, files]) => ({ family, files: files.filter((f) => existsSync(f)) }))
      .find((c) => c.files.length > 0);
    // Neither family here: let the renderer look through the system's fonts for any it can use.
    fonts = found ?? { family: null, files: [] };
  }
  return fonts;
}

/** The family text is drawn in, or null when the system's default is used. */
export const rasterFontFamily = (): string | null => fontChoice().family;

/**
 * Draws an SVG as a PNG `widthPx` CSS pixels wide at print resolution. Sizes given in per cent (charts
 * that stretch to their page) are resolved against the viewBox, whose proportions are kept.
 */
export function rasteriseSvg(svg: string, widthPx: number, dpi = PRINT_DPI): { png: Buffer; width: number; height: number } {
  const image = new Resvg(svg, options(widthPx, dpi)).render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

function options(widthPx: number, dpi: number): ResvgRenderOptions {
  const { family, files } = fontChoice();
  return {
    fitTo: { mode: 'width', value: Math.round((widthPx * dpi) / CSS_DPI) },
    background: '#ffffff',
    font: family
      ? { loadSystemFonts: false, fontFiles: files, defaultFontFamily: family, sansSerifFamily: family }
      : { loadSystemFonts: true },
    logLevel: 'off',
  };
}

/** The same, drawn on a worker thread, so several figures are drawn side by side. */
export async function rasteriseSvgAsync(svg: string, widthPx: number, dpi = PRINT_DPI): Promise<{ png: Buffer; width: number; height: number }> {
  const image = await renderAsync(svg, options(widthPx, dpi));
  return { png: image.asPng(), width: image.width, height: image.height };
}
