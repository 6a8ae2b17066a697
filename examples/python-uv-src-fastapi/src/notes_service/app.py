from datetime import datetime, timezone

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from notes_service import __version__

app = FastAPI(title="notes-service", version=__version__)


class NoteIn(BaseModel):
    title: str
    body: str = ""


class Note(NoteIn):
    id: int
    created: datetime


_notes: dict[int, Note] = {}


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@app.get("/notes")
def list_notes() -> list[Note]:
    return list(_notes.values())


@app.post("/notes", status_code=201)
def create_note(note: NoteIn) -> Note:
    new = Note(id=len(_notes) + 1, created=datetime.now(timezone.utc), **note.model_dump())
    _notes[new.id] = new
    return new


@app.get("/notes/{note_id}")
def get_note(note_id: int) -> Note:
    if note_id not in _notes:
        raise HTTPException(status_code=404, detail="note not found")
    return _notes[note_id]
