import { Router } from 'express';

export enum Priority {
  Low = 'low',
  High = 'high',
}

interface Note {
  id: number;
  text: string;
  priority: Priority;
}

const store: Note[] = [];

export const notes = Router();

notes.get('/', (_req, res) => {
  res.json(store);
});

notes.post('/', (req, res) => {
  const text = String(req.body?.text ?? '').trim();
  if (!text) {
    res.status(400).json({ error: 'text is required' });
    return;
  }
  const priority = req.body?.priority === Priority.High ? Priority.High : Priority.Low;
  const note: Note = { id: store.length + 1, text, priority };
  store.push(note);
  res.status(201).json(note);
});
