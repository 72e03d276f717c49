import { buildSchema, GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { depthLimitRule, withoutSuggestions } from './limits';

const schema = buildSchema(`
  type Order { id: ID!, status: String, followUpOf: Order, worker: Worker }
  type Worker { id: ID!, name: String }
  type Query { order(id: ID!): Order }
`);
const depthErrors = (query: string, maxDepth: number) =>
  validate(schema, parse(query), [depthLimitRule(maxDepth)]);

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
