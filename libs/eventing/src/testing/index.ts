export * from './decider-spec';
export * from './event-store-contract';
export * from './servers';
export * from './publish';
export * from './faults';
export * from './crashed-member';
export * from './test-run';
