import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@platform/eventing';
import { CommandRunner, commandMeta, requireRole, type Caller } from '@platform/service-kit';
import { FileCatalogue } from '../files/file-catalogue';
import { ORDERS_ENV, type OrdersEnv } from '../orders.config';
import { orderDeskRoles } from '../platform/access';
import { OrderAccess } from '../platform/order-access';
import { OrderBoardQueries } from '../read-models/order-board/order-board.queries';
import { orderDecider, orderStream, type OrderCommand } from './order.decider';

/**
 * What every command on a placed order does around its decision: who may ask is checked by its
 * use case's resolver, what is allowed by the order decider, and the answer is the order as the
 * read model shows it afterwards.
 */
@Injectable()
export class OrderCommands {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
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
  async requireUploaded(caller: Caller, field: string, fileIds: string[]): Promise<void> {
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
  async act(caller: Caller, orderId: string, command: OrderCommand, operation: string) {
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
    return this.answer(orderId, position);
  }

  /** The order once the read model holds its event at `position` (or as it is when that takes too long). */
  answer(orderId: string, position: number) {
    return this.board.projected(orderId, position, this.env.ANSWER_WAIT_MS);
  }
}

/** Who changes an order's terms (reschedule, cancel): its customer or the order desk. */
export function requester(caller: Caller): 'customer' | 'company' {
  requireRole(caller, ['customer', ...orderDeskRoles], 'change an order');
  return caller.principal.role === 'customer' ? 'customer' : 'company';
}

/** The worker doing the job, the only one who records its progress. */
export function jobWorker(caller: Caller): string {
  requireRole(caller, ['worker'], 'work on jobs');
  return caller.principal.sub;
}
