import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import { MONGO_CONNECTION, PG_POOL } from '@platform/eventing';
import type { Connection } from 'mongoose';
import type { Pool } from 'pg';

/** Liveness and readiness for Kubernetes probes and the gateway; no authentication. */
@Controller()
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(MONGO_CONNECTION) private readonly mongo: Connection,
  ) {}

  @Get('healthz')
  live() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready() {
    const checks = await Promise.allSettled([this.pool.query('SELECT 1'), this.mongo.db!.admin().ping()]);
    const failed = ['postgres', 'mongodb'].filter((_, i) => checks[i]!.status === 'rejected');
    if (failed.length > 0) throw new HttpException({ status: 'not ready', failed }, 503);
    return { status: 'ready' };
  }
}
