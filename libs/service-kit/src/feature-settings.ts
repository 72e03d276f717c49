import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  EventCatalog,
  eventsTopic,
  featureSettingsEvents,
  type BusinessUnit,
  type EventData,
  type Feature,
  type FeatureSwitched,
} from '@platform/contracts';
import {
  BackgroundConsumers,
  CatchUp,
  ensureTopics,
  EventConsumer,
  KAFKA,
  PLATFORM_ENV,
  type PlatformEnv,
} from '@platform/eventing';
import type { Kafka } from 'kafkajs';

export type Switch = Pick<
  EventData<typeof FeatureSwitched>,
  'branchId' | 'businessUnit' | 'feature' | 'enabled'
>;
export type EffectiveSetting = { enabled: boolean; source: 'business_unit' | 'branch' | 'default' };

/** A new feature is off until an admin switches it on for a branch (it goes live city by city). */
export const FEATURE_DEFAULT = false;

const key = (branchId: string, unit: string, feature: string) => `${branchId}/${unit}/${feature}`;

/**
 * The effective setting: the switch for the branch's business unit if there is one, else the
 * branch-wide switch ('all'), else the default.
 */
export function effectiveSetting(
  switches: ReadonlyMap<string, boolean>,
  branchId: string,
  businessUnit: BusinessUnit,
  feature: Feature,
): EffectiveSetting {
  const unit = switches.get(key(branchId, businessUnit, feature));
  if (unit !== undefined) return { enabled: unit, source: 'business_unit' };
  const branch = switches.get(key(branchId, 'all', feature));
  if (branch !== undefined) return { enabled: branch, source: 'branch' };
  return { enabled: FEATURE_DEFAULT, source: 'default' };
}

export const applySwitch = (switches: Map<string, boolean>, change: Switch) =>
  switches.set(key(change.branchId, change.businessUnit, change.feature), change.enabled);

/**
 * Every switch with the time it was made, so a reaction that runs late decides on the setting as
 * it was when its event happened (a welcome for a worker activated while messages were off stays
 * unsent, even if they were switched on a moment later).
 */
export class SwitchHistory {
  private readonly entries: { at: number; change: Switch }[] = [];
  readonly latest = new Map<string, boolean>();

  record(change: Switch, occurredAt: string): void {
    this.entries.push({ at: Date.parse(occurredAt), change });
    applySwitch(this.latest, change);
  }

  /** Whether this very switch, made at `occurredAt`, has been read. */
  holds(change: Switch, occurredAt: string): boolean {
    const at = Date.parse(occurredAt);
    const wanted = key(change.branchId, change.businessUnit, change.feature);
    return this.entries.some(
      (e) =>
        e.at === at &&
        e.change.enabled === change.enabled &&
        key(e.change.branchId, e.change.businessUnit, e.change.feature) === wanted,
    );
  }

  asOf(at: Date): Map<string, boolean> {
    const switches = new Map<string, boolean>();
    for (const entry of this.entries) if (entry.at <= at.getTime()) applySwitch(switches, entry.change);
    return switches;
  }
}

/**
 * Any service's view of the per-branch feature settings, fed by workforce's FeatureSwitched events:
 * each process reads the topic from the beginning under a consumer group of its own (the switches
 * are few; the group is deleted when the process stops), so a change takes effect everywhere
 * within moments and without a restart.
 */
@Injectable()
export class FeatureSettings implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly history = new SwitchHistory();
  private consumer?: EventConsumer;
  private readonly catchUp = new CatchUp();

  constructor(
    @Inject(PLATFORM_ENV) private readonly env: PlatformEnv,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(BackgroundConsumers) private readonly background: BackgroundConsumers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.env.KAFKA_TOPIC_PREFIX;
    const topic = `${prefix}${eventsTopic('workforce')}`;
    this.consumer = new EventConsumer({
      kafka: this.kafka,
      groupId: `${prefix}feature-settings`,
      privateGroup: true,
      topics: [topic],
      // Only FeatureSwitched is read; the topic's other events are skipped as unknown.
      catalog: new EventCatalog(featureSettingsEvents),
      fromBeginning: true,
      sessionTimeoutMs: this.env.KAFKA_SESSION_TIMEOUT_MS,
      handle: async (event) => {
        if (event.type === 'FeatureSwitched') this.history.record(event.data as Switch, event.occurredAt);
      },
      progress: (position) => this.catchUp.advance(position),
    });
    // What existed at start-up is noted now; the group is joined in the background (see `ready`).
    await ensureTopics(this.kafka, [topic]);
    await this.catchUp.takeStartupEnds(this.kafka, [topic]);
    void this.background.launch(this.consumer);
  }

  /**
   * Resolves once every switch made before this process started has been read: until then a
   * setting could read as off only because it is not loaded yet. Callers that act on a setting
   * (and would skip something for good) wait for it; it fails after `timeoutMs` so they retry.
   */
  ready(timeoutMs = 30_000): Promise<void> {
    return this.catchUp.ready(timeoutMs, 'feature settings');
  }

  /** The setting now, or as it was at `at` (for a reaction to something that happened then). */
  setting(branchId: string, businessUnit: BusinessUnit, feature: Feature, at?: Date): EffectiveSetting {
    const switches = at ? this.history.asOf(at) : this.history.latest;
    return effectiveSetting(switches, branchId, businessUnit, feature);
  }

  /**
   * Whether this process has read a switch another consumer group just met: a reaction to the
   * switch waits for it (each group reads the topic at its own pace).
   */
  hasRead(change: Switch, occurredAt: string): boolean {
    return this.history.holds(change, occurredAt);
  }

  isEnabled(branchId: string, businessUnit: BusinessUnit, feature: Feature, at?: Date): boolean {
    return this.setting(branchId, businessUnit, feature, at).enabled;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
