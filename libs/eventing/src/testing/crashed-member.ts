import { spawn } from 'node:child_process';

/**
 * Consumer-group members that crash (`kill -9`): a separate process joins each group on the
 * topics, then is killed, so the broker keeps it as a member until its session times out, as it
 * does after a real crash. Resolves once it is dead.
 */
export async function leaveCrashedMembers(options: {
  brokers: string;
  groups: readonly string[];
  topics: readonly string[];
  sessionTimeoutMs: number;
}): Promise<void> {
  const script = `
    const { Kafka, logLevel } = require('kafkajs');
    const kafka = new Kafka({ clientId: 'crashing', brokers: ${JSON.stringify(options.brokers.split(','))}, logLevel: logLevel.NOTHING });
    (async () => {
      for (const groupId of ${JSON.stringify(options.groups)}) {
        const consumer = kafka.consumer({ groupId, sessionTimeout: ${options.sessionTimeoutMs}, heartbeatInterval: 1000 });
        consumer.on(consumer.events.GROUP_JOIN, () => console.log('joined ' + groupId));
        await consumer.connect();
        await consumer.subscribe({ topics: ${JSON.stringify(options.topics)}, fromBeginning: true });
        await consumer.run({ eachMessage: async () => new Promise(() => undefined) });
      }
    })();`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const joined = new Set<string>();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`crashing member joined only ${[...joined].join(', ')}`)),
      60_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n'))
        if (line.startsWith('joined ')) joined.add(line.slice('joined '.length));
      if (options.groups.every((g) => joined.has(g))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`crashing member exited early (${code})`)));
  });
  const dead = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await dead;
}
