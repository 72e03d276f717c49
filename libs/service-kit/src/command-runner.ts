import { Inject, Injectable } from '@nestjs/common';
import { EventCatalog } from '@platform/contracts';
import {
  EVENT_STORE,
  fold,
  handleCommand,
  type CommandMetadata,
  type CommandOutcome,
  type Decider,
  type DomainEvent,
  type EventStore,
} from '@platform/eventing';

/** Runs commands against this service's event store: load, decide, append (see handleCommand). */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EventCatalog) private readonly catalog: EventCatalog,
  ) {}

  run<C, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    streamId: string,
    command: C,
    meta: CommandMetadata,
  ): Promise<CommandOutcome> {
    return handleCommand({ store: this.store, catalog: this.catalog, decider }, streamId, command, meta);
  }

  /** The current state of one aggregate, for lookups that feed another decision. */
  async load<S, E extends DomainEvent>(
    decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>,
    streamId: string,
  ): Promise<S> {
    return (await this.loadVersioned(decider, streamId)).state;
  }

  /** The state and the stream position of its latest event (-1 for no stream), for read models. */
  async loadVersioned<S, E extends DomainEvent>(
    decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>,
    streamId: string,
  ): Promise<{ state: S; position: number }> {
    const history = await this.store.readStream(streamId);
    const state = fold(
      decider,
      history.map((recorded) => this.catalog.read(recorded) as unknown as E),
    );
    return { state, position: history.length - 1 };
  }
}
