const BASE = 'http://x.invalid';

/**
 * A path on this site to send the browser to, or `fallback`. Browsers read `\` as `/` and drop tabs
 * and newlines, so `/\evil.example` and `/\t/evil.example` lead to another host: any backslash or
 * control character is refused outright, and what remains must resolve to this origin. The answer
 * is the normalised path and query (percent-encoded, so always a valid Location header).
 */
export function safeLocalPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try { url = new URL(value, BASE); } catch { return fallback; }
  if (url.origin !== BASE) return fallback;
  return url.pathname + url.search;
}
