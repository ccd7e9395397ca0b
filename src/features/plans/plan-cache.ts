import type { Queryable } from '../../platform/db/types.ts';
import type { PlanDetail } from './types.ts';
import { latestChangeId } from '../../platform/audit.ts';

// Assembling a plan takes a dozen queries; reading it is far more common than changing it. Every
// change to a partnership's records writes an audit row (platform/audit.ts), so the partnership's
// latest audit id says whether a plan assembled earlier is still current. Each instance keeps its
// own cache and checks it against the database, so several instances stay correct.

const MAX_ENTRIES = 64;

export function planCache() {
  const entries = new Map<string, PlanDetail>();
  return {
    stamp: (q: Queryable, partnershipId: number): Promise<number> => latestChangeId(q, partnershipId),
    get(key: string): PlanDetail | undefined {
      const hit = entries.get(key);
      if (hit) { entries.delete(key); entries.set(key, hit); } // most recently used goes last
      return hit;
    },
    set(key: string, plan: PlanDetail) {
      entries.set(key, deepFreeze(plan)); // shared between requests: nobody may change it in place
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
