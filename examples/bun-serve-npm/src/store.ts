import { nanoid } from "nanoid";

export type Link = { id: string; url: string; hits: number };

const links = new Map<string, Link>();

export function shorten(url: string): Link {
  const link = { id: nanoid(8), url, hits: 0 };
  links.set(link.id, link);
  return link;
}

export function resolve(id: string): Link | undefined {
  const link = links.get(id);
  if (link) link.hits++;
  return link;
}
