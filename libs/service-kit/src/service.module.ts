import { Module, type DynamicModule, type ForwardReference, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import { loadTokenConfig, type TokenConfig } from '@platform/auth';
import { EventingModule, type EventingModuleOptions } from '@platform/eventing';
import type { Caller } from './caller';
import { CHAT_BOT_CONFIG, ChatBot, type ChatBotConfig } from './chat-bot';
import { CommandRunner } from './command-runner';
import { DateTimeScalar } from './date-time.scalar';
import { ExpectedErrorsFilter } from './expected-errors.filter';
import { FeatureSettings } from './feature-settings';
import { federatedGraphQL } from './federated-graphql';
import { HealthController } from './health.controller';
import { timerProviders } from './on-timer';
import { join } from 'node:path';

export interface ServiceModuleOptions extends Omit<EventingModuleOptions, 'timers'> {
  /** The service's name in its logs and errors, e.g. `orders` (usually its context). */
  service: string;
  /**
   * Whether this process runs the background work: consumers, durable timers and (unless
   * `forward` says otherwise) the forwarder. Default true; a process that only serves the API sets false.
   */
  consume?: boolean;
  graphql: {
    /** The service's `.graphql` files, as globs (every one under its `src`), beside the kit's (`KIT_GRAPHQL`). */
    typePaths: string[];
    /** The per-request context beside the caller (data loaders); default `{ caller }`. */
    perRequest?: (caller: Caller) => { caller: Caller };
    /** Default: the platform's token settings from the environment (`loadTokenConfig`). */
    tokens?: TokenConfig;
  };
  /** The chat bot (Lark/Feishu cards; unset webhookUrl switches messages off); none when omitted. */
  chatBot?: ChatBotConfig;
  /** How often an idle timer scheduler looks for due timers (default: DurableTimers' own). */
  timerPollMs?: number;
  imports?: (Type | DynamicModule | Promise<DynamicModule> | ForwardReference)[];
  controllers?: Type[];
  providers?: Provider[];
  /** What the service's feature modules (in `imports`) may inject, beside the kit's own providers. */
  exports?: (string | symbol | Type | Provider)[];
}

/** The SDL every subgraph shares (DateTime, PageInput), served beside the service's own. */
export const KIT_GRAPHQL = join(__dirname, 'kit.graphql');

/** What every service's modules may inject from the kit. */
const kitProviders = [CommandRunner, FeatureSettings, DateTimeScalar];

/**
 * One service, whole: the platform (EventingModule: stores, catalogue, Kafka, forwarder, consumers
 * and read models), its federated subgraph, health and readiness, the error filter, the kit's
 * providers (CommandRunner, FeatureSettings, DateTimeScalar, ChatBot) and durable timers whose
 * handlers are methods marked `@OnTimer(kind)` on the service's providers. The service adds its
 * own controllers, providers and feature modules; those modules see the kit's providers and
 * `exports`.
 */
@Module({})
export class ServiceModule {
  static forRoot(options: ServiceModuleOptions): DynamicModule {
    const {
      service,
      graphql,
      chatBot,
      timerPollMs,
      imports = [],
      controllers = [],
      providers = [],
      // Not `exports`: CommonJS output reads this module's own exports through that name.
      exports: exported = [],
      ...eventing
    } = options;
    const consume = eventing.consume ?? true;
    const chat: Provider[] = chatBot ? [{ provide: CHAT_BOT_CONFIG, useValue: chatBot }, ChatBot] : [];
    return {
      module: ServiceModule,
      global: true,
      imports: [
        EventingModule.forRoot({ ...eventing, consume, forward: eventing.forward ?? consume }),
        DiscoveryModule,
        federatedGraphQL({
          service,
          typePaths: [KIT_GRAPHQL, ...graphql.typePaths],
          tokens: graphql.tokens ?? loadTokenConfig(),
          perRequest: graphql.perRequest ?? ((caller) => ({ caller })),
        }),
        ...imports,
      ],
      controllers: [HealthController, ...controllers],
      providers: [
        { provide: APP_FILTER, useClass: ExpectedErrorsFilter },
        ...kitProviders,
        ...chat,
        ...timerProviders({ run: consume, ...(timerPollMs === undefined ? {} : { pollMs: timerPollMs }) }),
        ...providers,
      ],
      exports: [...kitProviders, ...(chatBot ? [ChatBot] : []), ...exported],
    };
  }
}
