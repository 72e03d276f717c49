import { createPool } from '../postgres/postgres';
import { DurableTimers } from '../timers/durable-timers';

// A separate process for the timer crash tests: schedules a timer, runs the scheduler, and either
// handles timers normally or hangs in the handler (to be SIGKILLed with a lease held).
//   tsx timer-process.ts <schema> <timerId> <dueInMs> <normal|hang>
async function main() {
  const [schema, timerId, dueInMs, mode] = process.argv.slice(2) as [string, string, string, string];
  const pool = createPool(process.env.PG_URL!);
  const timers = await DurableTimers.create(pool, schema);
  await timers.schedule({
    id: timerId,
    kind: 'remind',
    dueAt: new Date(Date.now() + Number(dueInMs)),
    payload: { note: 'from the first process' },
  });
  timers.start(
    {
      remind: async () => {
        console.log('handling');
        if (mode === 'hang') await new Promise(() => undefined);
      },
    },
    { pollMs: 50, leaseMs: 1500 },
  );
  console.log('ready');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
