import { parse } from 'graphql';
import { isSchemaFetch } from './federated-graphql';

describe('the schema fetch that needs no token', () => {
  test("is the gateway's composition query, named or not", () => {
    expect(isSchemaFetch(parse('{ _service { sdl } }'))).toBe(true);
    expect(isSchemaFetch(parse('query SubgraphSdl { _service { sdl } }'))).toBe(true);
  });

  test('is nothing more: another field, an alias, a fragment, a directive or a second operation is not it', () => {
    for (const query of [
      '{ _service { sdl } orderBoard { total } }',
      '{ orderBoard { total } }',
      '{ s: _service { sdl } }',
      '{ _service { s: sdl } }',
      '{ _service { sdl __typename } }',
      '{ ...F } fragment F on Query { _service { sdl } }',
      '{ _service @include(if: true) { sdl } }',
      'query($x: Boolean) { _service { sdl } }',
      '{ _service { sdl } } query Other { orderBoard { total } }',
      'mutation { _service { sdl } }',
      '{ __schema { types { name } } }',
    ])
      expect([query, isSchemaFetch(parse(query))]).toEqual([query, false]);
  });
});
