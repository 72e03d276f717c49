/**
 * A worker as a subgraph other than workforce names them: a Federation reference (`type Worker
 * @key(fields: "id", resolvable: false) { id: ID! }`) that the gateway resolves in workforce, which
 * owns names and decides who may see them. Other services keep no worker names (ADR 0012).
 */
export const workerReference = (workerId: string | null | undefined) =>
  workerId ? { __typename: 'Worker' as const, id: workerId } : null;
