import { subgraphFromFiles as subgraph } from './schema-files';
import { composeAvailable } from './supergraph';

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
