from django.db import models


class Note(models.Model):
    text = models.CharField(max_length=200)
    shouted = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
