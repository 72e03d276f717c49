// Lint with real architectural constraints (docs/adr/0001), proven by test/architecture.spec.ts:
// - projects depend only as their Nx tags allow: services and the gateway on libs and contracts,
//   never on each other; contracts on nothing of ours;
// - domain files (deciders, process managers, domain/) import no framework or driver.
// The boundary rule reads Nx's cached project graph and skips itself without one, so `npm run lint`
// builds the graph first.
import { defineConfig } from 'eslint/config';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const frameworks = [
  '@nestjs/*',
  'mongoose',
  'mongodb',
  'kafkajs',
  'pg',
  '@eventstore/*',
  '@apollo/*',
  'graphql',
];

export default defineConfig(
  {
    ignores: [
      '**/node_modules',
      '**/dist',
      '.local',
      '.nx',
      'coverage',
      'bench/results',
      // Stryker's sandboxes and reports (npm run test:mutation)
      '.stryker-tmp',
      'reports',
      'infra/local/ferretdb',
      // generated from the composed graph by npm run build:console
      'apps/console/src/gql',
    ],
  },
  tseslint.configs.recommended,
  {
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
            // The app reaches the platform through the gateway's graph only, never by importing its code.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // jest.config.js and its helpers are CommonJS (package.json has no "type": "module").
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // domain-kit is what domain files share, so it is held to their rule.
    files: ['**/*.decider.ts', '**/*.process.ts', '**/domain/**/*.ts', 'libs/domain-kit/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@platform/eventing',
              message:
                'Its index loads NestJS, kafkajs and mongoose: a decider imports @platform/eventing/decider instead.',
            },
          ],
          patterns: [
            {
              group: frameworks,
              message:
                'Domain logic stays pure: deciders and process managers import no framework or driver (STYLE.md). Do I/O in the handler.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
