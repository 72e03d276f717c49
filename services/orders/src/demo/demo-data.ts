import { Inject, Injectable } from '@nestjs/common';
import type { CommandMetadata } from '@platform/eventing';
import { DomainError } from '@platform/eventing';
import { catalogueItemDecider, catalogueItemStream } from '../catalogue/catalogue-item.decider';
import { seedCatalogue } from '../catalogue/seed-catalogue';
import { OrderIntake } from '../order/place-order/order-intake';
import { CommandRunner } from '@platform/service-kit';
import { BUSINESS_UTC_OFFSET_MS } from '@platform/domain-kit';

const system = { kind: 'system' as const, id: 'demo-data' };
const meta = (commandId: string): CommandMetadata => ({
  commandId,
  correlationId: 'demo-data',
  causationId: null,
  actor: system,
  at: new Date(),
});

/** Demo data for the run command: the seed catalogue, published, and a day of orders in Shanghai. Safe to run again. */
@Injectable()
export class DemoData {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(OrderIntake) private readonly intake: OrderIntake,
  ) {}

  async seedCatalogue(): Promise<void> {
    for (const { code, details } of seedCatalogue) {
      const stream = catalogueItemStream(code);
      try {
        await this.commands.run(
          catalogueItemDecider,
          stream,
          { type: 'DraftItem', code, details },
          meta(`seed-draft:${code}`),
        );
        await this.commands.run(
          catalogueItemDecider,
          stream,
          { type: 'PublishItem' },
          meta(`seed-publish:${code}`),
        );
      } catch (error) {
        // An item an admin has since changed or retired is left as they left it.
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }

  async seedOrders(now = new Date()): Promise<string[]> {
    const day = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
    const at = (time: string) => `${day}T${time}:00+08:00`;
    const people = [
      {
        name: '王芳',
        phone: '13812345678',
        street: '徐汇区漕溪北路 88 号 12 楼 1202',
        district: '徐汇区',
        lat: 31.1886,
        lng: 121.4365,
      },
      {
        name: '李娜',
        phone: '13998765432',
        street: '浦东新区世纪大道 100 号 3 号楼 501',
        district: '浦东新区',
        lat: 31.2354,
        lng: 121.5055,
      },
      {
        name: '张伟',
        phone: '13700001111',
        street: '静安区南京西路 1266 号 2201',
        district: '静安区',
        lat: 31.2286,
        lng: 121.4525,
      },
    ];
    const orders = [
      { code: 'HC-DAILY-3H', channel: 'app', from: '09:00', to: '12:00' },
      { code: 'HC-DEEP-6H', channel: 'douyin_live', from: '13:00', to: '19:00' },
      { code: 'AS-REPAIR-SMARTLOCK', channel: 'brand_aftersales', from: '10:00', to: '12:00' },
      { code: 'HC-APPLIANCE-AC', channel: 'tmall', from: '15:00', to: '17:00' },
    ];
    const placed: string[] = [];
    for (const [index, order] of orders.entries()) {
      const person = people[index % people.length]!;
      const result = await this.intake.place(
        {
          channel: order.channel,
          channelOrderId: `DEMO-${day}-${index + 1}`,
          customerId: `demo-customer-${(index % people.length) + 1}`,
          contact: { name: person.name, phone: person.phone, street: person.street },
          address: {
            city: 'shanghai',
            district: person.district,
            location: { lat: person.lat, lng: person.lng },
          },
          itemCode: order.code,
          appointment: { start: at(order.from), end: at(order.to) },
          notes: index === 0 ? '家里有猫，请勿开窗 There is a cat: please keep the windows closed' : '',
          product:
            order.code === 'AS-REPAIR-SMARTLOCK'
              ? {
                  category: 'smart_home',
                  model: 'SL-X3',
                  purchaseDate: '2025-06-18',
                  fault: '指纹识别失败 Fingerprint not recognised',
                }
              : null,
        },
        meta(`demo-order:${day}:${index}`),
      );
      placed.push(result.orderId);
    }
    placed.push(...(await this.seedDispatchDay(now, people)));
    return placed;
  }

  /**
   * A working day's worth of cleaning orders across the districts the demo stations serve, two
   * working days ahead (China Standard Time), so that dispatch has something to do in `npm start`.
   */
  private async seedDispatchDay(now: Date, people: { name: string; phone: string; street: string }[]) {
    let ahead = new Date(now.getTime() + BUSINESS_UTC_OFFSET_MS + 2 * 86_400_000);
    if (ahead.getUTCDay() === 0) ahead = new Date(ahead.getTime() + 86_400_000);
    const day = ahead.toISOString().slice(0, 10);
    const places = [
      { district: '徐汇区', lat: 31.1886, lng: 121.4365 },
      { district: '闵行区', lat: 31.1128, lng: 121.3816 },
      { district: '浦东新区', lat: 31.2215, lng: 121.5447 },
      { district: '静安区', lat: 31.229, lng: 121.448 },
      { district: '黄浦区', lat: 31.2317, lng: 121.4846 },
    ];
    const placed: string[] = [];
    for (let index = 0; index < 20; index++) {
      const place = places[index % places.length]!;
      const person = people[index % people.length]!;
      const deep = index % 4 === 3;
      const hour = 8 + ((index * 3) % (deep ? 4 : 7));
      const clock = (h: number) => `${day}T${String(h).padStart(2, '0')}:00:00+08:00`;
      // A little scatter, so that the workers' distances differ.
      const jitter = ((index * 37) % 11) / 500;
      const result = await this.intake.place(
        {
          channel: index % 3 === 0 ? 'tmall' : 'app',
          channelOrderId: `DEMO-DISPATCH-${day}-${index + 1}`,
          customerId: `demo-customer-${10 + index}`,
          contact: { name: person.name, phone: person.phone, street: person.street },
          address: {
            city: 'shanghai',
            district: place.district,
            location: { lat: place.lat + jitter, lng: place.lng - jitter },
          },
          itemCode: deep ? 'HC-DEEP-6H' : 'HC-DAILY-3H',
          appointment: { start: clock(hour), end: clock(hour + (deep ? 6 : 3)) },
          notes: '',
          product: null,
        },
        meta(`demo-dispatch-order:${day}:${index}`),
      );
      placed.push(result.orderId);
    }
    return placed;
  }
}
