import { geoPointSchema, orderChannels, timeWindowSchema } from '@platform/contracts';
import { z } from 'zod';

/**
 * What every channel's order becomes before it is decided on: the app and CS through GraphQL,
 * partners through their webhook mapping, packages through their schedule. Checked here, at the
 * boundary, so a bad field is named before anything is written.
 */
export const placeOrderRequestSchema = z.object({
  channel: orderChannels,
  channelOrderId: z.string().trim().min(1).max(100).nullable(),
  customerId: z.string().trim().min(1).max(80),
  contact: z.object({
    name: z.string().trim().min(1).max(100),
    phone: z
      .string()
      .regex(/^\+?[0-9]{6,15}$/, 'must be a phone number of 6-15 digits, optionally starting with +'),
    street: z.string().trim().min(1).max(200),
  }),
  address: z.object({
    city: z.string().trim().min(1).max(40).toLowerCase(),
    district: z.string().trim().min(1).max(40),
    location: geoPointSchema,
  }),
  itemCode: z.string().trim().min(1).max(40),
  appointment: timeWindowSchema,
  notes: z.string().max(1000).default(''),
  attachments: z
    .array(
      z.object({
        fileId: z.string().regex(/^[a-f0-9]{64}$/, 'must be a file id returned by POST /files'),
        kind: z.enum(['photo', 'fault_picture', 'document']),
      }),
    )
    .max(20)
    .default([]),
  product: z
    .object({
      category: z.string().trim().min(1).max(60),
      model: z.string().trim().min(1).max(100),
      purchaseDate: z.iso.date(),
      fault: z.string().trim().min(1).max(2000),
    })
    .nullable()
    .default(null),
  packageId: z.uuid().nullable().default(null),
});

export type PlaceOrderRequest = z.infer<typeof placeOrderRequestSchema>;
export type PlaceOrderInput = z.input<typeof placeOrderRequestSchema>;
