// How a page shows the logo: no taller than 120 pixels nor wider than 600, in proportion, by the
// img element's own width and height (the pages' style policy allows no inline styles).
export function displaySize({ width, height }: { width: number; height: number }) {
  const scale = Math.min(1, 120 / height, 600 / width);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
