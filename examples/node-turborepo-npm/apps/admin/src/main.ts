import { formatTotal, type Invoice } from "@ledgerly/schemas";

const sample: Invoice[] = [
  { id: "inv-1001", customer: "Northwind", totalCents: 129900, paid: false },
];

const list = document.querySelector<HTMLUListElement>("#invoices");
for (const invoice of sample) {
  const item = document.createElement("li");
  item.textContent = `${invoice.customer}: ${formatTotal(invoice)}`;
  list?.append(item);
}
