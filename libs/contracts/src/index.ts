export * from './envelope';
export * from './define-event';
export * from './event-catalog';
export * from './validation-error';
export * from './topics';
export * from './proof/tally-events';
export { allEvents } from './all-events';
