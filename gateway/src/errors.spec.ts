import { Logger, MemoryLogWriter } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';
import { correlationIdFrom, createErrorMasking, isClientFacing, withCorrelationId } from './errors';

describe('which errors reach the client as they are', () => {
  test.each([
    'BAD_USER_INPUT',
    'FORBIDDEN',
    'NOT_FOUND',
    'CONFLICT',
    'UNAUTHENTICATED',
    'OFFER_ALREADY_ACCEPTED',
  ])('a subgraph error with code %s', (code) => {
    expect(isClientFacing(new GraphQLError('refused', { extensions: { code, field: 'visitOn' } }))).toBe(
      true,
    );
  });

  test('a validation error raised by graphql-js itself', () => {
    expect(isClientFacing(new GraphQLError('Variable "$id" of required type "ID!" was not provided.'))).toBe(
      true,
    );
  });

  test.each([
    ['an exception thrown by code', new TypeError("Cannot read properties of undefined (reading 'id')")],
    [
      'a subgraph error Apollo Server did not classify',
      new GraphQLError('pool exhausted', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
    ],
    [
      'a subgraph error without any code',
      new GraphQLError('boom', { extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } }),
    ],
    [
      'a GraphQL error wrapping an exception',
      new GraphQLError('boom', { originalError: new Error('socket hang up') }),
    ],
  ])('not %s', (_, error) => {
    expect(isClientFacing(error)).toBe(false);
  });
});

describe('masking an internal error', () => {
  test('answers "Internal server error" with the correlation id, and logs the real error under it', () => {
    const writer = new MemoryLogWriter();
    const mask = createErrorMasking(new Logger({ writers: [writer] }));

    const masked = withCorrelationId('case-81', () => mask(new Error('read model connection lost')));

    expect(masked).toEqual(
      new GraphQLError('Internal server error', {
        extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'case-81' },
      }),
    );
    expect(writer.logs).toEqual([
      expect.objectContaining({
        level: 'error',
        attrs: expect.objectContaining({
          correlationId: 'case-81',
          error: expect.objectContaining({ message: 'read model connection lost' }),
        }),
      }),
    ]);
  });

  test('leaves a client-facing error untouched and logs nothing', () => {
    const writer = new MemoryLogWriter();
    const refused = new GraphQLError('the visit date is in the past', {
      extensions: { code: 'BAD_USER_INPUT' },
    });

    expect(createErrorMasking(new Logger({ writers: [writer] }))(refused)).toBe(refused);
    expect(writer.logs).toEqual([]);
  });
});

describe('the correlation id', () => {
  test("keeps the caller's id and replaces one that could forge log lines", () => {
    expect(correlationIdFrom('support-case-4711')).toBe('support-case-4711');
    expect(correlationIdFrom('a\nlevel=error forged')).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
