import type { INestApplication } from '@nestjs/common';

/**
 * How long a service may take to stop. Kubernetes waits 30 s before it kills, but a stop that
 * takes more than a few seconds holds up every rolling restart and `npm start -- --once`; every
 * part of a service stops within it (the handler in hand finishes or is aborted).
 */
export const STOP_DEADLINE_MS = 4500;

/**
 * SIGTERM (Kubernetes, `npm start` stopping) or Ctrl-C stops the service through Nest's shutdown
 * hooks — HTTP first, then consumers, timers and the forwarder, then the stores — and exits with
 * code 0. A stop that is still hanging at the deadline is cut off with code 1 and says so: the
 * process is gone either way, and the log shows that something did not stop.
 */
export function stopOnSignals(app: INestApplication, name: string): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    setTimeout(() => {
      console.error(
        `[${name}] ${signal}: not stopped after ${STOP_DEADLINE_MS} ms; exiting anyway (${stillOpen()})`,
      );
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    app.close().then(
      () => {
        console.log(`[${name}] ${signal}: stopped in ${Date.now() - started} ms`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(
          `[${name}] ${signal}: stopping failed: ${error instanceof Error ? error.stack : error}`,
        );
        process.exit(1);
      },
    );
  };
  // Kept after the first: Ctrl-C under `npm start` sends SIGINT and then SIGTERM, and the second
  // must not kill the process half-way through stopping.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** What keeps the process alive, counted by kind (sockets, timers), for a stop that hangs. */
function stillOpen(): string {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return `still open: ${[...counts].map(([kind, n]) => `${n} ${kind}`).join(', ')}`;
}
