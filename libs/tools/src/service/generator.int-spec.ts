import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * `npx nx g @platform/tools:service` in a copy of this workspace (its files as they are, without
 * node_modules, which is linked), then what a new service must pass before anyone builds on it:
 * the type check, the lint rules (module boundaries and pure domain files included), and its own
 * specs, unit and integration, against the real servers, beside the specs of the shared files it
 * changed (the contracts' catalogue and AsyncAPI export, the gateway's configuration).
 */
const repo = join(__dirname, '../../../..');
const sample = 'parcel-lockers';
const progress = (line: string) => process.stderr.write(`[generator spec] ${line}\n`);

/** Runs a node script in the copy; resolves with its output, or fails with it. */
function run(dir: string, label: string, command: string[]): Promise<string> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, {
      cwd: dir,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject).on('close', (code) => {
      progress(`${label}: exit ${code} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
      if (code === 0) resolve(output);
      else reject(new Error(`${command.join(' ')} exited ${code}:\n${output.slice(-6000)}`));
    });
  });
}

describe('a service generated into a copy of this workspace', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'service-generator-'));
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: repo,
      encoding: 'utf-8',
    })
      .split('\0')
      .filter((file) => file && statSync(join(repo, file), { throwIfNoEntry: false })?.isFile());
    for (const file of files) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      copyFileSync(join(repo, file), join(dir, file));
    }
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
    progress(`copied ${files.length} files to ${dir}`);
    await run(dir, `nx g @platform/tools:service ${sample}`, [
      'node_modules/nx/dist/bin/nx.js',
      'g',
      '@platform/tools:service',
      sample,
      '--no-interactive',
    ]);
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('type-checks, with the contracts and the gateway configuration it changed', async () => {
    writeFileSync(
      join(dir, 'tsconfig.generated.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        include: [`services/${sample}/**/*.ts`, 'libs/contracts/src/**/*.ts', 'gateway/src/config.ts'],
      }),
    );
    await run(dir, 'tsc', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.generated.json', '--noEmit']);
  }, 240_000);

  it("composes with the other services' subgraphs into the one graph, each served as ServiceModule serves it", async () => {
    const services = ['orders', 'workforce', 'dispatch', sample];
    writeFileSync(
      join(dir, 'compose-check.ts'),
      `import { GraphQLTypesLoader } from '@nestjs/graphql';
import { KIT_GRAPHQL } from '@platform/service-kit';
import { composeAvailable } from './gateway/src/supergraph';
(async () => {
  const subgraphs = await Promise.all(
    ${JSON.stringify(services)}.map(async (name) => ({
      name,
      url: 'http://' + name + '/graphql',
      sdl: await new GraphQLTypesLoader().mergeTypesByPaths([KIT_GRAPHQL, 'services/' + name + '/src/**/*.graphql']),
    })),
  );
  const state = composeAvailable(subgraphs, { supergraphSdl: undefined, composed: [], missing: [] });
  console.log('COMPOSED ' + JSON.stringify({ composed: state.composed, missing: state.missing }));
})();
`,
    );
    const output = await run(dir, 'compose the subgraphs', ['--import', 'tsx', 'compose-check.ts']);
    const line = output.split('\n').find((l) => l.startsWith('COMPOSED '));
    expect(JSON.parse(line!.slice('COMPOSED '.length))).toEqual({ composed: services, missing: [] });
  }, 60_000);

  it('is an Nx project tagged type:service, and its files pass the lint rules', async () => {
    const projects = JSON.parse(
      await run(dir, 'nx show projects', ['node_modules/nx/dist/bin/nx.js', 'show', 'projects', '--json']),
    );
    expect(projects).toContain(`@platform/${sample}`);
    const project = JSON.parse(
      await run(dir, 'nx show project', [
        'node_modules/nx/dist/bin/nx.js',
        'show',
        'project',
        `@platform/${sample}`,
        '--json',
      ]),
    );
    expect(project.tags).toContain('type:service');
    await run(dir, 'eslint', [
      'node_modules/eslint/bin/eslint.js',
      `services/${sample}`,
      `libs/contracts/src/${sample}`,
      'libs/contracts/src/all-events.ts',
      'libs/contracts/src/index.ts',
      'gateway/src/config.ts',
    ]);
  }, 120_000);

  it('passes its own specs, unit and integration, and the specs of the shared files it changed', async () => {
    const output = await run(dir, 'jest', [
      'node_modules/jest/bin/jest.js',
      `services/${sample}/`,
      'libs/contracts/src/export/',
      'libs/contracts/src/event-catalog',
      'gateway/src/config.spec.ts',
      '--runInBand',
      '--forceExit',
    ]);
    const summary = /^Tests: +(.*)$/m.exec(output)?.[1] ?? '';
    progress(`jest: ${summary}`);
    expect(summary).toMatch(/^\d+ passed, \d+ total$/);
    // Every kind of spec the generator writes ran: decider, read model, end to end, stopping.
    for (const spec of ['decider.spec', 'read-model.spec', 'flow.int-spec', 'stopping.int-spec'])
      expect(output).toMatch(new RegExp(`PASS .*services/${sample}/.*${spec.replace('.', '\\.')}\\.ts`));
  }, 300_000);
});
