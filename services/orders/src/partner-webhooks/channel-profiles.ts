import { z } from 'zod';
import type { PlaceOrderInput } from '../order/place-order/place-order.request';

/**
 * Each partner channel sends orders in its own shape; a profile validates that shape and maps it
 * onto our order request. Field errors are reported in the partner's own field names: the payload's
 * own errors are, and `fields` names the partner's field behind each field of our request that a
 * later check (the request schema, the order's rules, a resend's comparison) may name.
 */
export interface ChannelProfile<S extends z.ZodType = z.ZodType> {
  channel: string;
  description: string;
  payload: S;
  toOrder(payload: z.infer<S>): PlaceOrderInput;
  fields: Readonly<Record<string, string>>;
}

/** The partner's name for a field of our order request; `(order)` for one the partner did not send. */
export const partnerField = (profile: ChannelProfile, field: string): string =>
  profile.fields[field] ?? '(order)';

const defineProfile = <S extends z.ZodType>(profile: ChannelProfile<S>): ChannelProfile =>
  profile as unknown as ChannelProfile;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm');
const mobile = z.string().regex(/^\+?[0-9]{6,15}$/, 'must be a phone number of 6-15 digits');

/** A livestream shop (Douyin-style): snake_case, appointment as a local date and times (UTC+8). */
const douyinLive = defineProfile({
  channel: 'douyin_live',
  description: 'Livestream shop: orders placed during live sessions',
  payload: z.object({
    order_id: z.string().min(1).max(64),
    buyer_id: z.string().min(1).max(64),
    receiver: z.object({
      name: z.string().min(1).max(100),
      phone: mobile,
      city: z.string().min(1).max(40),
      district: z.string().min(1).max(40),
      detail: z.string().min(1).max(200),
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
    }),
    service_code: z.string().min(1).max(40),
    appointment: z.object({ date: z.iso.date(), start_time: clock, end_time: clock }),
    remark: z.string().max(1000).optional(),
    live_room_id: z.string().max(64).optional(),
  }),
  toOrder: (p) => ({
    channel: 'douyin_live',
    channelOrderId: p.order_id,
    customerId: `douyin:${p.buyer_id}`,
    contact: { name: p.receiver.name, phone: p.receiver.phone, street: p.receiver.detail },
    address: {
      city: p.receiver.city,
      district: p.receiver.district,
      location: { lat: p.receiver.lat, lng: p.receiver.lng },
    },
    itemCode: p.service_code,
    appointment: {
      start: `${p.appointment.date}T${p.appointment.start_time}:00+08:00`,
      end: `${p.appointment.date}T${p.appointment.end_time}:00+08:00`,
    },
    notes: [p.remark, p.live_room_id ? `live room ${p.live_room_id}` : undefined].filter(Boolean).join(' · '),
  }),
  fields: {
    channelOrderId: 'order_id',
    customerId: 'buyer_id',
    'contact.name': 'receiver.name',
    'contact.phone': 'receiver.phone',
    'contact.street': 'receiver.detail',
    'address.city': 'receiver.city',
    'address.district': 'receiver.district',
    'address.location.lat': 'receiver.lat',
    'address.location.lng': 'receiver.lng',
    itemCode: 'service_code',
    'appointment.start': 'appointment.start_time',
    'appointment.end': 'appointment.end_time',
    notes: 'remark',
    // An item that needs a product cannot be ordered from a channel that sends none.
    product: 'service_code',
  },
});

