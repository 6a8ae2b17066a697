from celery import shared_task

from .models import Note


@shared_task
def shout(note_id):
    note = Note.objects.get(pk=note_id)
    note.shouted = note.text.upper()
    note.save(update_fields=["shouted"])
    return note.shouted
