import json

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from board.celery import app as celery_app

from .models import Note
from .tasks import shout


def health(request):
    """Healthy when the database and the broker answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    with celery_app.connection_for_read() as conn:
        conn.ensure_connection(max_retries=1)
    return JsonResponse({"database": "ok", "broker": "ok"})


@csrf_exempt
def notes(request):
    if request.method == "POST":
        text = json.loads(request.body)["text"]
        note = Note.objects.create(text=text)
        # the worker shouts it; waiting for it proves the broker and the worker
        shouted = shout.delay(note.pk).get(timeout=30)
        return JsonResponse({"id": note.pk, "text": text, "shouted": shouted}, status=201)
    return JsonResponse(
        {"notes": [{"id": n.pk, "text": n.text, "shouted": n.shouted} for n in Note.objects.order_by("pk")]}
    )
