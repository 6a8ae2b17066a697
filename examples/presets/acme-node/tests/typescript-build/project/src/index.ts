import express, { type Request, type Response } from 'express';

const app = express();
const port = Number(process.env.PORT) || 3000;

interface Health {
  status: 'ok';
  uptime: number;
}

app.get('/', (_req: Request, res: Response) => {
  res.json({ message: 'Hello from node-typescript-npm' });
});

app.get('/health', (_req: Request, res: Response) => {
  const body: Health = { status: 'ok', uptime: process.uptime() };
  res.json(body);
});

app.listen(port, '0.0.0.0', () => {
  console.log(`node-typescript-npm listening on http://0.0.0.0:${port}`);
});
