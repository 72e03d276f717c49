import { visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import type { ServiceNames } from './names';

/** Reads every TypeScript file under `dir` except specs (they make up streams of their own). */
function sources(tree: Tree, dir: string): [path: string, text: string][] {
  const found: [string, string][] = [];
  visitNotIgnoredFiles(tree, dir, (path) => {
    if (path.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(path)) found.push([path, tree.read(path, 'utf-8')!]);
  });
  return found;
}

/** Where the contracts define each event type (`type: 'OrderPlaced'`). */
function definedEventTypes(contracts: [string, string][]): Map<string, string> {
  const types = new Map<string, string>();
  for (const [path, text] of contracts)
    for (const [, type] of text.matchAll(/\btype: '([A-Z][A-Za-z0-9]+)'/g)) types.set(type!, path);
  return types;
}

/** Where the contracts export each name; `export *` in their index would make two of one name ambiguous. */
function exportedNames(contracts: [string, string][]): Map<string, string> {
  const names = new Map<string, string>();
  for (const [path, text] of contracts)
    for (const [, name] of text.matchAll(/\bexport\s+(?:const|let|function|class|type|interface|enum)\s+(\w+)/g))
      names.set(name!, path);
  return names;
}

/**
 * The stream ids in use, each up to its first variable part (`order-<orderId>` → `order-`, the one
 * stream `training-catalogue` whole): from the contracts' doc comments (`Stream: \`order-<orderId>\``,
 * as the generator writes them too) and from the services' helpers (`orderStream = (orderId) =>
 * \`order-${orderId}\``).
 */
function streamPrefixes(contracts: [string, string][], services: [string, string][]): Map<string, string> {
  const prefixes = new Map<string, string>();
  for (const [path, text] of contracts)
    for (const [, list] of text.matchAll(/Streams?:((?:\s*(?:\*\s*)?(?:,|and|or)?\s*`[^`]+`)+)/g))
      for (const [, id] of list!.matchAll(/`([^`]+)`/g)) prefixes.set(id!.split('<')[0]!, path);
  for (const [path, text] of services)
    for (const [, prefix] of text.matchAll(/\w*Stream\s*=\s*\([^)]*\)\s*(?::\s*string\s*)?=>\s*`([^`$]+)\$\{/g))
      prefixes.set(prefix!, path);
  return prefixes;
}

/**
 * Refuses, before anything is written, a service that would overwrite or shadow what exists: its
 * folder, its contracts file, a name its contracts export, its event type, or its streams. Streams
 * matter beyond their names: a read model fed by two contexts keys the positions it applied by stream
 * id, and reactions tell streams apart by prefix (`startsWith('assignment-')`), so a new context's
 * `order-…` streams would have its events skipped or taken for orders'.
 */
export function refuseClashes(tree: Tree, n: ServiceNames): void {
  const root = `services/${n.name}`;
  if (tree.exists(root)) throw new Error(`${root} exists already; choose another name`);
  const file = `libs/contracts/src/${n.name}/${n.aggregate}-events.ts`;
  if (tree.exists(file))
    throw new Error(
      `${file} exists already and would be overwritten; pass another --aggregate (its events go to libs/contracts/src/${n.name}/<aggregate>-events.ts)`,
    );

  const contracts = sources(tree, 'libs/contracts/src');
  const event = `${n.Aggregate}Opened`;
  const types = definedEventTypes(contracts);
  if (types.has(event))
    throw new Error(`the contracts define ${event} already (${types.get(event)}); choose another --aggregate`);
  const exported = exportedNames(contracts);
  for (const name of [event, `${n.aggregateProp}Events`])
    if (exported.has(name))
      throw new Error(
        `${exported.get(name)} exports ${name} already; a second one would be ambiguous in the contracts' index (export *); pass another --aggregate`,
      );

  const prefix = `${n.aggregate}-`;
  for (const [used, path] of streamPrefixes(contracts, sources(tree, 'services')))
    if (used.startsWith(prefix) || prefix.startsWith(used))
      throw new Error(
        `${n.name}'s streams \`${prefix}<id>\` would overlap the streams \`${used}…\` of ${path}: read models key the positions they applied by stream id and reactions tell streams apart by prefix; pass another --aggregate`,
      );
}
