import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  aliasLimitRule,
  depthLimitRule,
  limitedParseOptions,
  withoutSuggestions,
} from '@platform/service-kit/edge';
import { GraphQLError, parse } from 'graphql';
import type { OperationLimits } from './config';

/**
 * Depth, alias, token and suggestion limits, the same rules every subgraph enforces again
 * (`@platform/service-kit/edge`). The cost limit is the runtime's own demand control
 * (`demandControl` in gateway.ts), counted as the subgraphs count it: it also honours the
 * supergraph's @cost/@listSize, which only the runtime's query planner sees per subgraph request.
 */
export function useOperationLimits(limits: OperationLimits): GatewayPlugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => parse(source, { ...options, ...limitedParseOptions(limits) }));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(depthLimitRule(limits.maxDepth));
      addValidationRule(aliasLimitRule(limits.maxAliases));
      if (!limits.blockFieldSuggestions) return;
      return ({ result, setResult }) => {
        if (result.length > 0)
          setResult(result.map((e) => (e instanceof GraphQLError ? withoutSuggestions(e) : e)));
      };
    },
  };
}
