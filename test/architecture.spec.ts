import { execFileSync, execSync } from 'node:child_process';
import { join } from 'node:path';

// The architecture rules of STYLE.md and ADR 0001, proven to bite: lint rejects these imports.
// ESLint's flat config is an ES module, which jest's CommonJS sandbox cannot load, so the lint
// runs in a plain node child process.
const repo = join(__dirname, '..');

beforeAll(() => {
  // enforce-module-boundaries reads Nx's project graph; without it the rule would silently skip.
  execSync('npx nx show projects', { cwd: repo, stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } });
}, 60000);

const lintScript = `
const { ESLint } = require('eslint');
let input = '';
process.stdin.on('data', (c) => (input += c)).on('end', async () => {
  const { code, filePath, configFor } = JSON.parse(input);
  const eslint = new ESLint({ cwd: process.cwd() });
  if (configFor) return console.log(JSON.stringify(await eslint.calculateConfigForFile(configFor)));
  const [result] = await eslint.lintText(code, { filePath });
  console.log(JSON.stringify(result.messages.map((m) => m.ruleId + ': ' + m.message)));
});`;
const runLint = (request: object) =>
  JSON.parse(execFileSync(process.execPath, ['-e', lintScript], { cwd: repo, input: JSON.stringify(request), env: { ...process.env, NX_DAEMON: 'false' } }).toString());

async function problems(code: string, filePath: string): Promise<string[]> {
  return runLint({ code, filePath: join(repo, filePath) });
}

describe('architecture rules', () => {
  it.each(['@nestjs/common', 'mongoose', 'kafkajs', 'pg'])('forbids a decider to import %s', async (framework) => {
    const found = await problems(`import * as x from '${framework}';\nexport const y = x;\n`, 'libs/eventing/proof/tally/rule-check.decider.ts');
    expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: .*Domain logic stays pure/)]);
  });

  it('forbids a decider to import the whole platform library, but allows its decider entry', async () => {
    const path = 'services/orders/src/order/rule-check.decider.ts';
    expect(await problems(`import { DomainError } from '@platform/eventing';\nexport const e = DomainError;\n`, path)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*@platform\/eventing\/decider instead/),
    ]);
    expect(await problems(`import { DomainError } from '@platform/eventing/decider';\nexport const e = DomainError;\n`, path)).toEqual([]);
  });

  it('lets a decider import the contracts', async () => {
    expect(await problems(`import { eventsTopic } from '@platform/contracts';\nexport const t = eventsTopic('orders');\n`, 'libs/eventing/proof/tally/rule-check.decider.ts')).toEqual([]);
  });

  it('forbids the contracts to depend on the platform library', async () => {
    const found = await problems(`import { START } from '@platform/eventing';\nexport const s = START;\n`, 'libs/contracts/src/rule-check.ts');
    expect(found).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: .*type:contracts/)]);
  });

  it('forbids reaching into another project by a relative path', async () => {
    const found = await problems(`import { EventCatalog } from '../../contracts/src/event-catalog';\nexport const c = EventCatalog;\n`, 'libs/eventing/src/rule-check.ts');
    expect(found).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: /)]);
  });

  it('declares that services may use only libs and contracts, so never each other', async () => {
    const config = runLint({ configFor: join(repo, 'services/orders/src/main.ts') });
    const [, options] = config.rules['@nx/enforce-module-boundaries'];
    expect(options.depConstraints).toContainEqual({ sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] });
  });
});
