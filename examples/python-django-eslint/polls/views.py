from django.http import JsonResponse
from django.shortcuts import render

QUESTIONS = [
    {"id": 1, "text": "Tabs or spaces?", "choices": ["tabs", "spaces"]},
    {"id": 2, "text": "Dark mode?", "choices": ["always", "never", "follow the system"]},
]


def index(request):
    return render(request, "index.html", {"questions": QUESTIONS})


def healthz(request):
    return JsonResponse({"status": "ok"})
