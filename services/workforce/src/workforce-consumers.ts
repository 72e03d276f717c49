import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventCatalog, eventsTopic, type EventEnvelope } from '@platform/contracts';
import {
  BackgroundConsumers,
  EventConsumer,
  KAFKA,
  PLATFORM_ENV,
  type PlatformEnv,
} from '@platform/eventing';
import type { Kafka } from 'kafkajs';
import { WorkforceTables } from './read-models/workforce-tables';
import { Recognition } from './recognition/recognition';
import { RegularWorkers } from './regular-workers/regular-workers';
import { EligibilityTimers } from './worker/eligibility-timers';
import { WorkerCommands } from './worker/worker-commands';
import { WORKFORCE_CONTEXT, WORKFORCE_ENV, type WorkforceEnv } from './workforce.config';
import { businessDay } from '@platform/domain-kit';

/**
 * What the workforce service does with its own events: keep its read models (group
 * `workforce-read-models`) and react (group `workforce-reactions`): eligibility timers, station
 * messages, regular workers of someone who left. Both are idempotent, since delivery is at least once.
 */
@Injectable()
export class WorkforceConsumers implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumers: EventConsumer[] = [];

  constructor(
    @Inject(PLATFORM_ENV) private readonly env: PlatformEnv,
    @Inject(WORKFORCE_ENV) private readonly workforceEnv: WorkforceEnv,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(EventCatalog) private readonly catalog: EventCatalog,
    @Inject(WorkforceTables) private readonly tables: WorkforceTables,
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(EligibilityTimers) private readonly eligibility: EligibilityTimers,
    @Inject(Recognition) private readonly recognition: Recognition,
    @Inject(RegularWorkers) private readonly regulars: RegularWorkers,
    @Inject(BackgroundConsumers) private readonly background: BackgroundConsumers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.workforceEnv.WORKFORCE_ROLES.worker) return;
    const prefix = this.env.KAFKA_TOPIC_PREFIX;
    const consumer = (name: string, handle: (event: EventEnvelope) => Promise<void>) =>
      new EventConsumer({
        kafka: this.kafka,
        groupId: `${prefix}${WORKFORCE_CONTEXT}-${name}`,
        topics: [`${prefix}${eventsTopic(WORKFORCE_CONTEXT)}`],
        catalog: this.catalog,
        sessionTimeoutMs: this.env.KAFKA_SESSION_TIMEOUT_MS,
        partitionsConcurrently: 4,
        handle,
      });
    this.consumers = [
      consumer('read-models', (e) => this.project(e)),
      consumer('reactions', (e) => this.react(e)),
    ];
    for (const c of this.consumers) void this.background.launch(c);
    await this.recognition.scheduleFrom(new Date());
  }

  async project(event: EventEnvelope): Promise<void> {
    if (!event.streamId.startsWith('worker-')) return this.tables.apply(event);
    // The row is the worker as of the latest event: reading the short stream again makes a
    // redelivered or out-of-date event harmless.
    const workerId = event.streamId.slice('worker-'.length);
    const [state, catalogue] = await Promise.all([this.workers.loadAt(workerId), this.workers.catalogue()]);
    if (state.state.status === 'none') return;
    await this.tables.refreshWorker(
      state.state,
      state.position,
      Object.values(catalogue.requirements),
      new Date(),
    );
  }

  async react(event: EventEnvelope): Promise<void> {
    const data = event.data as Record<string, string>;
    switch (event.type) {
      case 'CertificateVerified':
        return this.eligibility.onCertificateVerified(data.workerId!, data.certificateId!);
      case 'ItemRequirementsSet':
        return this.eligibility.onRequirementsChanged(event.eventId);
      case 'WorkerActivated':
        // Staff employed before the day of activation (an import of existing staff) are not new.
        if (data.employedSince! < businessDay(new Date(event.occurredAt))) return;
        return this.recognition.welcome(data.workerId!, new Date(event.occurredAt));
      case 'RegularWorkerNamed':
        await this.recognition.announceRegularWorker(
          event.eventId,
          data.workerId!,
          data.itemCode!,
          new Date(event.occurredAt),
        );
        // The worker may have left between the check and the naming; then the naming is undone.
        return this.regulars.releaseIfLeft(data.customerId!, data.itemCode!, data.workerId!, event.eventId);
      case 'WorkerLeft':
        return this.regulars.releaseAllOf(data.workerId!, event.eventId);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}
