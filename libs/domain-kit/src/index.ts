/**
 * Pure helpers that domain files (deciders, process managers, `domain/` folders) of every service
 * share: no framework, driver or I/O (eslint.config.mjs holds this library to the domain rule).
 */
export * from './business-day';
export * from './geo';
