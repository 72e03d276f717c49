import { jsonDepthExceeds, MAX_JSON_DEPTH, parseJsonBody } from './json-body';
import { HttpRejection } from './raw-body';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const rejectionOf = (run: () => unknown): HttpRejection => {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpRejection) return error;
    throw error;
  }
  throw new Error('expected a rejection');
};

describe('the depth of a JSON body', () => {
  test('is bounded at exactly the limit', () => {
    expect(MAX_JSON_DEPTH).toBe(32);
    expect(jsonDepthExceeds(JSON.parse(nested(32)))).toBe(false);
    expect(jsonDepthExceeds(JSON.parse(nested(33)))).toBe(true);
    expect(jsonDepthExceeds({ a: { b: [1, { c: 'x' }] } }, 4)).toBe(false);
    expect(jsonDepthExceeds({ a: { b: [1, { c: {} }] } }, 4)).toBe(true);
    expect(jsonDepthExceeds('text')).toBe(false);
  });

  test('is measured without recursion, so 100,000 levels cannot overflow the stack', () => {
    expect(jsonDepthExceeds(JSON.parse(nested(100_000)), 200_000)).toBe(false);
  });
});

describe('reading a webhook or callback body', () => {
  const raw = (text: string) => Buffer.from(text, 'utf8');

  test('gives the parsed body when all is well', () => {
    expect(parseJsonBody(raw('{"remark":"门口等 😀"}'), 'tmall order')).toEqual({ remark: '门口等 😀' });
  });

  test('refuses 2,000 levels of nesting with 400 before anything walks it', () => {
    const rejection = rejectionOf(() => parseJsonBody(raw(`{"a":${nested(2000)}}`), 'tmall order'));

    expect(rejection.status).toBe(400);
    expect(rejection.message).toBe('body nests deeper than 32 levels');
    expect(rejection.problems).toEqual([{ field: '(body)', reason: 'must not nest deeper than 32 levels' }]);
  });

  test('refuses what is not JSON with 400', () => {
    expect(rejectionOf(() => parseJsonBody(raw('{"a":'), 'tmall order'))).toMatchObject({
      status: 400,
      message: 'body is not valid JSON',
    });
  });

  test('refuses a NUL or a lone surrogate with 422, naming where', () => {
    const body = '{"receiver":{"detail":"a\\u0000b"},"remarks":["ok","x\\ud83d"]}';

    const rejection = rejectionOf(() => parseJsonBody(raw(body), 'douyin_live order'));

    expect(rejection.status).toBe(422);
    expect(rejection.message).toBe('invalid douyin_live order');
    expect(rejection.problems).toEqual([
      { field: 'receiver.detail', reason: 'must not contain the NUL character (U+0000)' },
      { field: 'remarks.1', reason: 'must not contain a lone UTF-16 surrogate (U+D83D at position 1)' },
    ]);
  });
});
