from django.urls import path

from catalog import views

urlpatterns = [
    path("", views.index),
    path("health/", views.health),
    path("uploads/", views.uploads),
]
