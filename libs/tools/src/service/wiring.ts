import type { ServiceNames } from './names';

/**
 * The entries a new service adds to files the workspace shares, as text edits anchored on what
 * each file lists for the services before it. An edit leaves a file that already has its entry as
 * it is, and throws `MissingAnchor` (naming what it looked for) when the file no longer looks as
 * expected, so the generator can say which entry to add by hand.
 */
export class MissingAnchor extends Error {}

/** Where the first match of `pattern` at or after `from` ends. */
function endOf(text: string, pattern: RegExp, what: string, from = 0): number {
  const match = pattern.exec(text.slice(from));
  if (!match) throw new MissingAnchor(what);
  return from + match.index + match[0].length;
}

/** Where the first match of `pattern` at or after `from` starts. */
function startOf(text: string, pattern: RegExp, what: string, from = 0): number {
  const match = pattern.exec(text.slice(from));
  if (!match) throw new MissingAnchor(what);
  return from + match.index;
}

const insertAt = (text: string, index: number, insertion: string) =>
  text.slice(0, index) + insertion + text.slice(index);

/** The ports scripts/start.sh gives the services (`FOO_PORT="${FOO_PORT:-4001}"`), the gateway's left out. */
export function usedPorts(startScript: string): number[] {
  return [...startScript.matchAll(/\b([A-Z_]+)_PORT="\$\{\1_PORT:-(\d+)\}"/g)]
    .filter(([, variable]) => variable !== 'GATEWAY')
    .map(([, , port]) => Number(port));
}

