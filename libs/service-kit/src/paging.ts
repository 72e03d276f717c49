import { GraphQLError } from 'graphql';
import { DEFAULT_LIST_SIZE, LARGEST_PAGE } from './edge/operation-limits';

/** A page of a list: skip `offset` items, then take `limit`. */
export interface Page {
  offset: number;
  limit: number;
}

/**
 * The page a `page: PageInput` argument asks for (kit.graphql), refused with BAD_USER_INPUT naming
 * the field when it is out of range. Its bounds are the ones the operation cost limit counts with.
 */
export function pageOf(page?: { offset?: number | null; limit?: number | null } | null): Page {
  const offset = page?.offset ?? 0;
  const limit = page?.limit ?? DEFAULT_LIST_SIZE;
  if (offset < 0)
    throw new GraphQLError('page.offset must be 0 or more', {
      extensions: { code: 'BAD_USER_INPUT', field: 'page.offset' },
    });
  if (limit < 1 || limit > LARGEST_PAGE)
    throw new GraphQLError(`page.limit must be between 1 and ${LARGEST_PAGE}`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'page.limit' },
    });
  return { offset, limit };
}
