"""Production: every secret from the environment; the process refuses to start without them."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Falta la variable de entorno SECRET_KEY: defínala con un valor largo y aleatorio."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_HTTPONLY = True
OTP_OBLIGATORIO = env.bool("OTP_OBLIGATORIO", default=True)
PROXY_COUNT = env.int("PROXY_COUNT", default=1)  # nginx in front (docker-compose.yml)
# JSON log lines with the request id, unless LOG_FORMAT=texto.
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")  # noqa: F405
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOGGING["handlers"]["console"]["formatter"] != "json"  # noqa: F405
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^salud/", r"^metrics$"]
