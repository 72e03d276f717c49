import { Inject, Injectable } from '@nestjs/common';
import type { BusinessUnit } from '@platform/contracts';
import { DurableTimers, PG_POOL, type Timer } from '@platform/eventing';
import { ChatBot, CommandRunner, FeatureSettings } from '@platform/service-kit';
import type { Pool } from 'pg';
import {
  branchDecider,
  branchStream,
  stationDecider,
  stationStream,
} from '../organisation/organisation.decider';
import { WorkforceTables } from '../read-models/workforce-tables';
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
export class Recognition {
  constructor(
    @Inject(WORKFORCE_ENV) private readonly env: WorkforceEnv,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(WorkforceTables) private readonly tables: WorkforceTables,
    @Inject(ProfileStore) private readonly profiles: ProfileStore,
    @Inject(ChatBot) private readonly chat: ChatBot,
    @Inject(FeatureSettings) private readonly features: FeatureSettings,
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
  ) {}

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

  readonly remind = async (timer: Timer): Promise<void> => {
    const { day } = timer.payload as { day: string };
    await this.sendReminders(day);
    await this.scheduleFrom(new Date(`${day}T23:59:59+08:00`));
  };

  /** Every active worker's birthday and anniversary reminders for `day` (YYYY-MM-DD, Shanghai). */
  async sendReminders(day: string): Promise<number> {
    await Promise.all([this.tables.ensure(), this.features.ready()]);
    await this.profiles.ensure();
    const { rows } = await this.pool.query(
      `SELECT w.worker_id, w.branch_id, w.employed_since::text AS employed_since,
              to_char(p.birthday, 'MM-DD') AS birthday, p.name, s.name_zh AS station_name, s.leader_id,
              b.business_units
       FROM ${this.tables.workers} w
       JOIN ${this.profiles.table} p ON p.worker_id = w.worker_id AND p.erased_at IS NULL
       JOIN ${this.tables.stations} s ON s.station_id = w.station_id
       JOIN ${this.tables.branches} b ON b.branch_id = w.branch_id
       WHERE w.status = 'active'
         AND (to_char(p.birthday, 'MM-DD') = $1 OR to_char(w.employed_since, 'MM-DD') = $1
              OR ($1 = '02-28' AND (to_char(p.birthday, 'MM-DD') = '02-29' OR to_char(w.employed_since, 'MM-DD') = '02-29')))`,
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
