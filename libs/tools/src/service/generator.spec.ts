import { logger, type Tree } from '@nx/devkit';
import { FsTree } from 'nx/src/generators/tree';
import { join } from 'node:path';
import { serviceGenerator } from './generator';
import { plural, serviceNames } from './names';
import { addToStartScript, usedPorts } from './wiring';

// The generator on this workspace's files, in memory: the tree reads the repository and keeps every
// change to itself (nothing is written). generator.int-spec.ts runs the result.
const repo = join(__dirname, '../../../..');
const workspace = () => new FsTree(repo, false);
const text = (tree: Tree, path: string) => tree.read(path, 'utf-8') ?? '';

// formatFiles loads prettier with import(), which jest's CommonJS sandbox cannot do, and says so;
// the int-spec runs the generator through Nx, formatted.
beforeAll(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterAll(() => jest.restoreAllMocks());

describe('the service generator, in memory on this workspace', () => {
  let tree: Tree;
  let printNextSteps: () => void;
  beforeAll(async () => {
    tree = workspace();
    printNextSteps = (await serviceGenerator(tree, { name: 'parcel-lockers' })) as () => void;
  }, 60_000);

  it('creates the service: composition root, one use case, one read model with its rebuild, probes and specs', () => {
    const created = tree
      .listChanges()
      .filter((change) => change.type === 'CREATE')
      .map((change) => change.path)
      .sort();
    expect(created).toEqual([
      'infra/k8s/base/parcel-lockers.yaml',
      'infra/k8s/overlays/prod/parcel-lockers-hpa.yaml',
      'libs/contracts/src/parcel-lockers/parcel-locker-events.ts',
      'services/parcel-lockers/package.json',
      'services/parcel-lockers/src/main.ts',
      'services/parcel-lockers/src/parcel-locker/open-parcel-locker/open-parcel-locker.graphql',
      'services/parcel-lockers/src/parcel-locker/open-parcel-locker/open-parcel-locker.handler.ts',
      'services/parcel-lockers/src/parcel-locker/open-parcel-locker/open-parcel-locker.resolver.ts',
      'services/parcel-lockers/src/parcel-locker/parcel-locker.decider.spec.ts',
      'services/parcel-lockers/src/parcel-locker/parcel-locker.decider.ts',
      'services/parcel-lockers/src/parcel-lockers.config.ts',
      'services/parcel-lockers/src/parcel-lockers.graphql',
      'services/parcel-lockers/src/parcel-lockers.module.ts',
      'services/parcel-lockers/src/read-models/parcel-locker-list/parcel-locker-list.graphql',
      'services/parcel-lockers/src/read-models/parcel-locker-list/parcel-locker-list.read-model.spec.ts',
      'services/parcel-lockers/src/read-models/parcel-locker-list/parcel-locker-list.read-model.ts',
      'services/parcel-lockers/src/read-models/parcel-locker-list/parcel-locker-list.resolver.ts',
      'services/parcel-lockers/src/read-models/rebuild-cli.ts',
      'services/parcel-lockers/test/parcel-locker-flow.int-spec.ts',
      'services/parcel-lockers/test/stopping.int-spec.ts',
    ]);
    expect(JSON.parse(text(tree, 'services/parcel-lockers/package.json')).nx.tags).toEqual(['type:service']);
    expect(text(tree, 'services/parcel-lockers/src/parcel-lockers.config.ts')).toContain(
      'PARCEL_LOCKERS_STORAGE: z\n    .string()',
    );
  });

  it('spells each name as its place wants it', () => {
    const decider = text(tree, 'services/parcel-lockers/src/parcel-locker/parcel-locker.decider.ts');
    expect(decider).toContain("type: 'OpenParcelLocker'; parcelLockerId: string");
    expect(decider).toContain("'PARCEL_LOCKER_EXISTS'");
    expect(decider).toContain('`parcel-locker-${parcelLockerId}`');
    const events = text(tree, 'libs/contracts/src/parcel-lockers/parcel-locker-events.ts');
    expect(events).toContain("const topic = 'parcel-lockers.events';");
    expect(events).toContain("type: 'ParcelLockerOpened'");
    expect(
      text(tree, 'services/parcel-lockers/src/read-models/parcel-locker-list/parcel-locker-list.graphql'),
    ).toContain('parcelLockers(page: PageInput): [ParcelLocker!]!');
    expect(
      text(
        tree,
        'services/parcel-lockers/src/read-models/parcel-locker-list/parcel-locker-list.read-model.ts',
      ),
    ).toContain("name: 'parcel_locker_list'");
  });

  it('registers the events where the contracts list every event', () => {
    expect(text(tree, 'libs/contracts/src/all-events.ts')).toMatch(
      /import \{ parcelLockerEvents \} from '\.\/parcel-lockers\/parcel-locker-events';[\s\S]*\.\.\.parcelLockerEvents,\n\];/,
    );
    expect(text(tree, 'libs/contracts/src/index.ts')).toContain(
      "export * from './parcel-lockers/parcel-locker-events';",
    );
    expect(text(tree, 'libs/contracts/src/export/export-contracts.spec.ts')).toMatch(
      /\['dispatch', 'feedback', 'orders', 'parcel-lockers', 'workforce'\]\.flatMap/,
    );
  });

  it('takes the next free port and adds the service wherever the platform lists its services', () => {
    const port = Math.max(...usedPorts(text(workspace(), 'scripts/start.sh'))) + 1;
    expect(text(tree, 'gateway/src/config.ts')).toContain(
      `{ name: 'parcel-lockers', url: 'http://127.0.0.1:${port}/graphql' }`,
    );
    const start = text(tree, 'scripts/start.sh');
    expect(start).toContain(`PARCEL_LOCKERS_PORT="\${PARCEL_LOCKERS_PORT:-${port}}"`);
    expect(start).toContain(',parcel-lockers=http://127.0.0.1:${PARCEL_LOCKERS_PORT}/graphql}"');
    expect(start).toContain(
      'node --import tsx services/parcel-lockers/src/main.ts &\npids+=($!)\nnode --import tsx gateway',
    );
    expect(start).toMatch(
      /^ {2}parcel-lockers subgraph: +http:\/\/127\.0\.0\.1:\$\{PARCEL_LOCKERS_PORT\}\/graphql$/m,
    );
    const compose = text(tree, 'docker-compose.yml');
    expect(compose).toContain("command: ['npx', 'tsx', 'services/parcel-lockers/src/main.ts']");
    expect(compose).toContain(`,parcel-lockers=http://parcel-lockers:${port}/graphql\n`);
    expect(compose).toMatch(
      / {2}gateway:[\s\S]*depends_on:[\s\S]* {6}parcel-lockers:\n {8}condition: service_healthy/,
    );
    expect(text(tree, 'Dockerfile')).toContain(
      'COPY services/parcel-lockers/package.json services/parcel-lockers/\n',
    );
    expect(text(tree, 'infra/k8s/base/kustomization.yaml')).toContain(
      '  - parcel-lockers.yaml\n  - gateway.yaml',
    );
    expect(text(tree, 'infra/k8s/base/gateway.yaml')).toContain(
      `,parcel-lockers=http://parcel-lockers:${port}/graphql\n`,
    );
    expect(text(tree, 'infra/k8s/base/parcel-lockers.yaml')).toContain(`PARCEL_LOCKERS_PORT: '${port}'`);
    expect(text(tree, 'infra/k8s/README.md')).toContain('| `parcel-lockers` ');
    const prod = text(tree, 'infra/k8s/overlays/prod/kustomization.yaml');
    expect(prod).toMatch(/^ {2}- parcel-lockers-hpa\.yaml$/m);
    expect(prod).toContain(
      '  - target:\n      kind: Deployment\n      name: parcel-lockers\n    patch: |-\n      - op: remove\n        path: /spec/replicas\n',
    );
    expect(JSON.parse(text(tree, 'package.json')).scripts).toEqual(
      expect.objectContaining({
        'start:parcel-lockers': 'tsx services/parcel-lockers/src/main.ts',
        'parcel-lockers:rebuild': 'tsx services/parcel-lockers/src/read-models/rebuild-cli.ts',
      }),
    );
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    printNextSteps();
    expect(info.mock.calls[0]?.[0]).toContain(`\`npm run start:parcel-lockers\` (port ${port})`);
    info.mockRestore();
  });

  it('refuses a name that cannot name a topic, a service that exists, an event type that exists, a taken port', async () => {
    await expect(serviceGenerator(workspace(), { name: 'Billing2' })).rejects.toThrow(/lower-case letters/);
    await expect(serviceGenerator(workspace(), { name: 'orders' })).rejects.toThrow(
      'services/orders exists already',
    );
    await expect(serviceGenerator(workspace(), { name: 'branches' })).rejects.toThrow(
      'the contracts define BranchOpened already (libs/contracts/src/workforce/organisation-events.ts); choose another --aggregate',
    );
    await expect(serviceGenerator(workspace(), { name: 'billing', port: 4001 })).rejects.toThrow(
      'port 4001 is already taken',
    );
  });
});

