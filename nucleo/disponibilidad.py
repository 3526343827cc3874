"""The database down or silent: one bounded wait, then the Spanish 503 page.

Placed right after AuthenticationMiddleware, `BaseDisponibleMiddleware` reads the signed-in user
once. If the database cannot be reached, the request ends here with the 503 page, and the outer
middlewares (sessions, messages, our session limits) find an anonymous user instead of asking the
database again: each new try would wait DB_CONNECT_TIMEOUT once more.
"""

import logging

from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)


def respuesta_503() -> HttpResponse:
    """Rendered without any query: the context processors would need the database."""
    contenido = loader.get_template("503.html").render({})
    return HttpResponse(contenido, status=503, headers={"Retry-After": "30"})


class BaseDisponibleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.user.is_authenticated  # noqa: B018  (loads the session and the user now)
        except (OperationalError, InterfaceError):
            logger.exception("La base de datos no responde: se responde 503.")
            request.user = AnonymousUser()
            return respuesta_503()
        return self.get_response(request)
