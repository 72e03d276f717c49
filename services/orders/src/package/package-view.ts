import type { PackageState } from './package.decider';

/** A package as the graph shows it, from its stream: what a command on it answers with. */
export const packageView = (packageId: string, state: PackageState) => {
  if (state.status === 'none') return null;
  const t = state.terms;
  return {
    id: packageId,
    status: state.status,
    customerId: t.customerId,
    itemCode: t.itemCode,
    city: t.address.city,
    weekday: t.weekday,
    windowFrom: t.window.from,
    windowTo: t.window.to,
    everyWeeks: t.everyWeeks,
    startDate: t.startDate,
    endDate: t.endDate,
    visits: Object.entries(state.ordered).map(([visitDate, orderId]) => ({ visitDate, orderId })),
  };
};
