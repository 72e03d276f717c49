import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type ValueNode } from 'graphql';
import { badInput, type Problem } from './graphql-errors';

const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be stored, or undefined. PostgreSQL's text and jsonb cannot hold U+0000, and
 * a lone UTF-16 surrogate is no character at all (it cannot be encoded as UTF-8), so either would
 * fail deep in the event store as an internal error after part of a command had run.
 */
export function unstorable(text: string): string | undefined {
  if (text.includes(NUL)) return 'must not contain the NUL character (U+0000)';
  const lone = LONE_SURROGATE.exec(text);
  if (lone)
    return `must not contain a lone UTF-16 surrogate (U+${lone[0].charCodeAt(0).toString(16).toUpperCase()} at position ${lone.index})`;
  return undefined;
}

/**
 * Every string under `value` that cannot be stored, by its path (`input.reason`, `items.2.note`),
 * keys included. Iterative, so no nesting depth can overflow the stack.
 */
export function unstorableText(value: unknown, root = ''): Problem[] {
  const found: Problem[] = [];
  const pending: [unknown, string][] = [[value, root]];
  const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      const reason = unstorable(item);
      if (reason) found.push({ field: path || '(body)', reason });
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) pending.push([item[i], at(path, String(i))]);
    } else if (item && typeof item === 'object') {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const reason = unstorable(key);
        if (reason) found.push({ field: at(path, JSON.stringify(key)), reason: `its name ${reason}` });
        pending.push([child, at(path, key)]);
      }
    }
  }
  return found;
}

function unstorableInLiteral(node: ValueNode, path: string, found: Problem[]): void {
  if (node.kind === Kind.STRING) {
    const reason = unstorable(node.value);
    if (reason) found.push({ field: path, reason });
  }
  if (node.kind === Kind.LIST)
    node.values.forEach((item, i) => unstorableInLiteral(item, `${path}.${i}`, found));
  if (node.kind === Kind.OBJECT)
    for (const field of node.fields) unstorableInLiteral(field.value, `${path}.${field.name.value}`, found);
}

/** Where an operation's arguments or variables hold text that cannot be stored. */
export function unstorableInOperation(
  variables: Record<string, unknown> | undefined,
  document: Parameters<typeof visit>[0],
): Problem[] {
  const found = unstorableText(variables ?? {});
  visit(document, {
    Argument(node) {
      unstorableInLiteral(node.value, node.name.value, found);
    },
  });
  return found;
}

/**
 * Refuses an operation whose arguments or variables hold a NUL or a lone surrogate, before any
 * resolver runs, with HTTP 400 and each field named (BAD_USER_INPUT).
 */
export const refuseUnstorableText: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        const found = unstorableInOperation(request.variables, document);
        if (found.length > 0) throw badInput(found, 400);
      },
    };
  },
};
