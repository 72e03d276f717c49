import { Controller, Get, HttpException, Inject, Optional } from '@nestjs/common';
import { BackgroundConsumers, MONGO_CONNECTION, PG_POOL } from '@platform/eventing';
import type { Connection } from 'mongoose';
import type { Pool } from 'pg';

/** A service's own readiness conditions (e.g. an in-memory view loaded), beside the databases. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export type ReadinessCheck = { name: string; check: () => Promise<unknown> };

/**
 * Liveness and readiness for Kubernetes probes and the gateway; no authentication. Ready means the
 * service can take commands: its stores answer (and its own checks pass). The Kafka consumers are
 * not waited for (they start in the background and catch up behind); the answer says where each is.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(MONGO_CONNECTION) private readonly mongo: Connection,
    @Optional() @Inject(READINESS_CHECKS) private readonly own: ReadinessCheck[] = [],
    @Optional() @Inject(BackgroundConsumers) private readonly consumers?: BackgroundConsumers,
  ) {}

  @Get('healthz')
  live() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready() {
    const named = [
      { name: 'postgres', check: () => this.pool.query('SELECT 1') },
      { name: 'mongodb', check: () => this.mongo.db!.admin().ping() },
      ...(this.own ?? []),
    ];
    const checks = await Promise.allSettled(named.map((c) => c.check()));
    const failed = named.filter((_, i) => checks[i]!.status === 'rejected').map((c) => c.name);
    const consumers = this.consumers?.states() ?? {};
    if (failed.length > 0) throw new HttpException({ status: 'not ready', failed, consumers }, 503);
    return { status: 'ready', consumers };
  }
}
