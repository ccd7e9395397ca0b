/**
 * Load a value once per key for the life of the process, sharing the promise between callers;
 * a failed load is forgotten so the next caller tries again.
 */
export function loadOncePerKey<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let p = cache.get(key);
    if (!p) {
      p = load(key);
      cache.set(key, p);
      p.catch(() => cache.delete(key));
    }
    return p;
  };
}
