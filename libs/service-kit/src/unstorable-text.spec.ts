import { parse } from 'graphql';
import { unstorable, unstorableInOperation, unstorableText } from './unstorable-text';

describe('text that cannot be stored', () => {
  test('a NUL character, a lone high or a lone low surrogate; a whole pair is a character like any other', () => {
    expect(unstorable('门口等候 😀')).toBeUndefined();
    expect(unstorable('a\u0000')).toBe('must not contain the NUL character (U+0000)');
    expect(unstorable('ab\uD83D')).toBe('must not contain a lone UTF-16 surrogate (U+D83D at position 2)');
    expect(unstorable('\uDE00x')).toBe('must not contain a lone UTF-16 surrogate (U+DE00 at position 0)');
    expect(unstorable('\uDE00\uD83D')).toBe(
      'must not contain a lone UTF-16 surrogate (U+DE00 at position 0)',
    );
  });

  test('is found anywhere in a value, by its path, names included', () => {
    expect(
      unstorableText({
        input: { notes: 'x\uD800', items: [{ note: 'ok' }, { note: '\u0000' }] },
        ['k\uDC00']: 1,
      }),
    ).toEqual([
      {
        field: '"k\\udc00"',
        reason: 'its name must not contain a lone UTF-16 surrogate (U+DC00 at position 1)',
      },
      { field: 'input.notes', reason: 'must not contain a lone UTF-16 surrogate (U+D800 at position 1)' },
      { field: 'input.items.1.note', reason: 'must not contain the NUL character (U+0000)' },
    ]);
  });

  test('is looked for without recursion, however deep the value', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 50_000; i++) deep = [deep];

    expect(unstorableText(deep)).toHaveLength(1);
  });

  test('in an operation: variables and literal arguments', () => {
    const document = parse(
      'mutation($input: In) { a(input: $input) b(notes: "fine", list: ["ok", "\\u0000"]) }',
    );

    expect(unstorableInOperation({ input: { remark: '\uD800' } }, document)).toEqual([
      { field: 'input.remark', reason: 'must not contain a lone UTF-16 surrogate (U+D800 at position 0)' },
      { field: 'list.1', reason: 'must not contain the NUL character (U+0000)' },
    ]);
  });
});
