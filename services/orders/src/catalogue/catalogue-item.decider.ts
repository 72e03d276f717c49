import type {
  CatalogueItemDetails,
  CatalogueItemDrafted,
  CatalogueItemPublished,
  CatalogueItemRetired,
  CatalogueItemRevised,
  EventData,
} from '@platform/contracts';
import { DomainError, type Decider } from '@platform/eventing/decider';

export type CatalogueItemEvent =
  | { type: 'CatalogueItemDrafted'; data: EventData<typeof CatalogueItemDrafted> }
  | { type: 'CatalogueItemRevised'; data: EventData<typeof CatalogueItemRevised> }
  | { type: 'CatalogueItemPublished'; data: EventData<typeof CatalogueItemPublished> }
  | { type: 'CatalogueItemRetired'; data: EventData<typeof CatalogueItemRetired> };

export type CatalogueItemState =
  | { status: 'none' }
  | { status: 'draft' | 'published' | 'retired'; code: string; details: CatalogueItemDetails };

export type CatalogueItemCommand =
  | { type: 'DraftItem'; code: string; details: CatalogueItemDetails }
  | { type: 'ReviseItem'; details: CatalogueItemDetails }
  | { type: 'PublishItem' }
  | { type: 'RetireItem'; reason: string };

const sameDetails = (a: CatalogueItemDetails, b: CatalogueItemDetails) =>
  JSON.stringify(a) === JSON.stringify(b);

function decide(command: CatalogueItemCommand, state: CatalogueItemState): CatalogueItemEvent[] {
  if (command.type === 'DraftItem') {
    if (state.status !== 'none') {
      if (sameDetails(state.details, command.details)) return [];
      throw new DomainError(
        'ITEM_EXISTS',
        `service item ${command.code} already exists (${state.status}); revise it instead`,
      );
    }
    return [{ type: 'CatalogueItemDrafted', data: { code: command.code, ...command.details } }];
  }
  if (state.status === 'none') throw new DomainError('ITEM_NOT_FOUND', 'service item not found');
  if (state.status === 'retired') {
    // A repeated retire (a retried request) has nothing left to do, as with publish.
    if (command.type === 'RetireItem') return [];
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      `service item ${state.code} is retired; draft a new item instead`,
      { currentStatus: 'retired' },
    );
  }
  switch (command.type) {
    case 'ReviseItem':
      if (sameDetails(state.details, command.details)) return [];
      return [{ type: 'CatalogueItemRevised', data: { code: state.code, ...command.details } }];
    case 'PublishItem':
      return state.status === 'published'
        ? []
        : [{ type: 'CatalogueItemPublished', data: { code: state.code } }];
    case 'RetireItem':
      return [{ type: 'CatalogueItemRetired', data: { code: state.code, reason: command.reason } }];
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: CatalogueItemState, event: CatalogueItemEvent): CatalogueItemState {
  switch (event.type) {
    case 'CatalogueItemDrafted': {
      const { code, ...details } = event.data;
      return { status: 'draft', code, details };
    }
    case 'CatalogueItemRevised': {
      const { code, ...details } = event.data;
      return state.status === 'none' ? state : { ...state, code, details };
    }
    case 'CatalogueItemPublished':
      return state.status === 'none' ? state : { ...state, status: 'published' };
    case 'CatalogueItemRetired':
      return state.status === 'none' ? state : { ...state, status: 'retired' };
  }
}

export const catalogueItemDecider: Decider<CatalogueItemCommand, CatalogueItemState, CatalogueItemEvent> = {
  initialState: { status: 'none' },
  decide,
  evolve,
};

export const catalogueItemStream = (code: string) => `catalogue-item-${code}`;
