export interface Invoice {
  id: string;
  customer: string;
  totalCents: number;
  paid: boolean;
}

export function formatTotal(invoice: Invoice): string {
  return `${(invoice.totalCents / 100).toFixed(2)} EUR`;
}

export function isInvoice(value: unknown): value is Invoice {
  const v = value as Partial<Invoice> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.id === "string" &&
    typeof v.customer === "string" &&
    typeof v.totalCents === "number" &&
    typeof v.paid === "boolean"
  );
}
