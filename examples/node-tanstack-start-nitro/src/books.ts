import { createServerFn } from '@tanstack/react-start'

export type Book = { title: string; author: string; done: boolean }

const shelf: Book[] = [
  { title: 'The Left Hand of Darkness', author: 'Ursula K. Le Guin', done: true },
  { title: 'Piranesi', author: 'Susanna Clarke', done: false },
]

// runs on the server only; the client calls it over RPC
export const listBooks = createServerFn({ method: 'GET' }).handler(async () => shelf)
