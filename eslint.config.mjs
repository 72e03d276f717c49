// Lint with real architectural constraints (docs/adr/0001):
// - projects depend only as their Nx tags allow: services and the gateway on libs and contracts,
//   never on each other; contracts on nothing of ours;
// - domain files (deciders, process managers, domain/) import no framework or driver.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const frameworks = ['@nestjs/*', 'mongoose', 'mongodb', 'kafkajs', 'pg', '@eventstore/*', '@apollo/*', 'graphql'];

export default tseslint.config(
  { ignores: ['**/node_modules', '**/dist', '.local', '.nx', 'coverage', 'bench/results', 'infra/local/ferretdb', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:gateway', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.decider.ts', '**/*.process.ts', '**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@platform/eventing',
              message: 'Its index loads NestJS, kafkajs and mongoose: a decider imports @platform/eventing/decider instead.',
            },
          ],
          patterns: [
            {
              group: frameworks,
              message: 'Domain logic stays pure: deciders and process managers import no framework or driver (STYLE.md). Do I/O in the handler.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
