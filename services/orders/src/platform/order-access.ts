import { Inject, Injectable } from '@nestjs/common';
import { inScope, type InvolvedWorker, type Principal } from '@platform/auth';
import { OrderInvolvement } from '../read-models/involvement/order-involvement';
import { maySeeIgnoringOffers, orderScope, type OrderOwnership } from './access';

/** The scope rules of access.ts applied to one order, with the workers it involves now. */
@Injectable()
export class OrderAccess {
  constructor(@Inject(OrderInvolvement) private readonly involvement: OrderInvolvement) {}

  async maySee(principal: Principal, orderId: string, order: OrderOwnership): Promise<boolean> {
    const scope = orderScope(principal);
    // Only workers and station leaders reach orders through offers and stations.
    if (scope.kind !== 'worker' && scope.kind !== 'station') return maySeeIgnoringOffers(scope, order);
    const workers = await this.involvement.workersOf(orderId, order.workerId);
    return inScope(scope, { branchId: order.branchId, customerId: order.customerId, workers });
  }

  /** The worker holding the order, with their station when a station leader asks (what they see hangs on it). */
  async holder(principal: Principal, workerId: string | null): Promise<InvolvedWorker | null> {
    if (!workerId) return null;
    if (principal.role !== 'station_leader') return { workerId };
    return { workerId, stationId: await this.involvement.stationOf(workerId) };
  }
}
