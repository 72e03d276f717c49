import { EventCatalog, allEvents, type CatalogueItemDetails } from '@platform/contracts';
import { deciderSpec } from '@platform/eventing/testing';
import { catalogueItemDecider, type CatalogueItemEvent } from './catalogue-item.decider';

const spec = deciderSpec(catalogueItemDecider);
const catalog = new EventCatalog(allEvents);

const code = 'APPLIANCE-AC-HANG';
const airConditionerCleaning: CatalogueItemDetails = {
  name: { zh: '挂机空调深度清洗', en: 'Wall-mounted air conditioner deep clean' },
  line: 'home_services',
  category: 'appliance_cleaning',
  productCategory: null,
  standard: [
    {
      area: '室内机 Indoor unit',
      criteria: [
        '滤网拆洗晾干 Filters removed, washed and dried',
        '蒸发器高温蒸汽清洗 Evaporator steam-cleaned',
      ],
    },
    { area: '现场 Site', criteria: ['墙面地面无污水 No dirty water left on walls or floor'] },
  ],
  expectedMinutes: 90,
  qualification: 'appliance_cleaning',
  basePrice: { amountMinor: 12_800, currency: 'CNY' },
  cities: ['上海', '苏州', '杭州'],
};
const cheaper: CatalogueItemDetails = {
  ...airConditionerCleaning,
  basePrice: { amountMinor: 9_900, currency: 'CNY' },
};

const drafted: CatalogueItemEvent = {
  type: 'CatalogueItemDrafted',
  data: { code, ...airConditionerCleaning },
};
const revised: CatalogueItemEvent = { type: 'CatalogueItemRevised', data: { code, ...cheaper } };
const published: CatalogueItemEvent = { type: 'CatalogueItemPublished', data: { code } };
const retired: CatalogueItemEvent = {
  type: 'CatalogueItemRetired',
  data: { code, reason: '由分体式空调套餐替代 / replaced by the split-unit bundle' },
};

describe('catalogue item decider', () => {
  it('drafts a new item with its standard, price and cities', () =>
    spec.given([]).when({ type: 'DraftItem', code, details: airConditionerCleaning }).then([drafted]));

  it('changes nothing when the same draft arrives again', () =>
    spec.given([drafted]).when({ type: 'DraftItem', code, details: airConditionerCleaning }).then([]));

  it('refuses to draft over an existing item with different details, pointing to revise', () =>
    spec
      .given([drafted, published])
      .when({ type: 'DraftItem', code, details: cheaper })
      .thenFails('ITEM_EXISTS', `service item ${code} already exists (published); revise it instead`));

  it('revises an item with all its fields as they now are', () =>
    spec.given([drafted]).when({ type: 'ReviseItem', details: cheaper }).then([revised]));

  it('revises a published item, which stays orderable', () => {
    spec.given([drafted, published]).when({ type: 'ReviseItem', details: cheaper }).then([revised]);
    spec.given([drafted, published, revised]).when({ type: 'PublishItem' }).then([]);
  });

  it('changes nothing when a revision changes nothing', () => {
    spec.given([drafted]).when({ type: 'ReviseItem', details: airConditionerCleaning }).then([]);
    spec.given([drafted, revised]).when({ type: 'ReviseItem', details: cheaper }).then([]);
  });

  it('publishes a draft, and publishing again changes nothing', () => {
    spec.given([drafted]).when({ type: 'PublishItem' }).then([published]);
    spec.given([drafted, published]).when({ type: 'PublishItem' }).then([]);
  });

  it('retires a draft or a published item with the reason', () => {
    const retire = {
      type: 'RetireItem' as const,
      reason: '由分体式空调套餐替代 / replaced by the split-unit bundle',
    };
    spec.given([drafted]).when(retire).then([retired]);
    spec.given([drafted, published]).when(retire).then([retired]);
  });

  it('changes nothing when a retired item is retired again', () =>
    spec
      .given([drafted, published, retired])
      .when({ type: 'RetireItem', reason: '重复提交 / sent twice' })
      .then([]));

  it('takes no revision or publication after retirement', () => {
    const message = `service item ${code} is retired; draft a new item instead`;
    spec
      .given([drafted, published, retired])
      .when({ type: 'PublishItem' })
      .thenFails('ILLEGAL_TRANSITION', message, { currentStatus: 'retired' });
    spec
      .given([drafted, published, retired])
      .when({ type: 'ReviseItem', details: cheaper })
      .thenFails('ILLEGAL_TRANSITION', message);
    spec
      .given([drafted, published, retired])
      .when({ type: 'DraftItem', code, details: cheaper })
      .thenFails('ITEM_EXISTS', 'already exists (retired)');
  });

  it('refuses revise, publish and retire on an item that does not exist', () => {
    spec
      .given([])
      .when({ type: 'ReviseItem', details: cheaper })
      .thenFails('ITEM_NOT_FOUND', 'service item not found');
    spec.given([]).when({ type: 'PublishItem' }).thenFails('ITEM_NOT_FOUND');
    spec.given([]).when({ type: 'RetireItem', reason: 'no longer sold' }).thenFails('ITEM_NOT_FOUND');
  });

  it('emits only events that match their published contracts', () => {
    for (const event of [drafted, revised, published, retired]) {
      expect(catalog.latest(event.type)!.schema.parse(event.data)).toEqual(event.data);
    }
  });
});
