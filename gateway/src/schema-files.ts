import { GraphQLTypesLoader } from '@nestjs/graphql';
import { composeServices } from '@theguild/federation-composition';
import { KIT_GRAPHQL } from '@platform/service-kit';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import type { SubgraphSdl } from './supergraph';

const root = join(__dirname, '..', '..');

/** Every service with a schema, in the order of their folders. */
export const servicesWithSchema = (): string[] =>
  readdirSync(join(root, 'services')).filter((name) => existsSync(join(root, 'services', name, 'src')));

/**
 * A service's schema as it serves it: the kit's types (ServiceModule serves them) and every .graphql
 * file under its src (its `**\/*.graphql` type paths), merged as NestJS merges them, so a use
 * case's file may extend Query or Mutation.
 */
export async function subgraphFromFiles(name: string): Promise<SubgraphSdl & { sdl: string }> {
  const merged = await new GraphQLTypesLoader().mergeTypesByPaths([
    KIT_GRAPHQL,
    join(root, 'services', name, 'src', '**/*.graphql'),
  ]);
  return { name, url: `http://${name}/graphql`, sdl: merged };
}

/** The graph clients see (no federation directives): what the console's types are generated from. */
export async function publicSchemaFromFiles(names = servicesWithSchema()): Promise<string> {
  const subgraphs = await Promise.all(names.map(subgraphFromFiles));
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) throw new Error(`the services do not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.publicSdl;
}
