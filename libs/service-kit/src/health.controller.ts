import { Controller, Get, HttpException, Inject, Optional } from '@nestjs/common';
import { MONGO_CONNECTION, PG_POOL } from '@platform/eventing';
import type { Connection } from 'mongoose';
import type { Pool } from 'pg';

/** A service's own readiness conditions (e.g. an in-memory view loaded), beside the databases. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export type ReadinessCheck = { name: string; check: () => Promise<unknown> };

/** Liveness and readiness for Kubernetes probes and the gateway; no authentication. */
@Controller()
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(MONGO_CONNECTION) private readonly mongo: Connection,
    @Optional() @Inject(READINESS_CHECKS) private readonly own: ReadinessCheck[] = [],
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
    if (failed.length > 0) throw new HttpException({ status: 'not ready', failed }, 503);
    return { status: 'ready' };
  }
}
