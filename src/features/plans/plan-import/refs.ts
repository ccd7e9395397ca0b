// Priority references as plans write them: "1 & 2", "3, 4 & 6", "1, 2, 3, 4", "2 and 5", "1-3".

export function parseRefs(text: string): number[] {
  const found = new Set<number>();
  const cleaned = text.replace(/priorit(y|ies)/gi, ' ');
  for (const m of cleaned.matchAll(/(\d+)\s*[-–]\s*(\d+)|(\d+)/g)) {
    if (m[3]) { found.add(Number(m[3])); continue; }
    const from = Number(m[1]); const to = Number(m[2]);
    if (to >= from && to - from < 20) for (let n = from; n <= to; n++) found.add(n);
  }
  return [...found].filter((n) => n > 0 && n < 100).sort((a, b) => a - b);
}

/** Strategy strands as one cell lists them: "Organised Crime / Complex Needs", or one a line. */
export function parseStrands(text: string): string[] {
  return [...new Set(text.split(/\s*(?:\/|;|\n|,)\s*/).map((s) => s.trim()).filter(Boolean))];
}
