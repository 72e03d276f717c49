import { z } from 'zod';
import { defineEvent } from '../define-event';
import { moneySchema } from '../shared-schemas';

/**
 * The service catalogue: what the company sells, the written standard a worker is held to, the
 * qualification needed to take the job and where it is offered. Stream: `catalogue-item-<code>`.
 */
const topic = 'orders.events';

export const serviceLines = ['home_services', 'after_sales'] as const;
export const serviceCategories = [
  'daily_cleaning',
  'deep_cleaning',
  'appliance_cleaning',
  'cooking',
  'organising',
  'pet_home_cleaning',
  'nanny',
  'maternity_nurse',
  'air_purification',
  'disinfection',
  'installation',
  'repair',
  'inspection',
] as const;

export const localisedNameSchema = z.object({
  zh: z.string().min(1).max(100),
  en: z.string().min(1).max(100),
});

/** The written standard: for each area, the criteria a worker ticks off on site. */
export const serviceStandardSchema = z
  .array(
    z.object({
      area: z.string().min(1).max(60),
      criteria: z.array(z.string().min(1).max(200)).min(1).max(20),
    }),
  )
  .min(1)
  .max(30);
export type ServiceStandard = z.infer<typeof serviceStandardSchema>;

export const catalogueItemDetailsSchema = z.object({
  name: localisedNameSchema,
  line: z.enum(serviceLines),
  category: z.enum(serviceCategories),
  /** For after-sales items: the product category the item covers (smart-home, wardrobe, ...). */
  productCategory: z.string().min(1).max(60).nullable(),
  standard: serviceStandardSchema,
  expectedMinutes: z
    .number()
    .int()
    .min(15)
    .max(24 * 60),
  qualification: z.string().min(1).max(60),
  basePrice: moneySchema,
  cities: z.array(z.string().min(1).max(40)).min(1),
});
export type CatalogueItemDetails = z.infer<typeof catalogueItemDetailsSchema>;

const code = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'must be 3-40 upper-case letters, digits or dashes');

export const CatalogueItemDrafted = defineEvent({
  type: 'CatalogueItemDrafted',
  version: 1,
  topic,
  description: 'A service item was drafted in the catalogue; it cannot be ordered until published.',
  schema: catalogueItemDetailsSchema.extend({ code }),
});

export const CatalogueItemRevised = defineEvent({
  type: 'CatalogueItemRevised',
  version: 1,
  topic,
  description: 'A catalogue item was changed; the data holds the fields as they now are (all of them).',
  schema: catalogueItemDetailsSchema.extend({ code }),
});

export const CatalogueItemPublished = defineEvent({
  type: 'CatalogueItemPublished',
  version: 1,
  topic,
  description: 'A catalogue item may now be ordered in its cities.',
  schema: z.object({ code }),
});

export const CatalogueItemRetired = defineEvent({
  type: 'CatalogueItemRetired',
  version: 1,
  topic,
  description: 'A catalogue item may no longer be ordered; existing orders are unaffected.',
  schema: z.object({ code, reason: z.string().min(1).max(500) }),
});

export const catalogueEvents = [
  CatalogueItemDrafted,
  CatalogueItemRevised,
  CatalogueItemPublished,
  CatalogueItemRetired,
];
