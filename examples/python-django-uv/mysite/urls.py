from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("health/", views.health, name="health"),
    # Also answer without the trailing slash so probes get a 200, not a redirect.
    path("health", views.health),
]
