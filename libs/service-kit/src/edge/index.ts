// What every GraphQL server of the platform, the gateway included, applies at its edge. Free of
// NestJS, so that the gateway imports it as `@platform/service-kit/edge`.
export * from './listen-host';
export * from './operation-limits';
