import { Inject, Injectable } from '@nestjs/common';
import { inScope, type InvolvedWorker, type Principal } from '@platform/auth';
import type { FileAccess } from '../files/file-access';
import { FileCatalogue } from '../files/file-catalogue';
import type { FileKind } from '../files/file-policy';
import { ReadModels } from '@platform/eventing';
import { OrderInvolvement } from '../read-models/involvement/order-involvement';
import { orderBoard } from '../read-models/order-board/order-board.read-model';
import { orderFiles } from '../read-models/order-files/order-files.read-model';
import { mayDownload, orderScope, uploadKinds, type FileUse } from './access';

/**
 * Files follow the orders they are attached to: a file is served to whoever uploaded it, and to
 * whoever may see an order it is attached to and that use of it (access.ts, mayDownload).
 */
@Injectable()
export class OrderFileAccess implements FileAccess {
  constructor(
    @Inject(FileCatalogue) private readonly catalogue: FileCatalogue,
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(OrderInvolvement) private readonly involvement: OrderInvolvement,
  ) {}

  uploadRefusal(principal: Principal, kind: FileKind): string | undefined {
    const kinds = uploadKinds[principal.role] ?? [];
    if (kinds.includes(kind)) return undefined;
    return kinds.length === 0
      ? `a ${principal.role} attaches no files to orders, so may not upload any`
      : `a ${principal.role} uploads ${kinds.join(', ')}, not ${kind}`;
  }

  async mayDownload(principal: Principal, fileId: string): Promise<boolean> {
    if ((await this.catalogue.notUploadedBy(principal.sub, [fileId])).length === 0) return true;
    const files = this.readModels.documents(orderFiles);
    const board = this.readModels.documents(orderBoard);
    // Every order the file is attached to, with who it involves now, in one query (a file may be on many).
    const { rows: attachments } = await board.pool.query<{
      use: FileUse;
      branch_id: string;
      customer_id: string;
      worker_id: string | null;
      workers: InvolvedWorker[];
    }>(
      `SELECT a.use, b.document->>'branchId' AS branch_id, b.document->>'customerId' AS customer_id,
         b.document->>'workerId' AS worker_id,
         ${this.involvement.workersSql('b.id', "(b.document->>'workerId')")} AS workers
       FROM ${files.table} f
       CROSS JOIN jsonb_to_recordset(f.document->'attachedTo') AS a("orderId" text, use text)
       JOIN ${board.table} b ON b.id = a."orderId" AND b.document IS NOT NULL
       WHERE f.id = $1`,
      [fileId],
    );
    const scope = orderScope(principal);
    return attachments.some(
      (order) =>
        inScope(scope, {
          branchId: order.branch_id,
          customerId: order.customer_id,
          workers: order.workers,
        }) &&
        mayDownload(principal, order.use, order.workers.find((w) => w.workerId === order.worker_id) ?? null),
    );
  }
}
