export interface Order {
  id: number;
  item: string;
  quantity: number;
}

/** The price of an order line in cents, with a tenth off from ten items up. */
export function lineTotal(unitCents: number, quantity: number): number {
  const total = unitCents * quantity;
  return quantity >= 10 ? Math.round(total * 0.9) : total;
}

export function formatCents(cents: number): string {
  return `${(cents / 100).toFixed(2)} EUR`;
}
