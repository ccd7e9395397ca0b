// Aggregate police.uk rows while streaming, so raw rows never reach the database: month × LSOA ×
// crime type (and × last outcome) for the force imported, month × district × crime
// type for every force. Rows that cannot be placed are counted by reason, never silently dropped.
import { ImportError } from '../../csv/errors.ts';
import { ASB, CRIME_TYPES, CRIME_TYPE_INDEX } from './format.ts';

export type SetAsideReason = 'no-lsoa' | 'unknown-lsoa' | 'outside-area' | 'unknown-crime-type' | 'no-outcome';

export const SET_ASIDE_TEXT: Record<SetAsideReason, string> = {
  'no-lsoa': 'no LSOA code (police.uk could not place the location)',
  'unknown-lsoa': 'LSOA code not in the ONS lookups',
  'outside-area': "LSOA outside the force's districts",
  'unknown-crime-type': 'crime type not one of the 14 police.uk categories',
  'no-outcome': 'no outcome type',
};

const REASONS = Object.keys(SET_ASIDE_TEXT) as SetAsideReason[];
/** Distinct examples kept per reason (LSOA names, crime types): enough to explain, bounded. */
const MAX_EXAMPLES = 50;

export interface Tally {
  rowsRead: number;
  rowsUsed: number;
  setAside: Record<SetAsideReason, number>;
  /** For each reason, example values with their counts, e.g. 'Babergh 010G' → 12. */
  examples: Partial<Record<SetAsideReason, Record<string, number>>>;
}

export function emptyTally(): Tally {
  return { rowsRead: 0, rowsUsed: 0, setAside: Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<SetAsideReason, number>, examples: {} };
}

function setAside(t: Tally, reason: SetAsideReason, example: string): void {
  t.setAside[reason]++;
  const ex = (t.examples[reason] ??= {});
  if (example in ex) ex[example]!++;
  else if (Object.keys(ex).length < MAX_EXAMPLES) ex[example] = 1;
}

export type BucketKind = 'street' | 'outcomes';

/** One force-month of one kind: the unit that a later import of the same month replaces. */
export interface Bucket {
  kind: BucketKind;
  force: string;
  month: string;
  label: string;
  /** Own force only: LSOA → counts by crime type index, and by outcome. */
  lsoa: Map<string, LsoaCounts>;
  /** Other forces: district → counts by crime type index. */
  lad: Map<string, Int32Array>;
}

export interface LsoaCounts {
  types: Int32Array;
  /**
   * Street files: last outcome, keyed typeIndex * 1024 + outcome index (numbers hash faster than
   * joined strings). Outcomes files: keyed by outcome index alone.
   */
  outcomes: Map<number, number>;
  /** Street files: the published Location text → [crimes, ASB records] (the places index). */
  places: Map<string, [number, number]>;
}

/** Outcome names are few (about 25): each gets a small number shared by the whole import. */
export class OutcomeNames {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  of(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }
}

const newCounts = (): LsoaCounts => ({ types: new Int32Array(CRIME_TYPES.length), outcomes: new Map(), places: new Map() });

const ASB_INDEX = CRIME_TYPE_INDEX.get(ASB)!;

export interface AggregatorOptions {
  /** police.uk slug of the force imported in detail, e.g. 'essex'. */
  force: string;
  lsoaToLad: (code: string) => string | undefined;
  /** Districts of that force: its rows elsewhere are set aside as outside the area. */
  forceLads: Iterable<string>;
}

/** Receives the rows of one file; created by PoliceAggregator.startFile. */
export class FileSink {
  readonly tally = emptyTally();
  private readonly own: boolean;

  constructor(
    readonly bucket: Bucket,
    private readonly opts: AggregatorOptions,
    private readonly area: Set<string>,
    private readonly outcomeNames: OutcomeNames,
  ) {
    this.own = bucket.force === opts.force;
  }

  private place(code: string, name: string): string | undefined {
    if (code === '') {
      setAside(this.tally, 'no-lsoa', '(blank)');
      return undefined;
    }
    const lad = this.opts.lsoaToLad(code);
    if (lad === undefined) {
      setAside(this.tally, 'unknown-lsoa', `${code} ${name}`);
      return undefined;
    }
    if (this.own && !this.area.has(lad)) {
      setAside(this.tally, 'outside-area', name || code);
      return undefined;
    }
    return lad;
  }

  street(code: string, name: string, crimeType: string, lastOutcome: string, location: string): void {
    const t = this.tally;
    t.rowsRead++;
    const idx = CRIME_TYPE_INDEX.get(crimeType);
    if (idx === undefined) {
      setAside(t, 'unknown-crime-type', crimeType || '(blank)');
      return;
    }
    const lad = this.place(code, name);
    if (lad === undefined) return;
    t.rowsUsed++;
    if (!this.own) {
      let counts = this.bucket.lad.get(lad);
      if (counts === undefined) this.bucket.lad.set(lad, (counts = new Int32Array(CRIME_TYPES.length)));
      counts[idx]!++;
      return;
    }
    let c = this.bucket.lsoa.get(code);
    if (c === undefined) this.bucket.lsoa.set(code, (c = newCounts()));
    c.types[idx]!++;
    const place = c.places.get(location);
    if (place === undefined) c.places.set(location, idx === ASB_INDEX ? [0, 1] : [1, 0]);
    else place[idx === ASB_INDEX ? 1 : 0]++;
    // ASB rows carry no outcome; only crimes are counted by outcome.
    if (lastOutcome !== '') {
      const k = idx * 1024 + this.outcomeNames.of(lastOutcome);
      c.outcomes.set(k, (c.outcomes.get(k) ?? 0) + 1);
    }
  }

  outcome(code: string, name: string, outcomeType: string): void {
    const t = this.tally;
    t.rowsRead++;
    if (outcomeType === '') {
      setAside(t, 'no-outcome', '(blank)');
      return;
    }
    if (this.place(code, name) === undefined) return;
    t.rowsUsed++;
    let c = this.bucket.lsoa.get(code);
    if (c === undefined) this.bucket.lsoa.set(code, (c = newCounts()));
    const k = this.outcomeNames.of(outcomeType);
    c.outcomes.set(k, (c.outcomes.get(k) ?? 0) + 1);
  }
}

export class PoliceAggregator {
  readonly buckets = new Map<string, Bucket>();
  readonly outcomeNames = new OutcomeNames();
  /** The file being read (the last started), so progress can count rows mid-file. */
  current: FileSink | null = null;
  private readonly area: Set<string>;

  constructor(readonly opts: AggregatorOptions) {
    this.area = new Set(opts.forceLads);
  }

  /** Start a file; the same force-month twice in one import is refused (it would double count). */
  startFile(label: string, kind: BucketKind, force: string, month: string): FileSink {
    const key = `${kind}|${force}|${month}`;
    const earlier = this.buckets.get(key);
    if (earlier) {
      throw new ImportError(label, 0, `${force} ${kind} data for ${month} is also in ${earlier.label}: import only one copy of a month`);
    }
    const bucket: Bucket = { kind, force, month, label, lsoa: new Map(), lad: new Map() };
    this.buckets.set(key, bucket);
    this.current = new FileSink(bucket, this.opts, this.area, this.outcomeNames);
    return this.current;
  }

  /** Outcomes files are only kept for the force imported. */
  wants(kind: BucketKind, force: string): boolean {
    return kind === 'street' || force === this.opts.force;
  }
}
