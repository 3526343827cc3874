import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect


class SesionMiddleware:
    """Ends a session SESION_DURACION_MAXIMA after login, however active it was.

    The inactivity limit is SESSION_COOKIE_AGE (renewed on every request); a deactivated user is
    already anonymous at the next request because ModelBackend refuses inactive users.
    """

    CLAVE = "nucleo_inicio_sesion"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            ahora = int(time.time())
            inicio = request.session.setdefault(self.CLAVE, ahora)
            if ahora - inicio > settings.SESION_DURACION_MAXIMA.total_seconds():
                logout(request)
                messages.info(request, "Tu sesión expiró. Vuelve a ingresar.")
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)
