import type { CodegenConfig } from '@graphql-codegen/cli';

// Types of every operation the app sends, from the composed graph (schema.graphql, written by
// `npm run schema` from the services' own schema files): no hand-written copy of the graph's types.
const config: CodegenConfig = {
  schema: 'apps/console/schema.graphql',
  documents: ['apps/console/src/**/*.{ts,tsx}', '!apps/console/src/gql/**'],
  generates: {
    'apps/console/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { scalars: { DateTime: 'string' }, enumsAsTypes: true, useTypeImports: true },
    },
  },
  ignoreNoDocuments: false,
};
export default config;
