import { interactiveCard, type ChatCard } from '@platform/service-kit';
import type { OrderInView } from '../world/domain/dispatch-world';
import { BUSINESS_UTC_OFFSET_MS } from '@platform/domain-kit';

/**
 * What dispatch tells workers through the company's chat bot, as Lark/Feishu cards: an offer with
 * accept and decline, the assignment, a reassignment away from them, and reminders before the start
 * and the expected end. Times are China Standard Time; every card links to the job in the app.
 */
const cst = (instant: string | Date) =>
  new Date(new Date(instant).getTime() + BUSINESS_UTC_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

const jobLines = (o: OrderInView) => [
  `**${o.itemName.zh} ${o.itemName.en}** · ${o.order.district}`,
  `🕘 ${cst(o.order.window.start)} – ${cst(o.order.window.end).slice(11)} (CST) · ${o.order.expectedMinutes} min`,
];
const jobUrl = (appUrl: string, orderId: string) => `${appUrl}/jobs/${orderId}`;

export function offerCard(
  o: OrderInView,
  offer: { offerId: string; workerId: string; expiresAt: string },
  appUrl: string,
): ChatCard {
  const answer = (a: string) => `${appUrl}/offers/${offer.offerId}?answer=${a}`;
  return interactiveCard(
    'blue',
    `📋 新工单邀请 New job offer · ${o.itemName.zh}`,
    [
      `**To 师傅 ${offer.workerId}**`,
      ...jobLines(o),
      `请在 ${cst(offer.expiresAt)} 前答复。Please answer by ${cst(offer.expiresAt)} (CST).`,
    ],
    [
      { label: '接单 Accept', url: answer('accept'), kind: 'primary' },
      { label: '拒绝 Decline', url: answer('decline'), kind: 'danger' },
      { label: '详情 Details', url: jobUrl(appUrl, o.order.orderId), kind: 'default' },
    ],
  );
}

export function assignedCard(
  o: OrderInView,
  workerId: string,
  how: 'auto' | 'manual',
  appUrl: string,
): ChatCard {
  return interactiveCard(
    'green',
    `✅ 已派单 Job assigned · ${o.itemName.zh}`,
    [
      `**To 师傅 ${workerId}**`,
      ...jobLines(o),
      how === 'manual'
        ? '调度员已为你安排此单。A dispatcher assigned this job to you.'
        : '你已接单。You accepted this job.',
    ],
    [{ label: '查看工单 Open job', url: jobUrl(appUrl, o.order.orderId) }],
  );
}

export function displacedCard(o: OrderInView, workerId: string, reason: string, appUrl: string): ChatCard {
  return interactiveCard(
    'orange',
    `↩️ 工单已改派 Job reassigned · ${o.itemName.zh}`,
    [`**To 师傅 ${workerId}**`, ...jobLines(o), `此单已不再由你负责。This job is no longer yours: ${reason}`],
    [{ label: '我的日程 My schedule', url: `${appUrl}/schedule` }],
  );
}

export function movedCard(o: OrderInView, workerId: string, reason: string, appUrl: string): ChatCard {
  return interactiveCard(
    'turquoise',
    `🕘 工单改期 Job rescheduled · ${o.itemName.zh}`,
    [
      `**To 师傅 ${workerId}**`,
      ...jobLines(o),
      `此单已改到新时间，仍由你负责。This job moved to the time above and is still yours: ${reason}`,
    ],
    [{ label: '查看工单 Open job', url: jobUrl(appUrl, o.order.orderId) }],
  );
}

export function reminderCard(
  o: OrderInView,
  workerId: string,
  kind: 'start' | 'end',
  appUrl: string,
): ChatCard {
  const line =
    kind === 'start'
      ? `即将开始，请准时到达。Your job starts at ${cst(o.order.window.start)} (CST): please be on time.`
      : '预计即将完成，请完成检查清单并请客户签字。Nearly done: complete the checklist and ask the customer to sign.';
  return interactiveCard(
    kind === 'start' ? 'turquoise' : 'yellow',
    `⏰ ${kind === 'start' ? '开工提醒 Starting soon' : '完工提醒 Finishing'} · ${o.itemName.zh}`,
    [`**To 师傅 ${workerId}**`, ...jobLines(o), line],
    [{ label: '打开工单 Open job', url: jobUrl(appUrl, o.order.orderId) }],
  );
}
