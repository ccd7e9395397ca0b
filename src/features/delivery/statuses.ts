// The words of delivery: how an initiative stands in an update, and the units a figure is counted in.

export const DELIVERY_STATUSES = ['on_track', 'at_risk', 'off_track', 'completed', 'delayed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const STATUS_NAMES: Record<DeliveryStatus | 'no_update', string> = {
  on_track: 'On track', at_risk: 'At risk', off_track: 'Off track', completed: 'Completed', delayed: 'Delayed', cancelled: 'Cancelled',
  no_update: 'No update yet',
};

/** These say something has gone wrong: the update must say why. */
export const NEEDS_REASON: readonly DeliveryStatus[] = ['off_track', 'delayed', 'cancelled'];

export function isDeliveryStatus(value: string): value is DeliveryStatus {
  return (DELIVERY_STATUSES as readonly string[]).includes(value);
}

export const FIGURE_UNITS = ['number', 'people', 'sessions', 'referrals', 'rating_5', 'pounds', 'percent'] as const;
export type FigureUnit = (typeof FIGURE_UNITS)[number];

export const UNIT_NAMES: Record<FigureUnit, string> = {
  number: 'Number', people: 'People', sessions: 'Sessions', referrals: 'Referrals', rating_5: 'Rating out of 5', pounds: 'Pounds (£)', percent: 'Per cent (%)',
};

export function isFigureUnit(value: string): value is FigureUnit {
  return (FIGURE_UNITS as readonly string[]).includes(value);
}

export interface Figure { label: string; value: number; unit: FigureUnit }

/** A figure as a sentence would give it: "1,884 people", "4.29 out of 5", "£500,000", "40%". */
export function figureText(f: Figure): string {
  const n = f.value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  switch (f.unit) {
    case 'pounds': return `£${n}`;
    case 'percent': return `${n}%`;
    case 'rating_5': return `${n} out of 5`;
    case 'number': return n;
    default: return `${n} ${f.unit}`;
  }
}
