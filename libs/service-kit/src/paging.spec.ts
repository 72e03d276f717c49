import { GraphQLError } from 'graphql';
import { pageOf } from './paging';

const refusal = (page: { offset?: number; limit?: number }) => {
  try {
    pageOf(page);
  } catch (error) {
    if (error instanceof GraphQLError) return { message: error.message, ...error.extensions };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('a page of a list', () => {
  it('is the first 20 items when none is asked for', () => {
    expect(pageOf()).toEqual({ offset: 0, limit: 20 });
    expect(pageOf(null)).toEqual({ offset: 0, limit: 20 });
    expect(pageOf({ offset: null, limit: null })).toEqual({ offset: 0, limit: 20 });
  });

  it('takes 1 to 100 items from any offset of 0 or more', () => {
    expect(pageOf({ offset: 0, limit: 1 })).toEqual({ offset: 0, limit: 1 });
    expect(pageOf({ offset: 4000, limit: 100 })).toEqual({ offset: 4000, limit: 100 });
  });

  it('is refused outside those bounds, naming the field', () => {
    expect(refusal({ limit: 101 })).toEqual({
      message: 'page.limit must be between 1 and 100',
      code: 'BAD_USER_INPUT',
      field: 'page.limit',
    });
    expect(refusal({ limit: 0 })).toMatchObject({ field: 'page.limit' });
    expect(refusal({ offset: -1 })).toEqual({
      message: 'page.offset must be 0 or more',
      code: 'BAD_USER_INPUT',
      field: 'page.offset',
    });
  });
});
