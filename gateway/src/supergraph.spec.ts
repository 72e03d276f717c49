import { dispatchTypeDefs, ordersTypeDefs } from '../test/fixture-subgraphs';
import { print } from 'graphql';
import { composeAvailable, type SubgraphSdl, type SupergraphState } from './supergraph';

const nothingYet: SupergraphState = { supergraphSdl: undefined, composed: [], missing: [] };
const orders: SubgraphSdl = { name: 'orders', url: 'http://orders/graphql', sdl: print(ordersTypeDefs) };
const dispatch: SubgraphSdl = {
  name: 'dispatch',
  url: 'http://dispatch/graphql',
  sdl: print(dispatchTypeDefs),
};
const dispatchDown: SubgraphSdl = {
  name: 'dispatch',
  url: 'http://dispatch/graphql',
  unreachable: 'subgraph dispatch is not reachable yet (ECONNREFUSED)',
};

describe('composing the subgraphs that answered', () => {
  test('two subgraphs sharing Order by its key compose into one supergraph', () => {
    const state = composeAvailable([orders, dispatch], nothingYet);

    expect(state.composed).toEqual(['orders', 'dispatch']);
    expect(state.missing).toEqual([]);
    expect(state.supergraphSdl).toMatch(
      /type Order\s+@join__type\(graph: DISPATCH, key: "id"\)\s+@join__type\(graph: ORDERS, key: "id"\)/,
    );
  });

  test('a subgraph that does not answer is left out and named with the reason', () => {
    const state = composeAvailable([orders, dispatchDown], nothingYet);

    expect(state.composed).toEqual(['orders']);
    expect(state.missing).toEqual([
      { name: 'dispatch', reason: 'subgraph dispatch is not reachable yet (ECONNREFUSED)' },
    ]);
    expect(state.supergraphSdl).not.toContain('assignedWorker');
  });

  test('with nothing answering there is no supergraph, and every subgraph is named', () => {
    const ordersDown: SubgraphSdl = {
      name: 'orders',
      url: 'http://orders/graphql',
      unreachable: 'subgraph orders is not reachable yet',
    };

    expect(composeAvailable([ordersDown], nothingYet)).toEqual({
      supergraphSdl: undefined,
      composed: [],
      missing: [{ name: 'orders', reason: 'subgraph orders is not reachable yet' }],
    });
  });

  test('subgraphs that do not compose keep the previous supergraph in service and say why', () => {
    const served = composeAvailable([orders], nothingYet);
    const clashing: SubgraphSdl = {
      name: 'dispatch',
      url: 'http://dispatch/graphql',
      sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"]) type Order @key(fields: "id") { id: ID! status: Int! }',
    };

    const state = composeAvailable([orders, clashing], served);

    expect(state.supergraphSdl).toBe(served.supergraphSdl);
    expect(state.composed).toEqual(['orders']);
    expect(state.missing).toEqual([
      { name: 'dispatch', reason: expect.stringMatching(/^does not compose: .*Order\.status/) },
    ]);
  });
});