describe('contracts and streams that exist already', () => {
  const refusal = async (options: { name: string; aggregate: string }) => {
    const tree = workspace();
    const error = await serviceGenerator(tree, options).then(
      () => undefined,
      (thrown: Error) => thrown.message,
    );
    // Refused before anything was written, so no half-generated service is left behind.
    expect(tree.listChanges()).toEqual([]);
    return error;
  };

  it("refuses to overwrite a context's contracts file (feedback's quality events, no feedback service yet)", async () => {
    expect(await refusal({ name: 'feedback', aggregate: 'quality' })).toBe(
      'libs/contracts/src/feedback/quality-events.ts exists already and would be overwritten; pass another --aggregate (its events go to libs/contracts/src/feedback/<aggregate>-events.ts)',
    );
  });

  it("refuses a second export of a name the contracts' index exports already (orderEvents)", async () => {
    expect(await refusal({ name: 'billing', aggregate: 'order' })).toBe(
      "libs/contracts/src/orders/order-events.ts exports orderEvents already; a second one would be ambiguous in the contracts' index (export *); pass another --aggregate",
    );
  });

  it("refuses streams that another context's streams would be taken for, named in its contracts or by a service's helper", async () => {
    // feedback's contracts name `complaint-<id>`, `incident-<id>`; dispatch's sla.decider.ts has slaStream.
    expect(await refusal({ name: 'billing', aggregate: 'complaint' })).toMatch(
      /^billing's streams `complaint-<id>` would overlap the streams `complaint-…` of libs\/contracts\/src\/feedback\/quality-events\.ts: .*; pass another --aggregate$/,
    );
    expect(await refusal({ name: 'billing', aggregate: 'incident' })).toMatch(
      /^billing's streams `incident-<id>` would overlap the streams `incident-…` of libs\/contracts\/src\/feedback\//,
    );
    expect(await refusal({ name: 'billing', aggregate: 'sla' })).toMatch(
      /^billing's streams `sla-<id>` would overlap the streams `sla-…` of services\/dispatch\/src\/sla\/domain\/sla\.decider\.ts: /,
    );
    // One prefix begins the other: `dispatch-policy-<branchId>` also starts with `dispatch-`.
    expect(await refusal({ name: 'billing', aggregate: 'dispatch' })).toMatch(
      /^billing's streams `dispatch-<id>` would overlap the streams `dispatch-policy-…` of /,
    );
  });
});

