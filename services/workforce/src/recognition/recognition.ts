import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { BusinessUnit } from '@platform/contracts';
import { documentField, DurableTimers, PG_POOL, ReadModels, type Timer } from '@platform/eventing';
import { ChatBot, CommandRunner, FeatureSettings, OnTimer } from '@platform/service-kit';
import type { Pool } from 'pg';
import {
  branchDecider,
  branchStream,
  stationDecider,
  stationStream,
} from '../organisation/organisation.decider';
import { branchDirectory, stationDirectory } from '../read-models/branches/branches.projection';
import { pipelineBoard } from '../read-models/pipeline-board/pipeline-board.projection';
import { ProfileStore } from '../worker/profile-store';
import { WorkerCommands } from '../worker/worker-commands';
import { WORKFORCE_ENV, type WorkforceEnv } from '../workforce.config';
import {
  anniversaryCard,
  anniversaryYears,
  birthdayCard,
  regularWorkerCard,
  welcomeCard,
  fallsOn,
} from './station-cards';
import { businessDay } from '@platform/domain-kit';

export const RECOGNITION_DAY_TIMER = 'recognition-day';
const hour = 3_600_000;
/** The calendar day in China Standard Time. */

/**
 * Recognition at the stations: birthday and work-anniversary reminders to the station leader on
 * the day (a durable timer per day at RECOGNITION_HOUR), a welcome to the station group when a
 * worker becomes active, an announcement when a customer names a regular worker. Each message id
 * derives from what it is about, so no reminder goes out twice. Switched per branch with the
 * `recognition_messages` feature.
 */
@Injectable()
export class Recognition implements OnApplicationBootstrap {
  constructor(
    @Inject(WORKFORCE_ENV) private readonly env: WorkforceEnv,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(ProfileStore) private readonly profiles: ProfileStore,
    @Inject(ChatBot) private readonly chat: ChatBot,
    @Inject(FeatureSettings) private readonly features: FeatureSettings,
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
  ) {}

  /** Where the process runs the timers, the next day's reminders are due (once, whoever starts first). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.env.WORKFORCE_ROLES.worker) await this.scheduleFrom(new Date());
  }

  /** Schedules the reminders of the first day whose reminder hour is after `after`. */
  async scheduleFrom(after: Date): Promise<void> {
    let day = businessDay(after);
    const dueAt = (d: string) =>
      new Date(`${d}T${String(this.env.RECOGNITION_HOUR).padStart(2, '0')}:00:00+08:00`);
    if (dueAt(day) <= after) day = businessDay(new Date(dueAt(day).getTime() + 24 * hour));
    await this.timers.schedule({
      id: `${RECOGNITION_DAY_TIMER}:${day}`,
      kind: RECOGNITION_DAY_TIMER,
      dueAt: dueAt(day),
      payload: { day },
    });
  }

  @OnTimer(RECOGNITION_DAY_TIMER)
  async remind(timer: Timer): Promise<void> {
    const { day } = timer.payload as { day: string };
    await this.sendReminders(day);
    await this.scheduleFrom(new Date(`${day}T23:59:59+08:00`));
  }

  /** Every active worker's birthday and anniversary reminders for `day` (YYYY-MM-DD, Shanghai). */
  async sendReminders(day: string): Promise<number> {
    await this.features.ready();
    await this.profiles.ensure();
    const board = this.readModels.documents(pipelineBoard).table;
    const stations = this.readModels.documents(stationDirectory).table;
    const branches = this.readModels.documents(branchDirectory).table;
    const field = (table: string, name: string) =>
      documentField(name).replace('(document', `(${table}.document`);
    const employedSince = `(w.document#>>'{worker,employedSince}')::date`;
    const { rows } = await this.pool.query(
      `SELECT w.id AS worker_id, ${field('w', 'branchId')} AS branch_id, ${employedSince}::text AS employed_since,
              to_char(p.birthday, 'MM-DD') AS birthday, p.name, s.document#>>'{name,zh}' AS station_name,
              ${field('s', 'leaderId')} AS leader_id, b.document->'businessUnits' AS business_units
       FROM ${board} w
       JOIN ${this.profiles.table} p ON p.worker_id = w.id AND p.erased_at IS NULL
       JOIN ${stations} s ON s.id = ${field('w', 'stationId')}
       JOIN ${branches} b ON b.id = ${field('w', 'branchId')}
       WHERE w.document IS NOT NULL AND s.document IS NOT NULL AND b.document IS NOT NULL
         AND ${field('w', 'status')} = 'active'
         AND (to_char(p.birthday, 'MM-DD') = $1 OR to_char(${employedSince}, 'MM-DD') = $1
              OR ($1 = '02-28' AND (to_char(p.birthday, 'MM-DD') = '02-29' OR to_char(${employedSince}, 'MM-DD') = '02-29')))`,
      [day.slice(5)],
    );
    let sent = 0;
    for (const row of rows) {
      if (!this.enabledIn(row.branch_id, row.business_units)) continue;
      const person = {
        workerId: row.worker_id,
        name: row.name,
        stationName: row.station_name,
        leaderId: row.leader_id,
      };
      if (row.birthday && fallsOn(row.birthday, day)) {
        await this.chat.send(
          `birthday-${row.worker_id}-${day}`,
          birthdayCard(person, this.env.PUBLIC_APP_URL),
        );
        sent++;
      }
      const years = row.employed_since ? anniversaryYears(row.employed_since, day) : 0;
      if (years > 0) {
        await this.chat.send(
          `anniversary-${row.worker_id}-${day}`,
          anniversaryCard(person, years, this.env.PUBLIC_APP_URL),
        );
        sent++;
      }
    }
    return sent;
  }

  /** `at`: when the worker was activated; the station's setting then decides. */
  async welcome(workerId: string, at: Date): Promise<void> {
    const person = await this.person(workerId, at);
    if (!person) return;
    await this.chat.send(`welcome-${workerId}`, welcomeCard(person, person.jobTypes));
  }

  async announceRegularWorker(eventId: string, workerId: string, itemCode: string, at: Date): Promise<void> {
    const person = await this.person(workerId, at);
    if (!person) return;
    await this.chat.send(`regular-worker-${eventId}`, regularWorkerCard(person, itemCode));
  }

  private enabledIn(branchId: string, units: BusinessUnit[], at?: Date): boolean {
    return units.some((unit) => this.features.isEnabled(branchId, unit, 'recognition_messages', at));
  }

  /**
   * From the streams, not the read models, which another consumer group may not have caught up
   * with yet when this reaction runs.
   */
  private async person(workerId: string, at: Date) {
    const state = await this.workers.load(workerId);
    if (state.status === 'none') return null;
    const [station, branch] = await Promise.all([
      this.commands.load(stationDecider, stationStream(state.worker.stationId)),
      this.commands.load(branchDecider, branchStream(state.worker.branchId)),
    ]);
    if (station.status === 'none' || branch.status === 'none') return null;
    await this.features.ready();
    if (!this.enabledIn(state.worker.branchId, branch.branch.businessUnits, at)) return null;
    const profile = (await this.profiles.find([workerId])).get(workerId);
    return {
      workerId,
      name: profile?.name ?? workerId,
      stationName: station.station.name.zh,
      jobTypes: state.worker.application.jobTypes,
    };
  }
}
