export interface Ticket {
  id: number;
  title: string;
  done: boolean;
}

/** The product's name, as both apps show it. */
export const productName = "Acme Tickets";

export function describeTicket(ticket: Ticket): string {
  return `#${ticket.id} ${ticket.title} (${ticket.done ? "done" : "open"})`;
}
