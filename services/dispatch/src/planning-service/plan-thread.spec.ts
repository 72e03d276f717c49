import { checkPlan } from '../../test/support/check-plan';
import { generateDay } from '../../test/support/generate-day';
import { PlanThreads } from './plan-thread';

describe('a city-day plan on its own thread', () => {
  it('leaves the event loop free while the planner searches, and returns a plan that keeps every rule', async () => {
    const { orders, workers, policy } = generateDay(600, 90, 7);
    let longestGapMs = 0;
    let last = performance.now();
    const ticks = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
    }, 10);
    try {
      const { plan, greedy, runtimeMs } = await new PlanThreads().plan({
        orders,
        workers,
        policy,
        timeLimitMs: 2000,
      });
      // On the event loop the service would have stood still for the whole search.
      expect(runtimeMs).toBeGreaterThan(1500);
      expect(longestGapMs).toBeLessThan(runtimeMs / 3);
      expect(checkPlan(plan, orders, workers, policy)).toEqual([]);
      expect(plan.assignedCount).toBeGreaterThanOrEqual(greedy.assignedCount);
    } finally {
      clearInterval(ticks);
    }
  }, 30_000);

  it('stops a plan still running when the service shuts down, at once', async () => {
    const { orders, workers, policy } = generateDay(1200, 180, 11);
    const threads = new PlanThreads();
    const cut = threads.plan({ orders, workers, policy, timeLimitMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const stopped = Date.now();
    await threads.stop();
    await expect(cut).rejects.toThrow(/stopped \(exit code 1\) before it planned/);
    expect(Date.now() - stopped).toBeLessThan(5000);
  }, 60_000);
});
