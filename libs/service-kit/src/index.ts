export * from './caller';
export * from './command-runner';
export * from './date-time.scalar';
export * from './expected-errors.filter';
export * from './federated-graphql';
export * from './graphql-errors';
export * from './health.controller';
export * from './chat-bot';