/** scripts/start.sh: its port, its subgraph for the gateway, its process, its line in the ready message. */
export function addToStartScript(text: string, n: ServiceNames): string {
  if (text.includes(`services/${n.name}/src/main.ts`)) return text;
  const port = `${n.NAME}_PORT`;
  const portsEnd = endOf(text, /^export (?!GATEWAY)[^\n]*_PORT="\$\{[A-Z_]+:-\d+\}"/m, "the services' ports");
  let out = insertAt(text, portsEnd, ` ${port}="\${${port}:-${n.port}}"`);
  const subgraphs = startOf(out, /^export SUBGRAPHS="\$\{SUBGRAPHS:-/m, 'the default SUBGRAPHS');
  out = insertAt(out, out.indexOf('}"', subgraphs), `,${n.name}=http://127.0.0.1:\${${port}}/graphql`);
  out = insertAt(
    out,
    startOf(out, /^node --import tsx gateway\/src\/main\.ts/m, 'the line starting the gateway'),
    `node --import tsx services/${n.name}/src/main.ts &\npids+=($!)\n`,
  );
  const subgraphLines = [
    ...out.matchAll(/^ {2}[a-z-]+ subgraph: +http:\/\/127\.0\.0\.1:\$\{[A-Z_]+\}\/graphql.*$/gm),
  ];
  const last = subgraphLines[subgraphLines.length - 1];
  if (!last) throw new MissingAnchor('the subgraph lines of the ready message');
  const label = `  ${n.name} subgraph:`;
  const column = Math.max(last[0].indexOf('http'), label.length + 1);
  out = insertAt(
    out,
    last.index! + last[0].length,
    `\n${label.padEnd(column)}http://127.0.0.1:\${${port}}/graphql`,
  );
  return out
    .replace(/(stopping [a-z, -]+?) and gateway/, `$1, ${n.name} and gateway`)
    .replace(/(see the (?:\[[a-z-]+\], )*\[[a-z-]+\]) and \[gateway\]/, `$1, [${n.name}] and [gateway]`);
}

/** gateway/src/config.ts: the subgraphs the gateway composes when SUBGRAPHS is not set. */
export function addToGatewayDefaults(text: string, n: ServiceNames): string {
  if (text.includes(`name: '${n.name}'`)) return text;
  const start = endOf(text, /SUBGRAPHS: subgraphList\.default\(\[/, "the gateway's default SUBGRAPHS");
  const end = text.indexOf('])', start);
  const entries = text.slice(start, end).trimEnd().replace(/,$/, '');
  return `${text.slice(0, start)}${entries}, { name: '${n.name}', url: 'http://127.0.0.1:${n.port}/graphql' }${text.slice(end)}`;
}

/** docker-compose.yml: the service beside the others, and the gateway composing it and waiting for it. */
export function addToCompose(text: string, n: ServiceNames): string {
  if (text.includes(`services/${n.name}/src/main.ts`)) return text;
  const service = `  ${n.name}:
    build: .
    image: field-service-platform:dev
    command: ['npx', 'tsx', 'services/${n.name}/src/main.ts']
    environment:
      PG_URL: postgres://platform:platform-dev@postgres:5432/platform
      KAFKA_BROKERS: kafka:19092
      MONGO_URL: mongodb://mongo:27017/
      ${n.NAME}_PORT: ${n.port}
      LISTEN_HOST: 0.0.0.0
    ports:
      - '127.0.0.1:${n.port}:${n.port}'
    depends_on:
      postgres:
        condition: service_healthy
      kafka:
        condition: service_healthy
      mongo:
        condition: service_healthy
    healthcheck:
      test:
        [
          'CMD',
          'node',
          '-e',
          "fetch('http://127.0.0.1:${n.port}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))",
        ]
      interval: 5s
      timeout: 5s
      retries: 20
      start_period: 60s

`;
  let out = insertAt(text, startOf(text, /^ {2}gateway:\n/m, 'the gateway service'), service);
  const gateway = startOf(out, /^ {2}gateway:\n/m, 'the gateway service');
  const subgraphs = endOf(out, /^ {6}SUBGRAPHS: [^\n]*/m, "the gateway's SUBGRAPHS", gateway);
  out = insertAt(out, subgraphs, `,${n.name}=http://${n.name}:${n.port}/graphql`);
  const dependsOn = endOf(out, /^ {4}depends_on:\n(?: {6}[^\n]*\n)+/m, "the gateway's depends_on", gateway);
  return insertAt(out, dependsOn, `      ${n.name}:\n        condition: service_healthy\n`);
}

/** infra/k8s/base/kustomization.yaml: the service's manifest among the resources, before the gateway's. */
export function addToKustomization(text: string, n: ServiceNames): string {
  if (text.includes(`- ${n.name}.yaml`)) return text;
  return insertAt(
    text,
    startOf(text, /^ {2}- gateway\.yaml$/m, 'the gateway among the resources'),
    `  - ${n.name}.yaml\n`,
  );
}

/** infra/k8s/overlays/prod/kustomization.yaml: its autoscaler, which owns its replica count there. */
export function addToProdKustomization(text: string, n: ServiceNames): string {
  if (text.includes(`- ${n.name}-hpa.yaml`)) return text;
  const autoscalers = [...text.matchAll(/^ {2}- [a-z-]+-hpa\.yaml\n/gm)];
  const lastAutoscaler = autoscalers[autoscalers.length - 1];
  if (!lastAutoscaler) throw new MissingAnchor('the autoscalers among the resources');
  let out = insertAt(text, lastAutoscaler.index! + lastAutoscaler[0].length, `  - ${n.name}-hpa.yaml\n`);
  const patches = [
    ...out.matchAll(
      /^ {2}- target:\n {6}kind: Deployment\n {6}name: [a-z-]+\n {4}patch: \|-\n {6}- op: remove\n {8}path: \/spec\/replicas\n/gm,
    ),
  ];
  const lastPatch = patches[patches.length - 1];
  if (!lastPatch) throw new MissingAnchor("the patches removing the Deployments' replicas");
  out = insertAt(
    out,
    lastPatch.index! + lastPatch[0].length,
    `  # Likewise for ${n.name} (${n.name}-hpa.yaml).
  - target:
      kind: Deployment
      name: ${n.name}
    patch: |-
      - op: remove
        path: /spec/replicas
`,
  );
  return out;
}

/** infra/k8s/base/gateway.yaml: the subgraph in the gateway's SUBGRAPHS. */
export function addToGatewayManifest(text: string, n: ServiceNames): string {
  if (text.includes(`http://${n.name}:`)) return text;
  const name = endOf(text, /- name: SUBGRAPHS\n/, "the gateway's SUBGRAPHS");
  return insertAt(
    text,
    endOf(text, /value: [^\n]*/, "the gateway's SUBGRAPHS value", name),
    `,${n.name}=http://${n.name}:${n.port}/graphql`,
  );
}

/** infra/k8s/README.md: the manifest and the workload in their tables (formatting realigns them). */
export function addToK8sReadme(text: string, n: ServiceNames): string {
  if (text.includes(`base/${n.name}.yaml`)) return text;
  const out = insertAt(
    text,
    startOf(text, /^\| `base\/gateway\.yaml` /m, "the gateway's manifest in the table of files"),
    `| \`base/${n.name}.yaml\` | the ${n.title} service: \`${n.name}-config\` ConfigMap, Deployment (2 replicas), Service \`${n.name}:${n.port}\`, PodDisruptionBudget |\n`,
  );
  return insertAt(
    out,
    startOf(out, /^\| `gateway` /m, 'the gateway in the table of workloads'),
    `| \`${n.name}\` | \`npx tsx services/${n.name}/src/main.ts\` | ${n.port} | \`/healthz\` / \`/readyz\` (PostgreSQL and MongoDB answer) | 2; prod: HPA, 2 to 6 on CPU |\n`,
  );
}

/** Dockerfile: `npm ci` needs every workspace's package.json, listed before it runs. */
export function addToDockerfile(text: string, n: ServiceNames): string {
  const line = `COPY services/${n.name}/package.json services/${n.name}/\n`;
  if (text.includes(line)) return text;
  const services = [...text.matchAll(/^COPY services\/[a-z-]+\/package\.json services\/[a-z-]+\/\n/gm)];
  const last = services[services.length - 1];
  if (last) return insertAt(text, last.index! + last[0].length, line);
  return insertAt(text, startOf(text, /^COPY gateway\/package\.json/m, "the gateway's package.json"), line);
}

const eventsModule = (n: ServiceNames) => `./${n.name}/${n.aggregate}-events`;

/** libs/contracts/src/all-events.ts: every public event of the platform. */
export function addToAllEvents(text: string, n: ServiceNames): string {
  if (text.includes(`'${eventsModule(n)}'`)) return text;
  const imports = [...text.matchAll(/^import \{[^}]*\} from '\.\/[^']+';\n/gm)];
  const last = imports[imports.length - 1];
  if (!last) throw new MissingAnchor('the imports of the event lists');
  let out = insertAt(
    text,
    last.index! + last[0].length,
    `import { ${n.aggregateProp}Events } from '${eventsModule(n)}';\n`,
  );
  const list = endOf(out, /export const allEvents[^=]*= \[/, 'the list allEvents');
  out = insertAt(out, out.indexOf('];', list), `  ...${n.aggregateProp}Events,\n`);
  return out;
}

/** libs/contracts/src/index.ts: the events are published with the contracts. */
export function addToContractsIndex(text: string, n: ServiceNames): string {
  const line = `export * from '${eventsModule(n)}';\n`;
  if (text.includes(line)) return text;
  return `${text.replace(/\n*$/, '\n')}${line}`;
}

/**
 * libs/contracts/src/export/export-contracts.spec.ts: the contexts whose topics the AsyncAPI
 * document must have (a new topic is a change outside consumers see, so the spec names it).
 */
export function addToExportSpec(text: string, n: ServiceNames): string {
  const list = /\[((?:'[a-z-]+', )*'[a-z-]+')\]\.flatMap\(\(c\) =>/.exec(text);
  if (!list) throw new MissingAnchor('the contexts with topics in the AsyncAPI spec');
  const contexts = list[1]!.split(', ').map((quoted) => quoted.slice(1, -1));
  if (contexts.includes(n.name)) return text;
  const sorted = [...contexts, n.name].sort().map((c) => `'${c}'`);
  return text.replace(list[0], `[${sorted.join(', ')}].flatMap((c) =>`);
}

/** package.json: how to start the service alone and how to rebuild its read models. */
export function addScripts(scripts: Record<string, string>, n: ServiceNames): Record<string, string> {
  return {
    ...scripts,
    [`start:${n.name}`]: `tsx services/${n.name}/src/main.ts`,
    [`${n.name}:rebuild`]: `tsx services/${n.name}/src/read-models/rebuild-cli.ts`,
  };
}
