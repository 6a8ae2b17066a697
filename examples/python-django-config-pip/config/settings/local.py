"""Settings for development: `python manage.py runserver --settings=config.settings.local`."""

from .base import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
