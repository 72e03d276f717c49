import type { EventEnvelope } from '@platform/contracts';
import type { ReadModel } from '@platform/eventing';
import type { FileUse } from '../../platform/access';

type FileEventData = {
  orderId: string;
  attachments?: { fileId: string }[];
  fileId?: string;
  signatureFileId?: string;
};

/** The files an order event attaches, and as what. */
function attachedBy(event: EventEnvelope): { fileId: string; use: FileUse }[] {
  const data = event.data as FileEventData;
  switch (event.type) {
    case 'OrderPlaced':
      return (data.attachments ?? []).map(({ fileId }) => ({ fileId, use: 'attachment' }));
    case 'JobPhotoAdded':
      return [{ fileId: data.fileId!, use: 'job_photo' }];
    case 'CustomerSigned':
      return [{ fileId: data.signatureFileId!, use: 'signature' }];
    default:
      return [];
  }
}

/** One file and the orders it is attached to, each with the use it is attached for. */
export interface OrderFilesDocument {
  fileId: string;
  attachedTo: { orderId: string; use: FileUse }[];
}

/**
 * Which orders each file is attached to, and as what: the question a download asks (by the file's
 * id), since a file follows the access rules of what it is attached to. Attachments are never
 * taken back.
 */
export const orderFiles: ReadModel<OrderFilesDocument, 'postgres'> = {
  name: 'order_file_docs',
  store: 'postgres',
  handles: ['OrderPlaced', 'JobPhotoAdded', 'CustomerSigned'],
  ids: (event) => [...new Set(attachedBy(event).map((attached) => attached.fileId))],
  evolve(document, event, fileId) {
    const orderId = (event.data as FileEventData).orderId;
    const attachedTo = [...(document?.attachedTo ?? [])];
    for (const { use } of attachedBy(event).filter((attached) => attached.fileId === fileId))
      if (!attachedTo.some((a) => a.orderId === orderId && a.use === use)) attachedTo.push({ orderId, use });
    return { fileId, attachedTo };
  },
};
