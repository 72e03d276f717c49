import type { EventEnvelope } from '@platform/contracts';
import { randomUUID } from 'node:crypto';
import type { LeaderboardEvent } from '../../src/leaderboard/domain/leaderboard';

const HOUR_MS = 3600_000;

/**
 * Builds the events the leaderboard reads, as their producers would publish them, with positions
 * per stream. Specs pass `validate` (the contracts' check); the benchmark builds a million without.
 */
export function leaderboardEvents(options: { validate?: (event: EventEnvelope) => EventEnvelope } = {}) {
  const positions = new Map<string, number>();
  const event = (type: LeaderboardEvent['type'], streamId: string, occurredAt: string, data: object) => {
    const streamPosition = positions.get(streamId) ?? 0;
    positions.set(streamId, streamPosition + 1);
    const envelope: EventEnvelope = {
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      streamId,
      streamPosition,
      occurredAt,
      recordedAt: occurredAt,
      correlationId: randomUUID(),
      causationId: null,
      actor: { kind: 'system', id: 'leaderboard-fixture' },
      data,
    };
    return (options.validate ? options.validate(envelope) : envelope) as LeaderboardEvent;
  };
  return {
    applied: (workerId: string, stationId: string, branchId: string, at: string) =>
      event('WorkerApplied', `worker-${workerId}`, at, {
        workerId,
        profileId: randomUUID(),
        branchId,
        stationId,
        jobTypes: ['housekeeping'],
        languages: ['zh'],
        experienceYears: 2,
        homeLocation: { lat: 31.2, lng: 121.4 },
        serviceAreas: ['xuhui'],
      }),
    moved: (workerId: string, fromStationId: string, toStationId: string, branchId: string, at: string) =>
      event('WorkerMovedStation', `worker-${workerId}`, at, {
        workerId,
        fromStationId,
        toStationId,
        branchId,
      }),
    /** A job's check-in and completion, `hours` apart, completed at `completedAt` (ISO). */
    job(workerId: string, completedAt: string, hours: number) {
      const orderId = randomUUID();
      const checkedInAt = new Date(Date.parse(completedAt) - hours * HOUR_MS).toISOString();
      const events: [LeaderboardEvent, LeaderboardEvent] = [
        event('JobCheckedIn', `order-${orderId}`, checkedInAt, {
          orderId,
          workerId,
          position: { lat: 31.2, lng: 121.4 },
          distanceMeters: 20,
        }),
        event('JobCompleted', `order-${orderId}`, completedAt, {
          orderId,
          workerId,
          checklistDone: 5,
          checklistTotal: 5,
          photos: 2,
          sparePartRequests: 0,
        }),
      ];
      return { orderId, events };
    },
    incident: (orderId: string, workerId: string, at: string) => {
      const incidentId = randomUUID();
      return event('SafetyIncidentRecorded', `incident-${incidentId}`, at, {
        incidentId,
        orderId,
        workerId,
        severity: 'minor',
      });
    },
    complaint: (orderId: string, workerId: string, at: string) => {
      const complaintId = randomUUID();
      return event('ComplaintUpheld', `complaint-${complaintId}`, at, { complaintId, orderId, workerId });
    },
  };
}

/** A Kafka message for an event, with the headers the forwarder sets. */
export const messageOf = (event: EventEnvelope) => ({
  key: event.streamId,
  value: JSON.stringify(event),
  headers: {
    'event-id': event.eventId,
    'event-type': event.type,
    'schema-version': String(event.schemaVersion),
  },
});
