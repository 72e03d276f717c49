import { buildSchema, GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { loadListenHost } from './listen-host';
import {
  aliasLimitRule,
  costLimitRule,
  depthLimitRule,
  EdgeSettingsError,
  limitedParseOptions,
  LARGEST_PAGE,
  loadOperationLimits,
  withoutSuggestions,
} from './operation-limits';

const schema = buildSchema(`
  type Order { id: ID!, status: String, followUpOf: Order, worker: Worker, history: [Event!]! }
  type Worker { id: ID!, name: String, skills: [String!]! }
  type Event { what: String, by: Worker }
  type Board { total: Int!, items: [Order!]! }
  input PageInput { offset: Int = 0, limit: Int = 20 }
  type Query {
    order(id: ID!): Order
    orderBoard(page: PageInput): Board!
    workers(limit: Int = 50): [Worker!]!
    recent(first: Int): [Order!]!
    shifts: [[Worker!]!]!
  }
`);
const errorsOf = (query: string, rule: Parameters<typeof validate>[2] & object) =>
  validate(schema, parse(query), rule);
const depthErrors = (query: string, maxDepth: number) => errorsOf(query, [depthLimitRule(maxDepth)]);

describe('the depth limit', () => {
  test('counts nested fields: an order, its worker and the name are three levels', () => {
    expect(depthErrors('{ order(id: "1") { worker { name } } }', 3)).toEqual([]);
    expect(depthErrors('{ order(id: "1") { worker { name } } }', 2).map((e) => e.extensions)).toEqual([
      { code: 'DEPTH_LIMIT_EXCEEDED', depth: 3, maxDepth: 2 },
    ]);
  });

  test('counts fragments where they are spread, inline or named', () => {
    const query = `
      query History { order(id: "1") { ...Earlier } }
      fragment Earlier on Order { followUpOf { ... on Order { followUpOf { id } } } }`;

    expect(depthErrors(query, 4)).toEqual([]);
    expect(depthErrors(query, 3)[0]?.message).toBe(
      'Operation "History" is 4 levels deep; the limit is 3. Ask for fewer nested fields, or split it into several operations.',
    );
  });

  test('does not count introspection, so an explorer can load the schema', () => {
    expect(
      depthErrors('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }', 2),
    ).toEqual([]);
  });

  test('a fragment cycle is reported by graphql-js, not looped over', () => {
    const cycle = '{ order(id: "1") { ...A } } fragment A on Order { followUpOf { ...A } }';

    const errors = validate(schema, parse(cycle), [...specifiedRules, depthLimitRule(10)]);

    expect(errors.map((e) => e.message)).toEqual(['Cannot spread fragment "A" within itself.']);
  });

  test('fragments spread into each other many times over are measured once each, not once per path', () => {
    // 2^40 paths if each spread were walked again: the check would never end.
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Order { followUpOf { ...F${i + 1} } worker { id } ...F${i + 1} }`,
    ).join('\n');
    const query = `{ order(id: "1") { ...F0 } } ${fragments} fragment F${levels} on Order { id }`;

    const started = Date.now();
    const errors = depthErrors(query, 10);

    expect(Date.now() - started).toBeLessThan(1000);
    expect(errors[0]?.extensions).toEqual({ code: 'DEPTH_LIMIT_EXCEEDED', depth: 42, maxDepth: 10 });
  });
});

describe('the alias limit', () => {
  const aliased = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `b${i}: orderBoard { total }`).join(' ')} }`;

  test('allows exactly the limit and refuses one more, counting every alias in the operation', () => {
    expect(errorsOf(aliased(30), [aliasLimitRule(30)])).toEqual([]);
    const [refused] = errorsOf(aliased(31), [aliasLimitRule(30)]);
    expect(refused?.message).toBe(
      'The operation has 31 aliased fields; the limit is 30. Ask for each thing once, or split it into several operations.',
    );
    expect(refused?.extensions).toEqual({ code: 'ALIAS_LIMIT_EXCEEDED', aliases: 31, maxAliases: 30 });
  });

  test('counts the aliases of a fragment each time it is spread', () => {
    const query = `{ a: order(id: "1") { ...W } b: order(id: "2") { ...W } }
      fragment W on Order { w1: worker { id } w2: worker { name } }`;

    expect(errorsOf(query, [aliasLimitRule(6)])).toEqual([]);
    expect(errorsOf(query, [aliasLimitRule(5)])[0]?.extensions?.aliases).toBe(6);
  });
});

describe('the cost limit', () => {
  const costOf = (query: string) => {
    const [error] = errorsOf(query, [costLimitRule(0)]);
    return error?.extensions?.cost ?? 0;
  };

  test('counts 1 per object and scalars nothing, as the gateway does', () => {
    expect(costOf('{ order(id: "1") { id status worker { name } } }')).toBe(2);
  });

  test('multiplies a list the service does not page, and everything below it, by 10 items per list level', () => {
    // orderBoard 1 + items 20 (the page's default) x (order 1 + worker 1 + history 10 x (event 1 + by 1))
    expect(costOf('{ orderBoard { total items { worker { name } history { by { name } } } } }')).toBe(
      1 + 20 * (1 + 1 + 10 * 2),
    );
    expect(costOf('{ order(id: "1") { worker { skills } } }')).toBe(2);
    expect(costOf('{ shifts { id } }')).toBe(10 * 10);
  });

  test("counts a page's lists by the page size asked for, and every list below them multiplies it", () => {
    expect(costOf('{ orderBoard(page: { limit: 100 }) { items { id } } }')).toBe(1 + 100);
    expect(costOf('{ orderBoard(page: { limit: 5, offset: 10 }) { items { history { what } } } }')).toBe(
      1 + 5 * (1 + 10),
    );
    expect(costOf('{ workers(limit: 3) { id } recent(first: 7) { id } }')).toBe(3 + 7);
  });

  test('a page size not given counts its default, one given by a variable counts the largest page', () => {
    expect(costOf('{ orderBoard(page: { offset: 40 }) { items { id } } }')).toBe(1 + 20);
    expect(costOf('{ orderBoard { items { id } } workers { id } recent { id } }')).toBe(1 + 20 + 50 + 20);
    expect(costOf('query($p: PageInput) { orderBoard(page: $p) { items { id } } }')).toBe(1 + LARGEST_PAGE);
    expect(costOf('query($n: Int) { orderBoard(page: { limit: $n }) { items { id } } }')).toBe(
      1 + LARGEST_PAGE,
    );
    expect(costOf('query($n: Int = 2) { workers(limit: $n) { id } }')).toBe(LARGEST_PAGE);
  });

  test('a fragment spread in a page is counted by that page size, wherever else it is spread', () => {
    const query = `{ small: orderBoard(page: { limit: 5 }) { ...Page } large: orderBoard(page: { limit: 100 }) { ...Page } }
      fragment Page on Board { items { id } ... on Board { items { worker { id } } } }`;

    expect(costOf(query)).toBe(1 + 5 + 5 * 2 + (1 + 100 + 100 * 2));
  });

  test('refuses an operation above the limit, naming its cost, and allows one at the limit', () => {
    const board = '{ orderBoard { items { worker { id } } } }'; // 1 + 20 x 2 = 41

    expect(errorsOf(board, [costLimitRule(41)])).toEqual([]);
    expect(errorsOf(board, [costLimitRule(40)])[0]?.extensions).toEqual({
      code: 'COST_LIMIT_EXCEEDED',
      cost: 41,
      maxCost: 40,
    });
  });

  test('by default, one board page of 100 with its orders passes and 30 aliased ones are refused', () => {
    const { maxCost } = loadOperationLimits({});
    const page = 'orderBoard(page: { limit: 100 }) { total items { id worker { name } history { what } } }';
    const boards = `{ ${Array.from({ length: 30 }, (_, i) => `b${i}: orderBoard(page: { limit: 100 }) { items { id } }`).join(' ')} }`;

    expect(errorsOf(`{ ${page} }`, [costLimitRule(maxCost)])).toEqual([]);
    expect(errorsOf(boards, [costLimitRule(maxCost)])[0]?.extensions).toEqual({
      code: 'COST_LIMIT_EXCEEDED',
      cost: 30 * (1 + 100),
      maxCost,
    });
  });
});

describe('the token limit', () => {
  test('stops parsing a document past the limit, however it nests', () => {
    const deep = `{ order(id: ${'['.repeat(3000)}${']'.repeat(3000)}) { id } }`;

    expect(() => parse(deep, limitedParseOptions({ maxTokens: 1000 } as never))).toThrow(
      /Document contains more th\w+ 1000 tokens/,
    );
  });
});

describe('hiding field suggestions', () => {
  test('drops "Did you mean …?" and keeps the rest of the error', () => {
    const [typo] = validate(schema, parse('{ order(id: "1") { statu } }'));
    expect(typo?.message).toContain('Did you mean');

    const hidden = withoutSuggestions(typo as GraphQLError);

    expect(hidden.message).toBe('Cannot query field "statu" on type "Order".');
    expect(hidden.locations).toEqual(typo?.locations);
  });
});

describe('the edge settings', () => {
  test('limits default to the gateway defaults and are read from GRAPHQL_MAX_*', () => {
    expect(loadOperationLimits({})).toEqual({ maxDepth: 10, maxAliases: 30, maxTokens: 1000, maxCost: 3000 });
    expect(loadOperationLimits({ GRAPHQL_MAX_ALIASES: '5', GRAPHQL_MAX_COST: '' })).toEqual(
      expect.objectContaining({ maxAliases: 5, maxCost: 3000 }),
    );
  });

  test('a bad limit is named with the reason', () => {
    expect(() => loadOperationLimits({ GRAPHQL_MAX_DEPTH: '0' })).toThrow(EdgeSettingsError);
    expect(() => loadOperationLimits({ GRAPHQL_MAX_DEPTH: '0' })).toThrow(/GRAPHQL_MAX_DEPTH: /);
    expect(() => loadOperationLimits({ GATEWAY_MAX_COST: '100' })).toThrow(
      /GATEWAY_MAX_COST: renamed to GRAPHQL_MAX_COST/,
    );
  });

  test('a process listens on loopback unless LISTEN_HOST says otherwise', () => {
    expect(loadListenHost({})).toBe('127.0.0.1');
    expect(loadListenHost({ LISTEN_HOST: '0.0.0.0' })).toBe('0.0.0.0');
    expect(loadListenHost({ LISTEN_HOST: '::' })).toBe('::');
    expect(loadListenHost({ LISTEN_HOST: 'orders.internal' })).toBe('orders.internal');
    expect(() => loadListenHost({ LISTEN_HOST: 'http://0.0.0.0' })).toThrow(
      'LISTEN_HOST: "http://0.0.0.0" is not an IP address or host name',
    );
  });
});
