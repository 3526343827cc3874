"""Development: DEBUG on; SQLite unless DATABASE_URL is set; tasks in-process without a broker."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="solo-para-desarrollo-local-no-usar-en-produccion")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
