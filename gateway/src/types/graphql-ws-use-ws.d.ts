// tsconfig.base.json resolves modules the "node" (node10) way, which ignores package.json
// "exports"; node itself reads them, so only the types need pointing at the file.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
