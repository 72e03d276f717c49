import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The architecture rules of STYLE.md and ADR 0001, proven to bite: lint rejects these imports.
// ESLint loads its flat config with import(), which jest's CommonJS sandbox cannot do, so each
// workspace is linted in one plain node child process that builds the Nx project graph (the
// boundary rule silently skips without one) and then lints a batch of code snippets.
process.env.NX_DAEMON = 'false';
const repo = join(__dirname, '..');
const fixture = join(__dirname, 'fixtures', 'boundaries');

type Snippet = { code: string; file: string };
type Project = { root: string; tags: string[] };
type Answer = { projects: Project[]; problems: Record<string, string[]> };

const child = `
const { ESLint } = require('eslint');
const { createProjectGraphAsync } = require('@nx/devkit');
let input = '';
process.stdin.on('data', (c) => (input += c)).on('end', async () => {
  const graph = await createProjectGraphAsync({ exitOnError: false });
  const projects = Object.values(graph.nodes).map(({ data }) => ({ root: data.root, tags: data.tags ?? [] }));
  const eslint = new ESLint({ cwd: process.cwd() });
  const problems = [];
  for (const { code, file } of JSON.parse(input)) {
    const [result] = await eslint.lintText(code, { filePath: file });
    problems.push(result.messages.map((m) => m.ruleId + ': ' + m.message));
  }
  console.log('ANSWER ' + JSON.stringify({ projects, problems }));
});`;

// Nx takes its workspace root from NX_WORKSPACE_ROOT_PATH; ESLint always runs from the repository
// with its real eslint.config.mjs.
function lintIn(workspaceRoot: string, snippets: Record<string, Snippet>, env = {}): Promise<Answer> {
  const names = Object.keys(snippets);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['-e', child], {
      cwd: repo,
      env: { ...process.env, NX_WORKSPACE_ROOT_PATH: workspaceRoot, ...env },
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c) => (out += c));
    proc.stderr.on('data', (c) => (err += c));
    proc.on('error', reject).on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('ANSWER '));
      if (code !== 0 || !line) return reject(new Error(`lint child exited ${code}:\n${out}\n${err}`));
      const answer = JSON.parse(line.slice('ANSWER '.length));
      resolve({
        projects: answer.projects,
        problems: Object.fromEntries(names.map((n, i) => [n, answer.problems[i]])),
      });
    });
    proc.stdin.end(JSON.stringify(names.map((n) => snippets[n])));
  });
}

const importing = (specifier: string, file: string): Snippet => ({
  code: `import * as x from '${specifier}';\nexport const y = x;\n`,
  file: join(repo, file),
});

const decider = 'libs/eventing/proof/tally/rule-check.decider.ts';
const serviceDecider = 'services/orders/src/order/rule-check.decider.ts';
const frameworks = ['@nestjs/common', 'mongoose', 'kafkajs', 'pg'];
const serviceA = 'test/fixtures/boundaries/services/a/src/main.ts';
const gateway = 'test/fixtures/boundaries/gateway/src/main.ts';

let inRepo: Answer;
let inFixture: Answer;
const fixtureGraphCache = mkdtempSync(join(tmpdir(), 'boundaries-nx-'));

beforeAll(async () => {
  [inRepo, inFixture] = await Promise.all([
    lintIn(repo, {
      ...Object.fromEntries(frameworks.map((f) => [f, importing(f, decider)])),
      domainFolder: importing('@nestjs/common', 'services/orders/src/order/domain/order.ts'),
      processManager: importing('kafkajs', 'services/dispatch/src/offer/offer.process.ts'),
      domainKit: importing('mongoose', 'libs/domain-kit/src/rule-check.ts'),
      wholeEventing: importing('@platform/eventing', serviceDecider),
      eventingDecider: importing('@platform/eventing/decider', serviceDecider),
      cleanDecider: importing('@platform/contracts', decider),
      contractsOnEventing: importing('@platform/eventing', 'libs/contracts/src/rule-check.ts'),
      libOnContracts: importing('@platform/contracts', 'libs/eventing/src/rule-check.ts'),
      relativeIntoContracts: importing(
        '../../contracts/src/event-catalog',
        'libs/eventing/src/rule-check.ts',
      ),
    }),
    // The fixture's graph cache goes to a temporary directory, not into the repository.
    lintIn(
      fixture,
      {
        serviceOnService: importing('@fixture/b', serviceA),
        serviceRelativeIntoService: importing('../../b/src/index', serviceA),
        serviceOnContracts: importing('@fixture/contracts', serviceA),
        gatewayOnService: importing('@fixture/a', gateway),
        gatewayOnContracts: importing('@fixture/contracts', gateway),
      },
      { NX_WORKSPACE_DATA_DIRECTORY: fixtureGraphCache },
    ),
  ]);
}, 60000);

