import Fastify from "fastify";
import { formatTotal, isInvoice, type Invoice } from "@ledgerly/schemas";

const app = Fastify({ logger: true });
const invoices: Invoice[] = [
  { id: "inv-1001", customer: "Northwind", totalCents: 129900, paid: false },
];

app.get("/health", async () => ({ status: "ok" }));

app.get("/invoices", async () =>
  invoices.map((invoice) => ({ ...invoice, total: formatTotal(invoice) })),
);

app.post("/invoices", async (request, reply) => {
  if (!isInvoice(request.body)) {
    return reply.code(400).send({ error: "not an invoice" });
  }
  invoices.push(request.body);
  return reply.code(201).send({ ...request.body, total: formatTotal(request.body) });
});

const port = Number(process.env.PORT ?? 4000);
app.listen({ port, host: "0.0.0.0" }).catch((err) => {
  app.log.error(err);
  process.exit(1);
});
