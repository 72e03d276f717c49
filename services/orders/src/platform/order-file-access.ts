import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@platform/auth';
import type { FileAccess } from '../files/file-access';
import { FileCatalogue } from '../files/file-catalogue';
import type { FileKind } from '../files/file-policy';
import { OrderBoardTable } from '../read-models/order-board/order-board.table';
import { OrderFilesTable } from '../read-models/order-files/order-files.table';
import { mayDownload, uploadKinds } from './access';
import { OrderAccess } from './order-access';

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
    @Inject(OrderAccess) private readonly access: OrderAccess,
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
    for (const { orderId, use } of await this.orderFiles.attachedTo(fileId)) {
      const row = await this.board.row(orderId);
      if (!row || !(await this.access.maySee(principal, orderId, row))) continue;
      if (mayDownload(principal, use, await this.access.holder(principal, row.workerId))) return true;
    }
    return false;
  }
}
