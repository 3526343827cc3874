import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from nucleo.alcance import alcance_de
from nucleo.registro import AUTENTICADO, FIRMADO, PUBLICO, acceso_de

logger = logging.getLogger(__name__)


class SesionMiddleware:
    """Session limits: SESSION_COOKIE_AGE of inactivity, SESION_DURACION_MAXIMA after login.

    Activity renews the inactivity limit, at most once every RENOVAR_CADA seconds: the session is
    written then and not on every request (SESSION_SAVE_EVERY_REQUEST would cost an UPDATE per
    page). A deactivated user is anonymous at the next request: ModelBackend refuses them.
    """

    CLAVE = "nucleo_inicio_sesion"
    CLAVE_RENOVADA = "nucleo_renovada"
    RENOVAR_CADA = 60

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
            if ahora - request.session.get(self.CLAVE_RENOVADA, 0) >= self.RENOVAR_CADA:
                request.session[self.CLAVE_RENOVADA] = ahora  # saved with a new expiry
        return self.get_response(request)


class AccesoMiddleware:
    """Enforces the access table (nucleo.registro) before any view runs.

    Anonymous users are sent to the login page except on public and signed-link URLs; a user whose
    roles are not listed for the URL gets 403; a URL missing from the table gets 404 (deny by
    default). Object scope (404 for another comuna's objects) stays in each app's selectors.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        nombre = match.view_name if match else ""
        if nombre.startswith("admin:"):
            return None  # the admin checks is_staff itself
        regla = acceso_de(nombre)
        if regla is None:
            logger.error("La URL %s no está en la tabla de accesos: se niega.", nombre)
            raise Http404("URL no declarada")
        if regla in (PUBLICO, FIRMADO):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if regla == AUTENTICADO:
            return None
        if not alcance_de(request.user).tiene_rol(*regla):
            raise PermissionDenied("Tu rol no permite usar esta página.")
        return None


class SegundoFactorMiddleware:
    """TOTP second factor: a user with a confirmed device must enter a code after the password;
    with OTP_OBLIGATORIO, the director, articulador and administrator roles must set one up."""

    LIBRES = frozenset(
        {"nucleo:otp_verificar", "nucleo:otp_configurar", "logout", "login", "password_reset",
         "password_reset_done", "password_reset_confirm", "password_reset_complete"}
    )  # fmt: skip

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        usuario = request.user
        if not usuario.is_authenticated or usuario.is_verified():
            return None
        nombre = request.resolver_match.view_name if request.resolver_match else ""
        if nombre in self.LIBRES or acceso_de(nombre) in (PUBLICO, FIRMADO):
            return None
        from nucleo.otp import otp_requerido, tiene_dispositivo

        if tiene_dispositivo(usuario):
            return redirect_to_login(request.get_full_path(), "nucleo:otp_verificar")
        if otp_requerido(usuario):
            return redirect_to_login(request.get_full_path(), "nucleo:otp_configurar")
        return None


class CabecerasMiddleware:
    """Headers Django does not set by itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        respuesta = self.get_response(request)
        respuesta.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        usuario = getattr(request, "user", None)
        if usuario is not None and usuario.is_authenticated:
            # Pages of a signed-in user carry personal data: never kept by a shared cache.
            respuesta.headers.setdefault("Cache-Control", "no-store, private")
        return respuesta


class PaginasDeErrorMiddleware:
    """With DEBUG on (`make run`'s embedded mode), Django answers a 404 and a 500 with its own
    technical pages, in English and with the project's internals. This puts the project's
    Spanish pages (nucleo.views.error_404 / error_500, marked `pagina_de_error`) in their place,
    so a person sees the same page in every mode; the traceback still goes to the log
    (django.request). `PAGINAS_DE_ERROR_TECNICAS=True` (env DEBUG_TECNICO=1) keeps Django's
    pages for a developer. With DEBUG off it does nothing: the handlers already answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        respuesta = self.get_response(request)
        if (
            settings.DEBUG
            and not settings.PAGINAS_DE_ERROR_TECNICAS
            and respuesta.status_code in (404, 500)
            and not getattr(respuesta, "pagina_de_error", False)
            and respuesta.get("Content-Type", "").startswith("text/html")
        ):
            from nucleo.views import error_404, pagina_500

            return error_404(request) if respuesta.status_code == 404 else pagina_500()
        return respuesta
