import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
}

/** Starts one of the proof's processes with tsx and resolves when it prints its "ready" line. */
export function startProcess(
  name: 'forwarder' | 'consumer',
  env: NodeJS.ProcessEnv,
  timeoutMs = 60000,
): Promise<RunningProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, `${name}-main.ts`)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not get ready in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    child.stdout!.on('data', () => {
      if (/ready/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

export function kill(process: RunningProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (process.child.exitCode !== null || process.child.signalCode !== null) return resolve();
    process.child.once('exit', () => resolve());
    process.child.kill(signal);
  });
}
