import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { placeOrderRequestSchema } from '../order/place-order/place-order.request';
import { channelProfiles, partnerField } from './channel-profiles';

/** The guide's example payloads (docs/examples/partner-webhooks), one per channel. */
const example = (channel: string): unknown =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../../docs/examples/partner-webhooks', `${channel}.json`), 'utf8'),
  );

function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) =>
    inner === undefined ? [] : leafPaths(inner, prefix ? `${prefix}.${key}` : key),
  );
}

const has = (value: unknown, path: string) =>
  path
    .split('.')
    .reduce<unknown>(
      (at, key) =>
        at && typeof at === 'object' && key in at ? (at as Record<string, unknown>)[key] : undefined,
      value,
    ) !== undefined;

/** The fields of our order request that the order's rules name when they refuse an order. */
const namedByTheRules = ['itemCode', 'address.city', 'appointment.start', 'product'];

describe.each([...channelProfiles.keys()])(
  'the %s profile names fields as the partner sent them',
  (channel) => {
    const profile = channelProfiles.get(channel)!;
    const payload = profile.payload.parse(example(channel));
    const request = profile.toOrder(payload);

    it("accepts the guide's example and maps it onto a valid order request", () => {
      expect(placeOrderRequestSchema.safeParse(request).success).toBe(true);
    });

    it('names, for each field of the order request it fills, a field of its own payload', () => {
      for (const field of [...leafPaths(request), ...namedByTheRules].filter((f) => f !== 'channel')) {
        const theirs = partnerField(profile, field);
        expect({ field, theirs, inPayload: has(payload, theirs) }).toEqual({
          field,
          theirs,
          inPayload: true,
        });
      }
    });

    it('answers (order) for a field the partner never sends, never an internal name', () => {
      expect(partnerField(profile, 'attachments')).toBe('(order)');
    });
  },
);
