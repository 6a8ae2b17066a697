from django.http import HttpRequest, JsonResponse
from django.templatetags.static import static


def index(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"message": "Hello from Django", "stylesheet": static("css/site.css")}
    )


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
