import express from 'express';
import { notes } from './routes/notes';
import { renderPage } from './render';

const app = express();
const port = Number(process.env.PORT) || 3000;

app.use(express.json());
app.use('/notes', notes);

app.get('/', (_req, res) => {
  res.type('html').send(renderPage('index', { title: 'Notes' }));
});

app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

app.listen(port, () => {
  console.log(`notes-api listening on :${port}`);
});
