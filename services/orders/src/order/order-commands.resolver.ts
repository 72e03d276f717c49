import { Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { GeoPoint, TimeWindow } from '@platform/contracts';
import { DomainError } from '@platform/eventing';
import type { OrdersContext } from '../graphql/order.resolver';
import { orderDeskRoles, orderScope, placeOrderChannels } from '../platform/access';
import { OrderAccess } from '../platform/order-access';
import { commandMeta, forbidden, requireRole, type Caller } from '@platform/service-kit';
import { CommandRunner } from '@platform/service-kit';
import { FileCatalogue } from '../files/file-catalogue';
import { ORDERS_ENV, type OrdersEnv } from '../orders.config';
import { OrderBoardQueries } from '../read-models/order-board/order-board.queries';
import { orderDecider, orderStream, type OrderCommand } from './order.decider';
import { idFor, OrderIntake } from './place-order/order-intake';
import type { PlaceOrderInput } from './place-order/place-order.request';

type Input = Omit<PlaceOrderInput, 'channel' | 'channelOrderId' | 'customerId'> & {
  customerId?: string | null;
  channel?: string | null;
};
type PhotoKind = 'before' | 'after' | 'fault' | 'evidence';

/** Order and job mutations: who may ask is checked here, what is allowed by the order decider. */
@Resolver()
export class OrderCommandsResolver {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(OrderIntake) private readonly intake: OrderIntake,
    @Inject(OrderBoardQueries) private readonly board: OrderBoardQueries,
    @Inject(FileCatalogue) private readonly files: FileCatalogue,
    @Inject(ORDERS_ENV) private readonly env: OrdersEnv,
    @Inject(OrderAccess) private readonly access: OrderAccess,
  ) {}

  /**
   * Orders keep references to uploaded files only, and only to files the caller uploaded: having
   * sent the bytes is what entitles one to attach them, so a file id seen elsewhere (another
   * customer's signature) cannot be attached to one's own order and downloaded through it.
   */
  private async requireUploaded(caller: Caller, field: string, fileIds: string[]) {
    const missing = await this.files.notUploadedBy(
      caller.principal.sub,
      fileIds.filter((id) => /^[a-f0-9]{64}$/.test(id)),
    );
    if (missing.length > 0) {
      throw new DomainError(
        'FILE_NOT_UPLOADED',
        `${field}: file ${missing.join(', ')} was not uploaded by you; POST it to /files first`,
        { field },
      );
    }
  }

  /** Runs a command on an order the caller may see, then answers with the order as the read model shows it afterwards. */
  private async act(caller: Caller, orderId: string, command: OrderCommand, operation: string) {
    const state = await this.commands.load(orderDecider, orderStream(orderId));
    if (
      state.status === 'none' ||
      !(await this.access.maySee(caller.principal, orderId, {
        ...state.order,
        workerId: 'assignment' in state ? state.assignment.workerId : null,
      }))
    ) {
      throw new DomainError('ORDER_NOT_FOUND', `order ${orderId} not found`);
    }
    const outcome = await this.commands.run(
      orderDecider,
      orderStream(orderId),
      command,
      commandMeta(caller, `${operation}:${orderId}`),
    );
    const position = outcome.status === 'appended' ? outcome.nextExpectedVersion : -1;
    return this.board.projected(orderId, position, this.env.ANSWER_WAIT_MS);
  }

  private requester(caller: Caller) {
    requireRole(caller, ['customer', ...orderDeskRoles], 'change an order');
    return caller.principal.role === 'customer' ? ('customer' as const) : ('company' as const);
  }

  @Mutation('placeOrder')
  async placeOrder(@Context() { caller }: OrdersContext, @Args('input') input: Input) {
    requireRole(caller, ['customer', ...orderDeskRoles], 'place orders');
    const { principal } = caller;
    const isCustomer = principal.role === 'customer';
    if (isCustomer && input.customerId && input.customerId !== principal.sub)
      throw forbidden('a customer places orders for themselves only');
    if (!isCustomer && !input.customerId)
      throw new DomainError('CUSTOMER_REQUIRED', 'staff placing an order must give the customerId', {
        field: 'customerId',
      });
    const channels = placeOrderChannels[principal.role] ?? [];
    const channel = input.channel ?? channels[0]!;
    if (!channels.includes(channel)) {
      throw new DomainError(
        'CHANNEL_NOT_ALLOWED',
        `channel: a ${principal.role} places orders through ${channels.join(' or ')}, not ${channel}; partner channels come only through their webhook`,
        { field: 'channel' },
      );
    }
    const scope = orderScope(principal);
    if (scope.kind === 'branch' && input.address.city.toLowerCase() !== scope.branchId) {
      throw forbidden(
        `a ${principal.role} of branch ${scope.branchId} cannot place orders in ${input.address.city}`,
      );
    }
    await this.requireUploaded(
      caller,
      'attachments',
      (input.attachments ?? []).map((attachment) => attachment.fileId),
    );
    const meta = commandMeta(caller, 'place-order');
    const placed = await this.intake.place(
      {
        ...input,
        channel,
        channelOrderId: null,
        customerId: isCustomer ? principal.sub : input.customerId!,
        notes: input.notes ?? '',
        attachments: input.attachments ?? [],
        product: input.product ?? null,
      },
      meta,
    );
    return { ...placed, order: await this.board.projected(placed.orderId, 0, this.env.ANSWER_WAIT_MS) };
  }

  @Mutation('rescheduleOrder')
  reschedule(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('appointment') to: TimeWindow,
    @Args('reason') reason: string,
  ) {
    const by = this.requester(caller);
    return this.act(
      caller,
      orderId,
      { type: 'RescheduleOrder', at: new Date(), to, reason, by },
      'reschedule',
    );
  }

  @Mutation('cancelOrder')
  cancel(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('reason') reason: string,
  ) {
    const by = this.requester(caller);
    return this.act(caller, orderId, { type: 'CancelOrder', at: new Date(), reason, by }, 'cancel');
  }

  @Mutation('closeOrder')
  close(@Context() { caller }: OrdersContext, @Args('orderId') orderId: string, @Args('note') note: string) {
    requireRole(caller, orderDeskRoles, 'close orders');
    return this.act(caller, orderId, { type: 'CloseOrder', note }, 'close');
  }

  private worker(caller: Caller) {
    requireRole(caller, ['worker'], 'work on jobs');
    return caller.principal.sub;
  }

  @Mutation('checkIn')
  checkIn(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('position') position: GeoPoint,
  ) {
    return this.act(
      caller,
      orderId,
      { type: 'CheckIn', at: new Date(), workerId: this.worker(caller), position },
      'check-in',
    );
  }

  @Mutation('recordChecklistItem')
  recordChecklistItem(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('key') key: string,
    @Args('done') done: boolean,
    @Args('note') note?: string | null,
  ) {
    return this.act(
      caller,
      orderId,
      { type: 'RecordChecklistItem', workerId: this.worker(caller), key, done, note: note ?? null },
      `checklist-${key}`,
    );
  }

  @Mutation('addJobPhoto')
  async addJobPhoto(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('fileId') fileId: string,
    @Args('kind') kind: PhotoKind,
    @Args('checklistKey') checklistKey?: string | null,
  ) {
    const command = {
      type: 'AddJobPhoto' as const,
      workerId: this.worker(caller),
      fileId,
      kind,
      checklistKey: checklistKey ?? null,
    };
    await this.requireUploaded(caller, 'fileId', [fileId]);
    return this.act(caller, orderId, command, `photo-${fileId}`);
  }

  @Mutation('requestSparePart')
  requestSparePart(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('partCode') partCode: string,
    @Args('quantity') quantity: number,
    @Args('reason') reason: string,
  ) {
    // A retried request (same Idempotency-Key) carries the same request id, which the order ignores.
    const requestId = idFor(`spare-part/${orderId}/${caller.idempotencyKey ?? randomUUID()}`);
    const command = {
      type: 'RequestSparePart' as const,
      workerId: this.worker(caller),
      requestId,
      partCode,
      quantity,
      reason,
    };
    return this.act(caller, orderId, command, 'spare-part');
  }

  @Mutation('collectSignature')
  async collectSignature(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('signatureFileId') signatureFileId: string,
    @Args('signerName') signerName: string,
  ) {
    const workerId = this.worker(caller);
    await this.requireUploaded(caller, 'signatureFileId', [signatureFileId]);
    return this.act(
      caller,
      orderId,
      { type: 'CollectSignature', workerId, signatureFileId, signerName },
      'signature',
    );
  }

  @Mutation('completeJob')
  completeJob(@Context() { caller }: OrdersContext, @Args('orderId') orderId: string) {
    return this.act(caller, orderId, { type: 'CompleteJob', workerId: this.worker(caller) }, 'complete');
  }
}
