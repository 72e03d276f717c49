export interface TimelineEntry {
  at: Date;
  type: string;
  actor: { kind: string; id: string; role?: string };
  summary: string;
  /** The worker the entry is about (assigned, withdrawn, checked in, completed), by id. */
  workerId?: string;
}

/**
 * Everything one order's page shows, timeline (the audit trail) included. Stored as JSON, so its
 * instants come back as ISO strings; the DateTime scalar serialises either.
 */
export interface OrderDetailDoc {
  _id: string;
  notes: string;
  location: { lat: number; lng: number };
  attachments: { fileId: string; kind: string }[];
  product: { category: string; model: string; purchaseDate: string; fault: string } | null;
  checklist: { key: string; area: string; criterion: string }[];
  /** Per checklist key (dots replaced by dashes, as MongoDB paths forbid them): its latest record. */
  checklistState: Record<string, { done: boolean; note: string | null }>;
  photos: { fileId: string; kind: string; checklistKey: string | null; at: Date }[];
  spareParts: { requestId: string; partCode: string; quantity: number; reason: string; at: Date }[];
  signature: { fileId: string; signerName: string; at: Date } | null;
  checkIn: { at: Date; position: { lat: number; lng: number }; distanceMeters: number } | null;
  cancellation: { reason: string; by: string; late: boolean } | null;
  completedAt: Date | null;
  closedAt: Date | null;
  timeline: TimelineEntry[];
}

export const checklistStateKey = (key: string) => key.replace(/\./g, '-');
