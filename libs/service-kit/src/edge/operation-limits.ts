import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type ValidationContext,
} from 'graphql';
import { z } from 'zod';

/**
 * What one GraphQL operation may ask for, the same in the gateway and in every subgraph: a subgraph
 * can be reached without the gateway (another pod, a port-forward), so it enforces them too.
 * This module imports nothing but graphql and zod, so the gateway can use it without NestJS.
 */
export interface OperationLimits {
  /** Deepest field nesting; introspection fields do not count. */
  maxDepth: number;
  /** Aliased fields in one operation, fragments counted where they are spread. */
  maxAliases: number;
  /** Largest document, in GraphQL tokens (graphql-js stops lexing there). */
  maxTokens: number;
  /** Highest estimated cost: 1 per object, times the items of every list it is in (`measure`). */
  maxCost: number;
}

/** A paged field (`limit`, `first`, `page: { limit }`) asked without a size and declaring no default counts this many items. */
export const DEFAULT_LIST_SIZE = 20;
/**
 * A list the service does not page counts this many items: such lists are small by nature (a
 * timeline, a worker's standings and ranks, a checklist), and counting each as a full page
 * multiplied per level would refuse the apps' own queries (a worker's standings with their ranks
 * through `_entities` counted 8,840).
 */
export const UNPAGED_LIST_SIZE = 10;
/**
 * A page size given by a variable counts this many items: the rules run before the variables are
 * read, and no service serves a larger page (their resolvers refuse a limit above it).
 */
export const LARGEST_PAGE = 100;

const positiveInt = z.coerce.number().int().positive();
const limitsEnvSchema = z.object({
  GRAPHQL_MAX_DEPTH: positiveInt.default(10),
  GRAPHQL_MAX_ALIASES: positiveInt.default(30),
  GRAPHQL_MAX_TOKENS: positiveInt.default(1000),
  // 3000: the largest query of the services' own specs, a board page of 100 with each order's
  // customer, timeline and job (2401), passes; 30 aliased boards of 100 (3030 at the least) do not.
  GRAPHQL_MAX_COST: positiveInt.default(3000),
});

/** A bad edge setting, named with the reason; a process stops at start-up on it. */
export class EdgeSettingsError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(`invalid environment: ${problems.map((p) => `${p.variable}: ${p.reason}`).join('; ')}`);
    this.name = 'EdgeSettingsError';
  }
}

/** The limits from the environment (unset or empty: the default). */
export function loadOperationLimits(env: NodeJS.ProcessEnv = process.env): OperationLimits {
  // The gateway's old names: a deployment still setting one would otherwise lose its limit unnoticed.
  const renamed = Object.keys(limitsEnvSchema.shape)
    .map((name) => name.replace('GRAPHQL_', 'GATEWAY_'))
    .filter((old) => env[old] !== undefined && env[old] !== '');
  if (renamed.length > 0)
    throw new EdgeSettingsError(
      renamed.map((old) => ({
        variable: old,
        reason: `renamed to ${old.replace('GATEWAY_', 'GRAPHQL_')} (the gateway and every subgraph read it); set that instead`,
      })),
    );
  const given = Object.fromEntries(
    Object.keys(limitsEnvSchema.shape).map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const parsed = limitsEnvSchema.safeParse(given);
  if (!parsed.success)
    throw new EdgeSettingsError(
      parsed.error.issues.map((i) => ({ variable: i.path.join('.'), reason: i.message })),
    );
  const e = parsed.data;
  return {
    maxDepth: e.GRAPHQL_MAX_DEPTH,
    maxAliases: e.GRAPHQL_MAX_ALIASES,
    maxTokens: e.GRAPHQL_MAX_TOKENS,
    maxCost: e.GRAPHQL_MAX_COST,
  };
}

type Fragments = Record<string, FragmentDefinitionNode | undefined>;

/** What an operation (or a part of it) asks for, measured once against every limit. */
interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

const nothing: Measure = { depth: 0, aliases: 0, cost: 0 };

function listLevels(type: GraphQLType): number {
  let levels = 0;
  let current = type;
  for (;;) {
    if (isNonNullType(current)) current = current.ofType;
    else if (isListType(current)) {
      levels++;
      current = current.ofType;
    } else return levels;
  }
}

/** A page size as written: an integer as given, a variable as the largest page. */
function sizeFrom(value: ValueNode): number | undefined {
  if (value.kind === Kind.VARIABLE) return LARGEST_PAGE;
  return value.kind === Kind.INT ? Math.max(0, Number(value.value)) : undefined;
}

const sizeFromDefault = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) ? Math.max(0, value) : undefined;