/** A marketplace (Tmall-style): camelCase, ISO instants. */
const tmall = defineProfile({
  channel: 'tmall',
  description: 'Marketplace store',
  payload: z.object({
    tid: z.string().min(1).max(64),
    buyerNick: z.string().min(1).max(64),
    receiverName: z.string().min(1).max(100),
    receiverMobile: mobile,
    receiverCity: z.string().min(1).max(40),
    receiverDistrict: z.string().min(1).max(40),
    receiverAddress: z.string().min(1).max(200),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    outerSkuId: z.string().min(1).max(40),
    serviceStart: z.iso.datetime({ offset: true }),
    serviceEnd: z.iso.datetime({ offset: true }),
    buyerMessage: z.string().max(1000).optional(),
  }),
  toOrder: (p) => ({
    channel: 'tmall',
    channelOrderId: p.tid,
    customerId: `tmall:${p.buyerNick}`,
    contact: { name: p.receiverName, phone: p.receiverMobile, street: p.receiverAddress },
    address: {
      city: p.receiverCity,
      district: p.receiverDistrict,
      location: { lat: p.latitude, lng: p.longitude },
    },
    itemCode: p.outerSkuId,
    appointment: { start: p.serviceStart, end: p.serviceEnd },
    notes: p.buyerMessage ?? '',
  }),
  fields: {
    channelOrderId: 'tid',
    customerId: 'buyerNick',
    'contact.name': 'receiverName',
    'contact.phone': 'receiverMobile',
    'contact.street': 'receiverAddress',
    'address.city': 'receiverCity',
    'address.district': 'receiverDistrict',
    'address.location.lat': 'latitude',
    'address.location.lng': 'longitude',
    itemCode: 'outerSkuId',
    'appointment.start': 'serviceStart',
    'appointment.end': 'serviceEnd',
    notes: 'buyerMessage',
    product: 'outerSkuId',
  },
});

/** A furniture brand's after-sales system: service tickets with the product and its fault. */
const brandAfterSales = defineProfile({
  channel: 'brand_aftersales',
  description: 'Brand after-sales system: installation and repair tickets',
  payload: z.object({
    ticketNo: z.string().min(1).max(64),
    customer: z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(100), mobile }),
    address: z.object({
      city: z.string().min(1).max(40),
      district: z.string().min(1).max(40),
      street: z.string().min(1).max(200),
      geo: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }),
    }),
    serviceCode: z.string().min(1).max(40),
    visitWindow: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
    product: z.object({
      category: z.string().min(1).max(60),
      model: z.string().min(1).max(100),
      purchasedOn: z.iso.date(),
      fault: z.string().min(1).max(2000),
    }),
  }),
  toOrder: (p) => ({
    channel: 'brand_aftersales',
    channelOrderId: p.ticketNo,
    customerId: `brand:${p.customer.id}`,
    contact: { name: p.customer.name, phone: p.customer.mobile, street: p.address.street },
    address: { city: p.address.city, district: p.address.district, location: p.address.geo },
    itemCode: p.serviceCode,
    appointment: { start: p.visitWindow.from, end: p.visitWindow.to },
    product: {
      category: p.product.category,
      model: p.product.model,
      purchaseDate: p.product.purchasedOn,
      fault: p.product.fault,
    },
  }),
  fields: {
    channelOrderId: 'ticketNo',
    customerId: 'customer.id',
    'contact.name': 'customer.name',
    'contact.phone': 'customer.mobile',
    'contact.street': 'address.street',
    'address.city': 'address.city',
    'address.district': 'address.district',
    'address.location.lat': 'address.geo.lat',
    'address.location.lng': 'address.geo.lng',
    itemCode: 'serviceCode',
    'appointment.start': 'visitWindow.from',
    'appointment.end': 'visitWindow.to',
    product: 'product',
    'product.category': 'product.category',
    'product.model': 'product.model',
    'product.purchaseDate': 'product.purchasedOn',
    'product.fault': 'product.fault',
  },
});

export const channelProfiles: ReadonlyMap<string, ChannelProfile> = new Map(
  [douyinLive, tmall, brandAfterSales].map((profile) => [profile.channel, profile]),
);

/** Per channel: its secret (a clearly marked development default unless set) and callback URL. */
export interface ChannelSettings {
  secret: string;
  secretIsDevelopmentDefault: boolean;
  callbackUrl?: string;
}

export function channelSettings(channel: string, env: NodeJS.ProcessEnv = process.env): ChannelSettings {
  const name = channel.toUpperCase();
  const secret = env[`PARTNER_SECRET_${name}`];
  const callbackUrl = env[`PARTNER_CALLBACK_URL_${name}`] || undefined;
  if (secret) return { secret, secretIsDevelopmentDefault: false, ...(callbackUrl ? { callbackUrl } : {}) };
  if (env.NODE_ENV === 'production') throw new Error(`PARTNER_SECRET_${name} is required in production`);
  return {
    secret: `development-only-${channel}-secret`,
    secretIsDevelopmentDefault: true,
    ...(callbackUrl ? { callbackUrl } : {}),
  };
}
