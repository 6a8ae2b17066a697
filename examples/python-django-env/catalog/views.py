from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt


def index(request):
    return HttpResponse(f"shop catalog on {request.get_host()}")


def health(request):
    return JsonResponse({"status": "ok"})


@csrf_exempt
def uploads(request):
    """Stores a posted note under MEDIA_ROOT and lists what is there."""
    media = Path(settings.MEDIA_ROOT)
    if request.method == "POST":
        name = request.POST.get("name", "note")
        (media / f"{name}.txt").write_text(request.POST.get("text", ""))
    return JsonResponse({"files": sorted(p.name for p in media.glob("*.txt"))})
