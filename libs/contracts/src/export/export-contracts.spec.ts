import { allEvents } from '../all-events';
import { exportContracts } from './export-contracts';

describe('contract export for outside consumers', () => {
  const { files } = exportContracts(allEvents);

  it('writes one JSON Schema per event version, with the data fields required by the contract', () => {
    const schema = files['schemas/TallyIncremented.v2.json'] as {
      properties: Record<string, { required?: string[]; const?: unknown }>;
      required: string[];
    };
    expect(Object.keys(files).filter((f) => f.startsWith('schemas/'))).toHaveLength(allEvents.length);
    expect(schema.required).toEqual(expect.arrayContaining(['eventId', 'type', 'streamId', 'data', 'actor']));
    expect(schema.properties.type?.const).toBe('TallyIncremented');
    expect(schema.properties.data?.required).toEqual(['tallyId', 'amount', 'reason']);
  });

  it('lists every topic and every event version in the AsyncAPI document', () => {
    const doc = files['asyncapi.json'] as {
      asyncapi: string;
      channels: Record<string, { address: string; messages: Record<string, unknown> }>;
      components: { messages: Record<string, { payload: { $ref: string } }> };
    };
    expect(doc.asyncapi).toBe('3.0.0');
    expect(
      Object.values(doc.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(['dispatch.events', 'feedback.events', 'orders.events', 'proof.events', 'workforce.events']);
    expect(Object.keys(doc.channels.proof_events!.messages).sort()).toEqual([
      'TallyClosedV1',
      'TallyIncrementedV1',
      'TallyIncrementedV2',
      'TallyOpenedV1',
    ]);
    expect(Object.keys(doc.channels.dispatch_events!.messages).sort()).toEqual([
      'DispatchDecidedV1',
      'DispatchDecidedV2',
      'DispatchFailedV1',
      'DispatchPolicySetV1',
      'OfferAcceptedV1',
      'OfferDeclinedV1',
      'OfferExpiredV1',
      'OfferMadeV1',
      'OfferWithdrawnV1',
      'SlaBreachedV1',
      'SlotReleasedV1',
      'SlotReservedV1',
      'TechnicianAssignedV1',
      'TechnicianAssignedV2',
      'TechnicianUnassignedV1',
    ]);
    for (const message of Object.values(doc.components.messages)) {
      expect(files[message.payload.$ref.replace('./', '')]).toBeDefined();
    }
  });
});