afterAll(() => rmSync(fixtureGraphCache, { recursive: true, force: true }));

const pureDomain = /^no-restricted-imports: .*Domain logic stays pure/;

describe('domain files import no framework', () => {
  it.each(frameworks)('forbids a decider to import %s', (framework) => {
    expect(inRepo.problems[framework]).toEqual([expect.stringMatching(pureDomain)]);
  });

  it('applies to domain folders and process managers too', () => {
    expect(inRepo.problems.domainFolder).toEqual([expect.stringMatching(pureDomain)]);
    expect(inRepo.problems.processManager).toEqual([expect.stringMatching(pureDomain)]);
  });

  it('applies to domain-kit, the helpers domain files share', () => {
    expect(inRepo.problems.domainKit).toEqual([expect.stringMatching(pureDomain)]);
  });

  it('forbids a decider to import the whole platform library, but allows its decider entry', () => {
    expect(inRepo.problems.wholeEventing).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*@platform\/eventing\/decider instead/),
    ]);
    expect(inRepo.problems.eventingDecider).toEqual([]);
  });

  it('lets a decider import the contracts', () => {
    expect(inRepo.problems.cleanDecider).toEqual([]);
  });
});

describe('project boundaries in this workspace', () => {
  it('forbids the contracts to depend on the platform library', () => {
    expect(inRepo.problems.contractsOnEventing).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: .*"type:contracts"/),
    ]);
  });

  it('lets the platform library depend on the contracts', () => {
    expect(inRepo.problems.libOnContracts).toEqual([]);
  });

  it('forbids reaching into another project by a relative path', () => {
    expect(inRepo.problems.relativeIntoContracts).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: Projects cannot be imported by a relative/),
    ]);
  });

  // A project that Nx does not see, or that lacks its tag, escapes every constraint above.
  it('sees every lib, service and the gateway as a tagged project', () => {
    const expected = (dir: string, tags: string[]) =>
      existsSync(join(repo, dir))
        ? readdirSync(join(repo, dir), { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => ({ root: `${dir}/${d.name}`, tags }))
        : [];
    const found = new Map(inRepo.projects.map((p) => [p.root, p.tags]));
    const wanted = [
      ...expected('libs', ['type:lib', 'type:contracts']),
      ...expected('services', ['type:service']),
      ...(existsSync(join(repo, 'gateway')) ? [{ root: 'gateway', tags: ['type:gateway'] }] : []),
    ];
    const untagged = wanted
      .filter(({ root, tags }) => !tags.some((t) => found.get(root)?.includes(t)))
      .map(({ root, tags }) => `${root} is not an Nx project tagged ${tags.join(' or ')}`);
    expect(wanted.length).toBeGreaterThanOrEqual(2);
    expect(untagged).toEqual([]);
  });
});

describe('project boundaries between services (fixture workspace, same config)', () => {
  it('is a workspace of two services, a gateway and contracts', () => {
    const typed = inFixture.projects.map((p) => `${p.root} ${p.tags.filter((t) => t.startsWith('type:'))}`);
    expect(typed.sort()).toEqual([
      'gateway type:gateway',
      'libs/contracts type:contracts',
      'services/a type:service',
      'services/b type:service',
    ]);
  });

  it('forbids a service to import another service', () => {
    expect(inFixture.problems.serviceOnService).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: .*"type:service" can only depend on/),
    ]);
    expect(inFixture.problems.serviceRelativeIntoService).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: Projects cannot be imported by a relative/),
    ]);
  });

  it('forbids the gateway to import a service', () => {
    expect(inFixture.problems.gatewayOnService).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: .*"type:gateway" can only depend on/),
    ]);
  });

  it('lets services and the gateway import the contracts', () => {
    expect(inFixture.problems.serviceOnContracts).toEqual([]);
    expect(inFixture.problems.gatewayOnContracts).toEqual([]);
  });
});
