// Joins the pack's parts (the printed front sheet and minutes, the uploaded reports) into one PDF and
// stamps a page number on every page, so the numbers printed match the agenda's.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts, rgb } from 'pdf-lib';

/** The number of pages of a PDF, or null when it cannot be read (damaged or encrypted). */
export async function pageCountOf(pdf: Uint8Array): Promise<number | null> {
  try {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    return doc.getPageCount();
  } catch {
    return null;
  }
}

/**
 * The document outline's entries (Chromium writes one per heading) in reading order, each with the
 * page it points to (from 1); empty when the PDF has no outline.
 */
export async function headingPages(pdf: Uint8Array): Promise<{ title: string; page: number }[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pages = doc.getPages().map((p) => p.ref.toString());
  const entries: { title: string; page: number }[] = [];
  const walk = (parent: PDFDict | undefined) => {
    for (let item = parent?.lookupMaybe(PDFName.of('First'), PDFDict); item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = item.lookup(PDFName.of('Title'));
      const dest = item.lookupMaybe(PDFName.of('Dest'), PDFArray);
      const page = dest ? pages.indexOf(dest.get(0).toString()) : -1;
      if ((title instanceof PDFString || title instanceof PDFHexString) && page >= 0) entries.push({ title: title.decodeText().trim(), page: page + 1 });
      walk(item);
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict));
  return entries;
}

export async function joinAndNumber(parts: readonly Uint8Array[], meta: { title: string; author: string }): Promise<Uint8Array> {
  const out = await PDFDocument.create();
  for (const part of parts) {
    const src = await PDFDocument.load(part, { updateMetadata: false });
    for (const page of await out.copyPages(src, src.getPageIndices())) out.addPage(page);
  }
  const font = await out.embedFont(StandardFonts.Helvetica);
  const size = 9;
  out.getPages().forEach((page, i) => {
    const text = `Page ${i + 1}`;
    // Bottom centre of the visible area: uploaded reports may have a crop box that is not at the origin.
    const box = page.getCropBox();
    page.drawText(text, { x: box.x + (box.width - font.widthOfTextAtSize(text, size)) / 2, y: box.y + 20, size, font, color: rgb(0.2, 0.2, 0.2) });
  });
  out.setTitle(meta.title);
  out.setAuthor(meta.author);
  out.setLanguage('en-GB');
  return out.save();
}
