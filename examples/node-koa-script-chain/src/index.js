'use strict';

const http = require('node:http');
const Koa = require('koa');
const Router = require('@koa/router');
const notes = require('./notes');

// Sign-in cookies from the company's SSO are large: the server is started with
// `--max-http-header-size=32768` (see `npm run serve`) and says so in its health report.
const REQUIRED_HEADER_SIZE = 32768;

const app = new Koa();
const router = new Router();

router.get('/', (ctx) => {
  ctx.body = { service: 'koa-notes-api', notes: '/notes' };
});

router.get('/notes', (ctx) => {
  ctx.body = notes.list();
});

router.get('/healthz', (ctx) => {
  const headerSize = http.maxHeaderSize;
  ctx.status = headerSize >= REQUIRED_HEADER_SIZE ? 200 : 503;
  ctx.body = { status: ctx.status === 200 ? 'ok' : 'misconfigured', maxHeaderSize: headerSize };
});

app.use(router.routes()).use(router.allowedMethods());

const port = Number(process.env.PORT) || 3000;
const server = app.listen(port, () => {
  console.log(`koa-notes-api listening on ${port}`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
