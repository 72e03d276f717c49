export * from './principal';
export * from './tokens';
export * from './hmac';
export * from './access-scope';
export { loadSingleSignOn, type SingleSignOnConfig } from './single-sign-on';
