import { Inject, Injectable } from '@nestjs/common';
import { inScope, type InvolvedWorker, type Principal } from '@platform/auth';
import type { FileAccess } from '../files/file-access';
import { FileCatalogue } from '../files/file-catalogue';
import type { FileKind } from '../files/file-policy';
import { OrderInvolvement } from '../read-models/involvement/order-involvement';
import { OrderBoardTable } from '../read-models/order-board/order-board.table';
import { OrderFilesTable } from '../read-models/order-files/order-files.table';
import { mayDownload, orderScope, uploadKinds, type FileUse } from './access';

/**
 * Files follow the orders they are attached to: a file is served to whoever uploaded it, and to
 * whoever may see an order it is attached to and that use of it (access.ts, mayDownload).
 */
@Injectable()
export class OrderFileAccess implements FileAccess {
  constructor(
    @Inject(FileCatalogue) private readonly catalogue: FileCatalogue,
    @Inject(OrderFilesTable) private readonly orderFiles: OrderFilesTable,
    @Inject(OrderBoardTable) private readonly board: OrderBoardTable,
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
    await Promise.all([this.orderFiles.ready(), this.involvement.ready()]);
    // Every order the file is attached to, with who it involves now, in one query (a file may be on many).
    const attachments = await this.board.query<{
      use: FileUse;
      branch_id: string;
      customer_id: string;
      worker_id: string | null;
      workers: InvolvedWorker[];
    }>(
      (board) =>
        `SELECT f.use, b.branch_id, b.customer_id, b.worker_id,
           ${this.involvement.workersSql('b.order_id', 'b.worker_id')} AS workers
         FROM ${this.orderFiles.table} f JOIN ${board} b ON b.order_id = f.order_id
         WHERE f.file_id = $1`,
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
