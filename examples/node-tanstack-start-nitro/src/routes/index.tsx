import { createFileRoute } from '@tanstack/react-router'
import { listBooks } from '../books'

export const Route = createFileRoute('/')({
  loader: () => listBooks(),
  component: Home,
})

function Home() {
  const books = Route.useLoaderData()
  return (
    <main>
      <h1>My reading list</h1>
      <ul>
        {books.map((book) => (
          <li key={book.title}>
            {book.title} by {book.author} {book.done ? '(read)' : ''}
          </li>
        ))}
      </ul>
    </main>
  )
}