describe('a shared file that no longer looks as the generator expects', () => {
  it('is named in a warning with the entry to add by hand; everything else is generated', async () => {
    const tree = workspace();
    tree.write('Dockerfile', 'FROM node:20\n');
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    try {
      const done = (await serviceGenerator(tree, { name: 'billing' })) as () => void;
      done();
      expect(warn.mock.calls).toEqual([
        ["Dockerfile: the gateway's package.json not found; add billing's entry by hand"],
      ]);
      expect(tree.exists('services/billing/src/main.ts')).toBe(true);
      expect(text(tree, 'scripts/start.sh')).toContain('services/billing/src/main.ts');
    } finally {
      warn.mockRestore();
      info.mockRestore();
    }
  }, 60_000);
});

describe('names', () => {
  it('takes the aggregate from the service name without its plural s, or as given', () => {
    expect(
      ['contracts', 'branches', 'policies', 'billing'].map((name) => serviceNames({ name }, []).aggregate),
    ).toEqual(['contract', 'branch', 'policy', 'billing']);
    expect(serviceNames({ name: 'feedback', aggregate: 'complaint' }, [4001]).aggregatesProp).toBe(
      'complaints',
    );
  });

  it('puts the article a name needs before it', () => {
    expect(serviceNames({ name: 'billing', aggregate: 'invoice' }, []).anAggregate).toBe('an invoice');
    expect(serviceNames({ name: 'parcel-lockers' }, []).AnAggregate).toBe('A parcel locker');
  });

  it('names the package after the service, unless a library has that name (the contracts service)', async () => {
    const tree = workspace();
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    await serviceGenerator(tree, { name: 'contracts' });
    expect(JSON.parse(text(tree, 'services/contracts/package.json')).name).toBe(
      '@platform/contracts-service',
    );
    expect(text(tree, 'libs/contracts/src/contracts/contract-events.ts')).toContain("type: 'ContractOpened'");
    expect(serviceNames({ name: 'billing' }, []).packageName).toBe('@platform/billing');
  }, 60_000);

  it('makes plurals of names of things', () => {
    expect(['box', 'policy', 'day', 'branch', 'livestream'].map(plural)).toEqual([
      'boxes',
      'policies',
      'days',
      'branches',
      'livestreams',
    ]);
  });

  it('gives the port after the highest one taken, from 4001', () => {
    expect(serviceNames({ name: 'billing' }, []).port).toBe(4001);
    expect(serviceNames({ name: 'billing' }, [4001, 4003, 4002]).port).toBe(4004);
  });
});

describe('the start script edit', () => {
  it('says which entry it could not place, rather than guessing', () => {
    expect(() =>
      addToStartScript('#!/usr/bin/env bash\necho hi\n', serviceNames({ name: 'billing' }, [])),
    ).toThrow("the services' ports");
  });
});
