import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  aliasLimitRule,
  costLimitRule,
  depthLimitRule,
  limitedParseOptions,
  withoutSuggestions,
} from '@platform/service-kit/edge';
import { GraphQLError, parse } from 'graphql';
import type { OperationLimits } from './config';

/**
 * Depth, alias, cost, token and suggestion limits, the same rules every subgraph enforces again
 * (`@platform/service-kit/edge`). The cost is this rule's, not the runtime's demand control: that
 * one reads a page size only from a top-level argument (not `page: { limit }`) and counts an
 * unsized list at a fixed size per request to a subgraph, so it would disagree with the subgraphs.
 */
export function useOperationLimits(limits: OperationLimits): GatewayPlugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => parse(source, { ...options, ...limitedParseOptions(limits) }));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(depthLimitRule(limits.maxDepth));
      addValidationRule(aliasLimitRule(limits.maxAliases));
      addValidationRule(costLimitRule(limits.maxCost));
      if (!limits.blockFieldSuggestions) return;
      return ({ result, setResult }) => {
        if (result.length > 0)
          setResult(result.map((e) => (e instanceof GraphQLError ? withoutSuggestions(e) : e)));
      };
    },
  };
}
