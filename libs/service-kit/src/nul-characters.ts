import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type ValueNode } from 'graphql';
import { badInput, type Problem } from './graphql-errors';

const NUL = '\u0000';
const REASON = 'must not contain the NUL character (U+0000)';

/** Every string under `value` that holds a NUL, by its path (`input.reason`, `items.2.note`). */
function nulsIn(value: unknown, path: string, found: Problem[]): void {
  if (typeof value === 'string') {
    if (value.includes(NUL)) found.push({ field: path, reason: REASON });
  } else if (Array.isArray(value)) value.forEach((item, i) => nulsIn(item, `${path}.${i}`, found));
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) nulsIn(item, path ? `${path}.${key}` : key, found);
}

/** Where a parsed JSON body holds a NUL character, for webhooks and uploads that read their own bodies. */
export function nulProblems(body: unknown): Problem[] {
  const found: Problem[] = [];
  nulsIn(body, '', found);
  return found;
}

function nulsInLiteral(node: ValueNode, path: string, found: Problem[]): void {
  if (node.kind === Kind.STRING && node.value.includes(NUL)) found.push({ field: path, reason: REASON });
  if (node.kind === Kind.LIST) node.values.forEach((item, i) => nulsInLiteral(item, `${path}.${i}`, found));
  if (node.kind === Kind.OBJECT)
    for (const field of node.fields) nulsInLiteral(field.value, `${path}.${field.name.value}`, found);
}

/**
 * PostgreSQL's text and jsonb cannot hold U+0000, so a command carrying one would fail deep in the
 * event store as an internal error. It is refused here instead, before any resolver runs, naming
 * each argument or variable that holds one.
 */
export const refuseNulCharacters: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        const found: Problem[] = [];
        nulsIn(request.variables ?? {}, '', found);
        visit(document, {
          Argument(node) {
            nulsInLiteral(node.value, node.name.value, found);
          },
        });
        if (found.length > 0) throw badInput(found);
      },
    };
  },
};
