import { z } from 'zod';

/** Building blocks several contexts' events share, so a time window means the same everywhere. */
export const isoInstant = z.iso.datetime({ offset: true });

export const timeWindowSchema = z
  .object({ start: isoInstant, end: isoInstant })
  .refine((window) => Date.parse(window.end) > Date.parse(window.start), {
    message: 'end must be after start',
    path: ['end'],
  });
export type TimeWindow = z.infer<typeof timeWindowSchema>;

export const geoPointSchema = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
export type GeoPoint = z.infer<typeof geoPointSchema>;

/** Money in the currency's minor unit (fen for CNY), so sums never meet floating point. */
export const moneySchema = z.object({
  amountMinor: z.number().int().nonnegative(),
  currency: z.enum(['CNY']),
});
export type Money = z.infer<typeof moneySchema>;

/**
 * Upcasts a v1 event that carried `workerName`: dispatch filled it with the worker id, since
 * names are workforce's personal data. v2 of those events names workers by id only and the graph
 * resolves the name in workforce, under its access rules.
 */
export function withoutWorkerName<T extends { workerName?: unknown }>(older: T): Omit<T, 'workerName'> {
  const { workerName: _idNotName, ...rest } = older;
  return rest;
}
