import {
  Inject,
  Injectable,
  Optional,
  SetMetadata,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { DurableTimers, type TimerHandler } from '@platform/eventing';
import { CHAT_MESSAGE_TIMER, ChatBot } from './chat-bot';

/** A timer to schedule: `id` makes scheduling it twice keep one. */
export type TimerSchedule = Parameters<DurableTimers['schedule']>[0];

export interface OnTimerOptions {
  /**
   * A recurring timer (a sweep): the timer `next(now)` is scheduled when the scheduler starts and
   * again after each run, so there is always one ahead whoever restarted when.
   */
  next?: (now: Date) => TimerSchedule;
}

const ON_TIMER = Symbol('ON_TIMER');
type Declared = OnTimerOptions & { kind: string };

/**
 * Declares the method that handles the durable timers of `kind`, on any provider of the service
 * (`ServiceModule` finds it). Handlers run at least once per timer, so they must be idempotent.
 */
export const OnTimer =
  (kind: string, options: OnTimerOptions = {}) =>
  <H extends TimerHandler>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ): void => {
    SetMetadata<symbol, Declared>(ON_TIMER, { kind, ...options })(target, key, descriptor);
  };

/** `ServiceModule`'s own settings of the scheduler. */
export const TIMER_SETTINGS = Symbol('TIMER_SETTINGS');
export interface TimerSettings {
  /** Whether this process runs background work (`consume`): only then does it fire timers. */
  run: boolean;
  /** How often the scheduler looks for due timers when idle. */
  pollMs?: number;
}

/**
 * Starts the durable timers with every `@OnTimer` handler of the service's providers and
 * controllers (and the chat bot's deliveries), and schedules the recurring ones. EventingModule's
 * shutdown stops the scheduler (timers before the forwarder and the stores).
 */
@Injectable()
export class TimerScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(TIMER_SETTINGS) private readonly settings: TimerSettings,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Optional() @Inject(ChatBot) private readonly chat?: ChatBot,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.run) return;
    const declared = this.declared();
    const handlers: Record<string, TimerHandler> = {};
    for (const { kind, handler } of declared) {
      if (handlers[kind]) throw new Error(`two handlers for timers of kind "${kind}"`);
      handlers[kind] = handler;
    }
    if (declared.length === 0) return;
    this.timers.start(handlers, this.settings.pollMs === undefined ? {} : { pollMs: this.settings.pollMs });
    for (const { next } of declared) if (next) await this.timers.schedule(next(new Date()));
  }

  private declared(): { kind: string; handler: TimerHandler; next?: OnTimerOptions['next'] }[] {
    const found: { kind: string; handler: TimerHandler; next?: OnTimerOptions['next'] }[] = [];
    if (this.chat) found.push({ kind: CHAT_MESSAGE_TIMER, handler: this.chat.deliver });
    const seen = new Set<object>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      // Request-scoped and not-yet-built providers have no single instance to call; an alias
      // (useExisting) is the same instance under a second token.
      if (
        !instance ||
        typeof instance !== 'object' ||
        !wrapper.isDependencyTreeStatic() ||
        seen.has(instance)
      )
        continue;
      seen.add(instance);
      for (const name of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const method = instance[name] as TimerHandler;
        const options = Reflect.getMetadata(ON_TIMER, method) as Declared | undefined;
        if (!options) continue;
        const { kind, next } = options;
        found.push({
          kind,
          next,
          handler: async (timer, context) => {
            await method.call(instance, timer, context);
            if (next) await this.timers.schedule(next(new Date()));
          },
        });
      }
    }
    return found;
  }
}

export const timerProviders = (settings: TimerSettings): Provider[] => [
  { provide: TIMER_SETTINGS, useValue: settings },
  TimerScheduler,
];
