import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  GraphQLError,
  Kind,
  parse,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import type { OperationLimits } from './config';

const DEPTH_LIMIT_EXCEEDED = 'DEPTH_LIMIT_EXCEEDED';

/**
 * How deep an operation nests fields: `{ order { worker { name } } }` is 3. Fragments count where
 * they are spread; introspection fields (`__schema`, `__type`) are not counted, so explorers work.
 */
function selectionDepth(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode | undefined>,
  visiting: ReadonlySet<string> = new Set(),
): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const below = selection.selectionSet ? selectionDepth(selection.selectionSet, fragments, visiting) : 0;
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragments, visiting));
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      // A fragment cycle is its own validation error (NoFragmentCyclesRule); here it must not loop.
      if (!fragment || visiting.has(name)) continue;
      deepest = Math.max(
        deepest,
        selectionDepth(fragment.selectionSet, fragments, new Set([...visiting, name])),
      );
    }
  }
  return deepest;
}

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const fragments = Object.fromEntries(
        context
          .getDocument()
          .definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
      );
      const depth = selectionDepth(operation.selectionSet, fragments);
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(
            `${operation.name ? `Operation "${operation.name.value}"` : 'The operation'} is ${depth} levels deep; the limit is ${maxDepth}. Ask for fewer nested fields, or split it into several operations.`,
            { nodes: [operation], extensions: { code: DEPTH_LIMIT_EXCEEDED, depth, maxDepth } },
          ),
        );
      }
    },
  });
}

/** "Did you mean …?" names fields the caller may not know of; in production the schema is not advertised. */
export const withoutSuggestions = (error: GraphQLError): GraphQLError =>
  /Did you mean/.test(error.message)
    ? new GraphQLError(error.message.replace(/\s*Did you mean[^?]*\?/, ''), {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        extensions: error.extensions,
      })
    : error;

/**
 * Depth, token and suggestion limits. The cost limit is the runtime's own demand control
 * (`demandControl` in gateway.ts): it needs the supergraph's @cost/@listSize, which only the
 * runtime's query planner sees per subgraph request.
 */
export function useOperationLimits(limits: OperationLimits): GatewayPlugin {
  return {
    onParse({ setParseFn }) {
      // graphql-js stops lexing at maxTokens, before a huge document costs memory or CPU.
      setParseFn((source, options) => parse(source, { ...options, maxTokens: limits.maxTokens }));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(depthLimitRule(limits.maxDepth));
      if (!limits.blockFieldSuggestions) return;
      return ({ result, setResult }) => {
        if (result.length > 0)
          setResult(result.map((e) => (e instanceof GraphQLError ? withoutSuggestions(e) : e)));
      };
    },
  };
}
