import { useSyncExternalStore } from 'react';

/** Whether the app can reach the platform now: what the banner shows. */
let online = true;
const listeners = new Set<() => void>();

export function reportConnection(up: boolean) {
  if (up === online) return;
  online = up;
  for (const listener of listeners) listener();
}

export const useOnline = () =>
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => online,
  );
