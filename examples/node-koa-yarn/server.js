'use strict';

const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router();
const port = Number(process.env.PORT) || 3000;

router.get('/', (ctx) => {
  ctx.body = { message: 'Hello from node-koa-yarn' };
});

router.get('/health', (ctx) => {
  ctx.body = { status: 'ok' };
});

app.use(router.routes()).use(router.allowedMethods());

app.listen(port, '0.0.0.0', () => {
  console.log(`node-koa-yarn listening on http://0.0.0.0:${port}`);
});
