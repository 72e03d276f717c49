import { Inject, Injectable } from '@nestjs/common';
import type { CommandMetadata } from '@platform/eventing';
import { DomainError } from '@platform/eventing';
import { catalogueItemDecider, catalogueItemStream } from '../catalogue/catalogue-item.decider';
import { seedCatalogue } from '../catalogue/seed-catalogue';
import { OrderIntake } from '../order/place-order/order-intake';
import { CommandRunner } from '@platform/service-kit';

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
    return placed;
  }
}
