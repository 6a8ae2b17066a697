import Fastify from 'fastify'

const fastify = Fastify({ logger: true })
const todos = [{ id: 1, title: 'ship it', done: false }]

fastify.get('/', async () => ({ service: 'todo-api' }))

fastify.get('/health', async () => ({ status: 'ok' }))

fastify.get('/todos', async () => todos)

fastify.post('/todos', async (request, reply) => {
  const todo = { id: todos.length + 1, title: String(request.body?.title ?? ''), done: false }
  todos.push(todo)
  reply.code(201)
  return todo
})

try {
  await fastify.listen({ port: Number(process.env.PORT) || 3000 })
} catch (err) {
  fastify.log.error(err)
  process.exit(1)
}
