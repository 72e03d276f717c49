import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@platform/contracts';
import { DomainError } from '@platform/eventing';
import { v5 as uuidv5 } from 'uuid';
import {
  catalogueItemDecider,
  catalogueItemStream,
  type CatalogueItemState,
} from '../../catalogue/catalogue-item.decider';
import { ContactBook } from '../../contacts/contact-book';
import { CommandRunner } from '@platform/service-kit';
import { decidedOnce } from '../../platform/decided-once';
import { orderDecider, orderStream } from '../order.decider';
import { placeOrderRequestSchema, type PlaceOrderInput, type PlaceOrderRequest } from './place-order.request';
import { firstPlacement, placementDifferences } from './placement-differences';

const ORDER_ID_NAMESPACE = '0b9d4a7e-93c2-4a55-8f0e-6d3c1f2a8b71';

/** A channel's order id maps to one of ours forever: the same partner order cannot be placed twice. */
export const orderIdForChannelOrder = (channel: string, channelOrderId: string) =>
  uuidv5(`${channel}/${channelOrderId}`, ORDER_ID_NAMESPACE);
export const idFor = (name: string) => uuidv5(name, ORDER_ID_NAMESPACE);

export interface PlacedOrder {
  orderId: string;
  /** True when this request repeated one already accepted, with the same content: nothing was changed. */
  duplicate: boolean;
}

/**
 * Places an order from any channel. Idempotent: a channel order id, or else the command id,
 * decides the order id, so a retried request finds the order it created and changes nothing.
 */
@Injectable()
export class OrderIntake {
  /** Published items seen in the last second: intake at partner-peak rates need not re-read them per order. */
  private readonly published = new Map<string, { state: CatalogueItemState; until: number }>();

  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(ContactBook) private readonly contacts: ContactBook,
  ) {}

  /**
   * Only a published item is remembered, and for one second: an item being published is seen at
   * once, one being retired stops taking orders within a second.
   */
  private async catalogueItem(code: string): Promise<CatalogueItemState> {
    const cached = this.published.get(code);
    if (cached && cached.until > Date.now()) return cached.state;
    const state = await this.commands.load(catalogueItemDecider, catalogueItemStream(code));
    if (state.status === 'published') this.published.set(code, { state, until: Date.now() + 1000 });
    else this.published.delete(code);
    return state;
  }

  async place(
    input: PlaceOrderInput,
    meta: { commandId: string; correlationId: string; actor: Actor; at: Date },
  ): Promise<PlacedOrder> {
    const request = placeOrderRequestSchema.parse(input);
    const commandId = request.channelOrderId
      ? `place:${request.channel}:${request.channelOrderId}`
      : meta.commandId;
    const orderId = request.channelOrderId
      ? orderIdForChannelOrder(request.channel, request.channelOrderId)
      : idFor(`order/${commandId}`);
    const catalogueItem = await this.catalogueItem(request.itemCode);
    const contactId = idFor(`contact/${orderId}`);
    const { contact, itemCode, ...order } = request;
    const command = {
      type: 'PlaceOrder' as const,
      at: meta.at,
      catalogueItem,
      order: { ...order, orderId, itemCode, contactId, branchId: request.address.city },
    };
    // Decided once, before anything is written, so an order refused on its merits leaves nothing
    // behind; the events are appended as decided. A refusal may be a repeat of an order accepted
    // earlier (now too close to its start).
    let placement: typeof orderDecider;
    try {
      placement = decidedOnce(orderDecider, command).decider;
    } catch (error) {
      const repeat = await this.repeated(orderId, request);
      if (repeat) return repeat;
      throw error;
    }
    try {
      const outcome = await this.contacts.keepFor(
        { contactId, customerId: request.customerId, ...contact },
        orderStream(orderId),
        () =>
          this.commands.run(placement, orderStream(orderId), command, {
            ...meta,
            commandId,
            causationId: null,
          }),
      );
      if (outcome.status === 'unchanged')
        return (await this.repeated(orderId, request)) ?? { orderId, duplicate: true };
      return { orderId, duplicate: false };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'ORDER_EXISTS') {
        const repeat = await this.repeated(orderId, request);
        if (repeat) return repeat;
      }
      throw error;
    }
  }

  /**
   * A request for an order that exists: the same content is a retry (nothing changes); other
   * content is refused with the fields that differ (ORDER_CONFLICT), so the sender learns that
   * their change was not taken. Undefined when there is no such order.
   */
  private async repeated(orderId: string, request: PlaceOrderRequest): Promise<PlacedOrder | undefined> {
    const placed = await this.commands.load(firstPlacement, orderStream(orderId));
    if (!placed) return undefined;
    const contact = (await this.contacts.find([placed.contactId])).get(placed.contactId);
    const differences = placementDifferences(placed, contact?.erased ? undefined : contact, request);
    if (differences.length > 0)
      throw new DomainError(
        'ORDER_CONFLICT',
        `order ${orderId} was placed earlier under this id with other content (${differences.join(', ')}); a resend does not change a placed order`,
        { field: differences[0], differences, orderId },
      );
    return { orderId, duplicate: true };
  }
}
