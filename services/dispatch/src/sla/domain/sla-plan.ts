import type { DispatchPolicySettings } from '@platform/contracts';

const MINUTE = 60_000;
type Window = { start: string | Date; end: string | Date };
const at = (base: number, minutes: number) => new Date(base + minutes * MINUTE);

/**
 * When each service-level target of an order falls due, and when the worker is reminded, under a
 * branch's policy. Accept: from the first offer. Arrive: the window start plus the grace. Finish:
 * from check-in, the item's expected minutes plus the grace. Reminders: before the window starts,
 * and before the expected end (from check-in, or from the window start while not checked in).
 */
export function slaPlan(
  settings: Pick<DispatchPolicySettings, 'sla' | 'reminders'>,
  order: { window: Window; expectedMinutes: number },
  facts: { firstOfferAt?: Date; checkedInAt?: Date | null } = {},
) {
  const start = new Date(order.window.start).getTime();
  const workStart = facts.checkedInAt ? facts.checkedInAt.getTime() : start;
  const expectedEnd = workStart + order.expectedMinutes * MINUTE;
  return {
    acceptBy: facts.firstOfferAt ? at(facts.firstOfferAt.getTime(), settings.sla.acceptMinutes) : null,
    arriveBy: at(start, settings.sla.arriveGraceMinutes),
    finishBy: facts.checkedInAt ? at(expectedEnd, settings.sla.finishGraceMinutes) : null,
    remindStartAt: at(start, -settings.reminders.beforeStartMinutes),
    remindEndAt: at(expectedEnd, -settings.reminders.beforeEndMinutes),
  };
}
