import { Kafka, logLevel } from 'kafkajs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '../../../..');

/** How a process ended after SIGTERM, how long it took, and what it printed meanwhile. */
export type Termination = {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  lastWords: string;
};

/** What every process does on SIGTERM, whatever it was doing: exit with code 0, within 5 s. */
export function expectStoppedCleanly({ code, signal, ms, lastWords }: Termination): void {
  if (code === 0 && ms < 5000) return;
  throw new Error(
    `expected exit code 0 within 5 s of SIGTERM, got ${code ?? signal} after ${ms} ms; it printed:\n${lastWords}`,
  );
}

export interface ServiceProcess {
  /** Everything the process has printed so far, stdout and stderr. */
  output(): string;
  /** Sends SIGTERM, then resolves once the process has exited: how, and how long it took. */
  terminate(): Promise<Termination>;
  /** SIGKILL if it still runs (a test's clean-up whatever happened). */
  kill(): void;
}

/**
 * Runs an entry point (`services/<name>/src/main.ts`, `gateway/src/main.ts`) as its own process, the
 * way `npm start` does, and resolves once it has printed `ready`. `env` is added to this process's
 * environment (the real servers chosen by the global set-up).
 */
export async function startServiceProcess(
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 120_000,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} did not print ${ready} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  return {
    output: () => output,
    async terminate() {
      const sent = Date.now();
      const before = output.length;
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      const ms = Date.now() - sent;
      return { code, signal, ms, lastWords: output.slice(before).slice(-3000) };
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** A port that was free a moment ago, for a process that must be told its port before it starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The consumer groups on the broker whose ids start with `prefix` (a test's own topic prefix). */
export async function consumerGroups(prefix: string): Promise<string[]> {
  const kafka = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    return groups
      .map((g) => g.groupId)
      .filter((id) => id.startsWith(prefix))
      .sort();
  } finally {
    await admin.disconnect();
  }
}
