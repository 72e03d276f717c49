import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeAvailable, type SubgraphSdl } from './supergraph';

const root = join(__dirname, '..', '..');
/** A service's schema as it serves it: every .graphql file of the service, in one document. */
const subgraph = (name: string, files: string[]): SubgraphSdl => ({
  name,
  url: `http://${name}/graphql`,
  sdl: files.map((file) => readFileSync(join(root, 'services', name, 'src', file), 'utf8')).join('\n'),
});

describe('the one graph of the services as they are', () => {
  const state = composeAvailable(
    [
      subgraph('orders', ['graphql/orders.graphql']),
      subgraph('workforce', [
        'graphql/workforce.graphql',
        'import/staff-import.graphql',
        'leaderboard/leaderboard.graphql',
      ]),
      subgraph('dispatch', ['graphql/dispatch.graphql']),
    ],
    { supergraphSdl: undefined, composed: [], missing: [] },
  );

  it('composes orders, workforce and dispatch into one supergraph', () => {
    expect(state.missing).toEqual([]);
    expect(state.composed).toEqual(['orders', 'workforce', 'dispatch']);
  });

  it("resolves the worker dispatch names in workforce, so that a dispatcher's board shows who, not an id", () => {
    const sdl = state.supergraphSdl!;
    expect(sdl).toMatch(
      /type Worker\s+@join__type\(graph: DISPATCH, key: "id", resolvable: false\)\s+@join__type\(graph: WORKFORCE, key: "id"\)/,
    );
    for (const type of ['Offer', 'BoardOrder', 'OrderDispatch', 'WhyThisWorker', 'RankedWorker'])
      expect(sdl).toMatch(new RegExp(`type ${type}[^{]*\\{[^}]*\\bworker: Worker\\b`));
  });
});
