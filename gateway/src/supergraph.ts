import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import type { Logger } from '@graphql-hive/gateway-runtime';
import type { SubgraphEndpoint } from './config';

/** A configured subgraph that is not in the supergraph being served, and why. */
export interface MissingSubgraph {
  name: string;
  reason: string;
}

export interface SupergraphState {
  /** Undefined until at least one subgraph has answered and composed. */
  supergraphSdl: string | undefined;
  composed: string[];
  missing: MissingSubgraph[];
}

export type SubgraphSdl =
  { name: string; url: string; sdl: string } | { name: string; url: string; unreachable: string };

/**
 * Composes what answered. Subgraphs that never answered are left out, so the gateway serves the
 * rest of the graph while a service is still starting. If what answered does not compose, the
 * previous supergraph stays in service and the composition errors are the reason given.
 */
export function composeAvailable(fetched: SubgraphSdl[], previous: SupergraphState): SupergraphState {
  const answered = fetched.filter((s): s is Extract<SubgraphSdl, { sdl: string }> => 'sdl' in s);
  const unreachable = fetched
    .filter((s): s is Extract<SubgraphSdl, { unreachable: string }> => 'unreachable' in s)
    .map((s) => ({ name: s.name, reason: s.unreachable }));
  if (answered.length === 0)
    return { ...previous, missing: missingFrom(fetched, previous.composed, unreachable) };

  let result;
  try {
    result = composeServices(answered.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  } catch (error) {
    result = { errors: [error instanceof Error ? error : new Error(String(error))] };
  }
  if (result.errors) {
    const reason = `does not compose: ${result.errors.map((e) => e.message).join('; ')}`;
    const notComposed = answered.map((s) => ({ name: s.name, reason }));
    return {
      ...previous,
      missing: missingFrom(fetched, previous.composed, [...unreachable, ...notComposed]),
    };
  }
  const composed = answered.map((s) => s.name);
  return {
    supergraphSdl: result.supergraphSdl,
    composed,
    missing: missingFrom(fetched, composed, unreachable),
  };
}

function missingFrom(
  configured: SubgraphSdl[],
  composed: string[],
  reasons: MissingSubgraph[],
): MissingSubgraph[] {
  return configured
    .filter((s) => !composed.includes(s.name))
    .map((s) => reasons.find((r) => r.name === s.name) ?? { name: s.name, reason: 'not composed yet' });
}

const SDL_QUERY = JSON.stringify({ query: '{ _service { sdl } }' });

/** Asks a subgraph for its Federation SDL; never throws, an unreachable subgraph is a normal state. */
export async function fetchSubgraphSdl(subgraph: SubgraphEndpoint, timeoutMs: number): Promise<SubgraphSdl> {
  const unreachable = (why: string): SubgraphSdl => ({
    ...subgraph,
    unreachable: `subgraph ${subgraph.name} is not reachable yet (${why})`,
  });
  try {
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: SDL_QUERY,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok)
      return unreachable(`${subgraph.url} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    const body = JSON.parse(text) as {
      data?: { _service?: { sdl?: unknown } };
      errors?: { message: string }[];
    };
    const sdl = body.data?._service?.sdl;
    if (typeof sdl !== 'string') {
      const why = body.errors?.map((e) => e.message).join('; ') ?? 'no _service.sdl in the answer';
      return unreachable(`${subgraph.url} is not a federation subgraph: ${why}`);
    }
    return { ...subgraph, sdl };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    return unreachable(
      `${subgraph.url}: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
    );
  }
}

export interface SupergraphPollerOptions {
  subgraphs: SubgraphEndpoint[];
  pollMs: number;
  log: Logger;
  /** Called after each poll whose supergraph differs from the one before; must not throw. */
  onChange: (state: SupergraphState) => Promise<void>;
}

/**
 * Re-fetches every subgraph's SDL on a timer and recomposes, so subgraphs may start in any order
 * and the gateway recovers without a restart. A subgraph that answered once and then stops
 * answering (a rolling restart) keeps its last composed SDL: its fields stay in the graph and fail
 * per request until it is back, instead of the whole schema changing under every client.
 */
export class SupergraphPoller {
  private state: SupergraphState;
  private readonly lastComposedSdl = new Map<string, string>();
  /** Subgraphs served from their last composed SDL because they did not answer the last poll, and why. */
  private readonly silent = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: SupergraphPollerOptions) {
    this.state = {
      supergraphSdl: undefined,
      composed: [],
      missing: options.subgraphs.map((s) => ({
        name: s.name,
        reason: `subgraph ${s.name} has not been asked yet`,
      })),
    };
  }

  current(): SupergraphState {
    return this.state;
  }

  /** Subgraphs still in the supergraph that did not answer the last poll: requests to them fail. */
  unanswered(): MissingSubgraph[] {
    return [...this.silent].map(([name, reason]) => ({ name, reason }));
  }

  /** Runs the first poll and schedules the next ones; resolves when the first poll is done. */
  start(): Promise<void> {
    return this.pollAndReschedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private pollAndReschedule(): Promise<void> {
    this.inFlight = this.poll().finally(() => {
      if (!this.stopped) this.timer = setTimeout(() => void this.pollAndReschedule(), this.options.pollMs);
    });
    return this.inFlight;
  }

  private async poll(): Promise<void> {
    const timeoutMs = Math.min(this.options.pollMs, 3000);
    const fetched = await Promise.all(this.options.subgraphs.map((s) => fetchSubgraphSdl(s, timeoutMs)));
    const next = composeAvailable(
      fetched.map((s) => this.withLastComposedSdl(s)),
      this.state,
    );
    for (const name of next.composed) {
      const sdl = fetched.find((s) => s.name === name && 'sdl' in s);
      if (sdl && 'sdl' in sdl) this.lastComposedSdl.set(name, sdl.sdl);
    }
    const changed = next.supergraphSdl !== this.state.supergraphSdl;
    this.state = next;
    if (changed) await this.options.onChange(next);
  }

  private withLastComposedSdl(fetched: SubgraphSdl): SubgraphSdl {
    const known = this.lastComposedSdl.get(fetched.name);
    if ('sdl' in fetched || known === undefined) {
      if (this.silent.delete(fetched.name)) this.options.log.info(`subgraph ${fetched.name} answers again`);
      return fetched;
    }
    if (!this.silent.has(fetched.name))
      this.options.log.warn(`${fetched.unreachable}; serving its last composed schema until it is back`);
    this.silent.set(fetched.name, fetched.unreachable);
    return { name: fetched.name, url: fetched.url, sdl: known };
  }
}
