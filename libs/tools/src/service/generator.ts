import {
  formatFiles,
  generateFiles,
  logger,
  updateJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { join } from 'node:path';
import { refuseClashes } from './clashes';
import { serviceNames, type ServiceNames, type ServiceOptions } from './names';
import {
  addScripts,
  addToAllEvents,
  addToCompose,
  addToContractsIndex,
  addToDockerfile,
  addToExportSpec,
  addToGatewayDefaults,
  addToGatewayManifest,
  addToK8sReadme,
  addToKustomization,
  addToProdKustomization,
  addToStartScript,
  MissingAnchor,
  usedPorts,
} from './wiring';

const sharedFiles: [path: string, edit: (text: string, n: ServiceNames) => string][] = [
  ['libs/contracts/src/all-events.ts', addToAllEvents],
  ['libs/contracts/src/index.ts', addToContractsIndex],
  ['libs/contracts/src/export/export-contracts.spec.ts', addToExportSpec],
  ['gateway/src/config.ts', addToGatewayDefaults],
  ['scripts/start.sh', addToStartScript],
  ['docker-compose.yml', addToCompose],
  ['Dockerfile', addToDockerfile],
  ['infra/k8s/base/kustomization.yaml', addToKustomization],
  ['infra/k8s/overlays/prod/kustomization.yaml', addToProdKustomization],
  ['infra/k8s/base/gateway.yaml', addToGatewayManifest],
  ['infra/k8s/README.md', addToK8sReadme],
];

/** The names of the workspace's packages (libs, services, the gateway). */
function packageNames(tree: Tree): string[] {
  return ['libs', 'services']
    .flatMap((dir) => tree.children(dir).map((child) => `${dir}/${child}/package.json`))
    .concat('gateway/package.json')
    .filter((path) => tree.exists(path))
    .map((path) => String(JSON.parse(tree.read(path, 'utf-8')!).name));
}

/**
 * `nx g @platform/tools:service <name>`: a service that builds, tests and runs at once (README, "How
 * a service is built"), its events in the contracts, and its entries in the gateway's defaults,
 * scripts/start.sh, docker-compose.yml, the Dockerfile and infra/k8s.
 */
export async function serviceGenerator(tree: Tree, options: ServiceOptions): Promise<GeneratorCallback> {
  const n = serviceNames(
    options,
    usedPorts(tree.read('scripts/start.sh', 'utf-8') ?? ''),
    packageNames(tree),
  );
  refuseClashes(tree, n);
  const root = `services/${n.name}`;

  const substitutions = { ...n, tmpl: '' };
  generateFiles(tree, join(__dirname, 'files/service'), root, substitutions);
  generateFiles(tree, join(__dirname, 'files/contracts'), `libs/contracts/src/${n.name}`, substitutions);
  generateFiles(tree, join(__dirname, 'files/k8s'), 'infra/k8s/base', substitutions);
  generateFiles(tree, join(__dirname, 'files/k8s-prod'), 'infra/k8s/overlays/prod', substitutions);

  const byHand: string[] = [];
  for (const [path, edit] of sharedFiles) {
    const text = tree.read(path, 'utf-8');
    try {
      if (text === null) throw new MissingAnchor('the file');
      tree.write(path, edit(text, n));
    } catch (error) {
      if (!(error instanceof MissingAnchor)) throw error;
      byHand.push(`${path}: ${error.message} not found; add ${n.name}'s entry by hand`);
    }
  }
  updateJson(tree, 'package.json', (json) => ({ ...json, scripts: addScripts(json.scripts ?? {}, n) }));
  await formatFiles(tree);

  return () => {
    for (const line of byHand) logger.warn(line);
    logger.info(
      [
        `${root}: run it with \`npm run start:${n.name}\` (port ${n.port}), test it with`,
        `  npx jest ${root} --selectProjects unit`,
        `  npx jest ${root} --selectProjects integration --runInBand --forceExit`,
        `and run \`npm install\` once, so that npm links the new workspace.`,
      ].join('\n'),
    );
  };
}

export default serviceGenerator;
