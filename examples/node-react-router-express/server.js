import express from 'express';
import { createRequestHandler } from '@react-router/express';

const app = express();
app.disable('x-powered-by');

// fingerprinted assets are cached for good, everything else for an hour
app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
app.use(express.static('build/client', { maxAge: '1h' }));

// answered by this server itself, before React Router sees the request
app.get('/healthz', (req, res) => {
  res.json({ status: 'ok', server: 'express', uptime: Math.round(process.uptime()) });
});

app.use(createRequestHandler({ build: () => import('./build/server/index.js') }));

const port = Number(process.env.PORT) || 3000;
const server = app.listen(port, () => console.log(`recipes-web on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
