import { GraphQLTypesLoader } from '@nestjs/graphql';
import { KIT_GRAPHQL } from '@platform/service-kit';
import { join } from 'node:path';
import { composeAvailable, type SubgraphSdl } from './supergraph';

const root = join(__dirname, '..', '..');
/**
 * A service's schema as it serves it: the kit's types (ServiceModule serves them) and every .graphql
 * file under its src (its `**\/*.graphql` type paths), merged as NestJS merges them, so a use
 * case's file may extend Query or Mutation.
 */
const subgraph = async (name: string): Promise<SubgraphSdl> => {
  const merged = await new GraphQLTypesLoader().mergeTypesByPaths([
    KIT_GRAPHQL,
    join(root, 'services', name, 'src', '**/*.graphql'),
  ]);
  return { name, url: `http://${name}/graphql`, sdl: merged };
};

/** The subgraphs that declare `Worker`, and how: only workforce's may resolve it (no `resolvable: false`). */
const workerJoins = (sdl: string) =>
  [...(/type Worker\s([^{]*)\{/.exec(sdl)?.[1] ?? '').matchAll(/@join__type\(graph: ([^)]*)\)/g)].map(
    (m) => m[1],
  );

describe('the one graph of the services as they are', () => {
  let state: ReturnType<typeof composeAvailable>;
  beforeAll(async () => {
    state = composeAvailable(
      await Promise.all([subgraph('orders'), subgraph('workforce'), subgraph('dispatch')]),
      { supergraphSdl: undefined, composed: [], missing: [] },
    );
  });

  it('composes orders, workforce and dispatch into one supergraph', () => {
    expect(state.missing).toEqual([]);
    expect(state.composed).toEqual(['orders', 'workforce', 'dispatch']);
  });

  it("resolves the worker dispatch names in workforce, so that a dispatcher's board shows who, not an id", () => {
    const sdl = state.supergraphSdl!;
    expect(workerJoins(sdl)).toEqual(
      expect.arrayContaining(['DISPATCH, key: "id", resolvable: false', 'WORKFORCE, key: "id"']),
    );
    for (const type of ['Offer', 'BoardOrder', 'OrderDispatch', 'WhyThisWorker', 'RankedWorker'])
      expect(sdl).toMatch(new RegExp(`type ${type}[^{]*\\{[^}]*\\bworker: Worker\\b`));
  });

  it("resolves the worker orders names in workforce too: an order's worker and its timeline's", () => {
    const sdl = state.supergraphSdl!;
    expect(workerJoins(sdl)).toEqual(
      expect.arrayContaining(['ORDERS, key: "id", resolvable: false', 'WORKFORCE, key: "id"']),
    );
    for (const type of ['Order', 'TimelineEntry'])
      expect(sdl).toMatch(new RegExp(`type ${type}[^{]*\\{[^}]*\\bworker: Worker\\b`));
  });
});