/**
 * The page size a field asks for, by the platform's paging convention: a `limit` or `first`
 * argument, or a `page` input with a `limit`; as given, else its default, else DEFAULT_LIST_SIZE.
 * Undefined when the field takes none of these.
 */
function pageSizeOf(field: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined {
  const given = (name: string) => node.arguments?.find((a) => a.name.value === name)?.value;
  const declared = (name: string) => field.args.find((a) => a.name === name);
  const argument = declared('limit') ?? declared('first');
  if (argument) {
    const value = given(argument.name);
    return (value ? sizeFrom(value) : sizeFromDefault(argument.defaultValue)) ?? DEFAULT_LIST_SIZE;
  }
  const page = declared('page');
  const pageType = page && getNullableType(page.type);
  const limitField = pageType && isInputObjectType(pageType) ? pageType.getFields().limit : undefined;
  if (!page || !limitField) return undefined;
  const value = given('page');
  if (value?.kind === Kind.VARIABLE) return LARGEST_PAGE;
  const limit = value?.kind === Kind.OBJECT ? value.fields.find((f) => f.name.value === 'limit') : undefined;
  const size = limit
    ? sizeFrom(limit.value)
    : (sizeFromDefault((page.defaultValue as { limit?: unknown } | null | undefined)?.limit) ??
      sizeFromDefault(limitField.defaultValue));
  return size ?? DEFAULT_LIST_SIZE;
}

/**
 * Measures a selection set with fragments counted where they are spread. Each fragment is measured
 * once per page size it is spread under and remembered, so a document that spreads fragments into
 * each other many times over costs no more to check than to read; a fragment cycle (graphql-js's
 * own validation error) counts as nothing rather than looping.
 *
 * - depth: nested fields; introspection fields (`__schema`, `__typename`) count 0, so explorers work;
 * - aliases: aliased fields;
 * - cost, the same in the gateway and every subgraph: a field returning an object (or interface,
 *   union) costs 1, scalars 0, and a list multiplies it and everything below it by its items, per
 *   list level (a list in a list of 20 under a page of 100 counts 100 × 20). A list's items are the
 *   page size of the field (`pageSizeOf`): the list's own `limit`/`first`/`page`, or, for a page
 *   object such as `orderBoard(page: …) { items }`, that of the field returning the page, which
 *   sizes the lists directly in it. Other lists, entity fetches (`_entities`) among them, count
 *   UNPAGED_LIST_SIZE.
 */
function measure(
  schema: GraphQLSchema,
  parentType: GraphQLNamedType | undefined | null,
  selectionSet: SelectionSetNode,
  fragments: Fragments,
  measured: Map<string, Measure | 'measuring'>,
  /** The page size of the field this selection set belongs to, for the lists directly in it. */
  pageSize?: number,
): Measure {
  const total = { ...nothing };
  const add = (part: Measure, factor = 1) => {
    total.depth = Math.max(total.depth, part.depth);
    total.aliases += part.aliases;
    total.cost += factor * part.cost;
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const alias = selection.alias ? 1 : 0;
      if (selection.name.value.startsWith('__')) {
        add({ depth: 0, aliases: alias, cost: 0 });
        continue;
      }
      const field =
        parentType && isCompositeType(parentType) && 'getFields' in parentType
          ? parentType.getFields()[selection.name.value]
          : undefined;
      const type = field ? getNamedType(field.type) : undefined;
      const levels = field ? listLevels(field.type) : 0;
      const ownPageSize = field ? pageSizeOf(field, selection) : undefined;
      const below = selection.selectionSet
        ? measure(
            schema,
            type,
            selection.selectionSet,
            fragments,
            measured,
            levels > 0 ? undefined : ownPageSize,
          )
        : nothing;
      const own = type && isCompositeType(type) ? 1 : 0;
      const items = ownPageSize ?? pageSize ?? UNPAGED_LIST_SIZE;
      add(
        { depth: 1 + below.depth, aliases: alias + below.aliases, cost: own + below.cost },
        levels > 0 ? items * UNPAGED_LIST_SIZE ** (levels - 1) : 1,
      );
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
      add(measure(schema, type, selection.selectionSet, fragments, measured, pageSize));
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      // A fragment spread in a page is sized by it: measured (and remembered) per page size.
      const key = `${name} ${pageSize ?? ''}`;
      const known = measured.get(key);
      if (!fragment || known === 'measuring') continue;
      if (known) {
        add(known);
        continue;
      }
      measured.set(key, 'measuring');
      const part = measure(
        schema,
        schema.getType(fragment.typeCondition.name.value),
        fragment.selectionSet,
        fragments,
        measured,
        pageSize,
      );
      measured.set(key, part);
      add(part);
    }
  }
  return total;
}

