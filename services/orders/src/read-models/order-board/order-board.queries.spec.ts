import { boardSearch } from './order-board.queries';

const orderId = '6f1c2a34-1b2c-4d5e-8f90-123456789abc';

describe('what a board search is taken for', () => {
  it('for staff shown the contact: an order id, a phone tail, else a partner order number or a name', () => {
    expect(boardSearch(` ${orderId.toUpperCase()} `, true)).toEqual({ by: 'order', orderId });
    expect(boardSearch('5678', true)).toEqual({ by: 'phone', last4: '5678' });
    expect(boardSearch('周', true)).toEqual({ by: 'partner_order', text: '周', orName: true });
    expect(boardSearch('  ', true)).toBeNull();
  });

  it('for a role shown no contact: order id and partner order number only; a name or phone tail is refused', () => {
    expect(boardSearch(orderId, false)).toEqual({ by: 'order', orderId });
    expect(boardSearch('TM-1001', false)).toEqual({ by: 'partner_order', text: 'TM-1001', orName: false });
    expect(() => boardSearch('周敏', false)).toThrow(
      "filter.search: a customer's name; search by order id or partner order number",
    );
    expect(() => boardSearch('5678', false)).toThrow(
      expect.objectContaining({
        code: 'FORBIDDEN',
        details: expect.objectContaining({ field: 'filter.search' }),
      }),
    );
  });
});
