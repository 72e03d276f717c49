import type { EventData, OrderPlaced } from '@platform/contracts';

/**
 * The new-order message card in the Lark/Feishu interactive-card format: the key facts and a
 * button that opens the order. Pure, so the exact card is tested without a chat server.
 */
export function newOrderCard(
  order: EventData<typeof OrderPlaced>,
  appUrl: string,
  timeZone = 'Asia/Shanghai',
) {
  const when = new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const until = new Intl.DateTimeFormat('zh-CN', { timeZone, timeStyle: 'short' });
  const facts: [string, string][] = [
    ['服务 Service', `${order.item.name.zh} / ${order.item.name.en}`],
    ['渠道 Channel', order.channelOrderId ? `${order.channel} · ${order.channelOrderId}` : order.channel],
    ['地址 Area', `${order.address.city} ${order.address.district}`],
    [
      '预约 Appointment',
      `${when.format(new Date(order.appointment.start))} – ${until.format(new Date(order.appointment.end))}`,
    ],
    ['订单 Order', order.orderId],
  ];
  if (order.product)
    facts.push(['产品 Product', `${order.product.category} ${order.product.model}: ${order.product.fault}`]);
  return {
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: {
        template: 'blue',
        title: { tag: 'plain_text', content: `新订单 New order · ${order.item.name.zh}` },
      },
      elements: [
        {
          tag: 'div',
          fields: facts.map(([label, value]) => ({
            is_short: false,
            text: { tag: 'lark_md', content: `**${label}**\n${value}` },
          })),
        },
        {
          tag: 'action',
          actions: [
            {
              tag: 'button',
              type: 'primary',
              text: { tag: 'plain_text', content: '打开订单 Open order' },
              url: `${appUrl.replace(/\/$/, '')}/${order.orderId}`,
            },
          ],
        },
      ],
    },
  };
}