const operationLabel = (operation: OperationDefinitionNode) =>
  operation.name ? `Operation "${operation.name.value}"` : 'The operation';

/** A validation rule that measures each operation of the document and reports what `check` finds. */
function limitRule(check: (measured: Measure, label: string) => GraphQLError | undefined) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const schema = context.getSchema();
      const fragments: Fragments = Object.fromEntries(
        context
          .getDocument()
          .definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
      );
      const root = schema.getRootType(operation.operation);
      const error = check(
        measure(schema, root, operation.selectionSet, fragments, new Map()),
        operationLabel(operation),
      );
      if (error)
        context.reportError(
          new GraphQLError(error.message, { nodes: [operation], extensions: error.extensions }),
        );
    },
  });
}

export const depthLimitRule = (maxDepth: number) =>
  limitRule(({ depth }, label) =>
    depth > maxDepth
      ? new GraphQLError(
          `${label} is ${depth} levels deep; the limit is ${maxDepth}. Ask for fewer nested fields, or split it into several operations.`,
          { extensions: { code: 'DEPTH_LIMIT_EXCEEDED', depth, maxDepth } },
        )
      : undefined,
  );

export const aliasLimitRule = (maxAliases: number) =>
  limitRule(({ aliases }, label) =>
    aliases > maxAliases
      ? new GraphQLError(
          `${label} has ${aliases} aliased fields; the limit is ${maxAliases}. Ask for each thing once, or split it into several operations.`,
          { extensions: { code: 'ALIAS_LIMIT_EXCEEDED', aliases, maxAliases } },
        )
      : undefined,
  );

export const costLimitRule = (maxCost: number) =>
  limitRule(({ cost }, label) =>
    cost > maxCost
      ? new GraphQLError(
          `${label} has an estimated cost of ${cost}; the limit is ${maxCost}. Ask for fewer lists, or fewer objects in them.`,
          { extensions: { code: 'COST_LIMIT_EXCEEDED', cost, maxCost } },
        )
      : undefined,
  );

/** The validation rules of `limits`; the token limit is a parse option (`parseOptions(limits)`). */
export const operationLimitRules = (limits: OperationLimits) => [
  depthLimitRule(limits.maxDepth),
  aliasLimitRule(limits.maxAliases),
  costLimitRule(limits.maxCost),
];

/** graphql-js stops lexing at maxTokens, before a huge (or deeply nested) document costs memory or stack. */
export const limitedParseOptions = (limits: OperationLimits) => ({ maxTokens: limits.maxTokens });

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
