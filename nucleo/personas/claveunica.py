"""Sign-in with ClaveÚnica, the State's OpenID Connect provider, through mozilla-django-oidc.

Authorization code flow with PKCE, `state` and `nonce`. The person is the RUN of the
`RolUnico: {numero, DV, tipo}` claim (check digit validated) matched to `Usuario.run`; on the
first sign-in through a pending invitation the invitation's account gets the RUN. The provider's
endpoints come from its discovery document (CLAVEUNICA_ISSUER); off when unset.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from nucleo.run import normalizar_run

logger = logging.getLogger(__name__)

SESION_INVITACION = "nucleo_invitacion_claveunica"
NO_RESPONDE = "ClaveÚnica no responde en este momento. Intenta de nuevo en unos minutos."

# mozilla-django-oidc setting -> key of the provider's discovery document.
DESCUBIERTOS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
_documentos: dict[str, dict] = {}


def activa() -> bool:
    return bool(settings.CLAVEUNICA_ISSUER and settings.OIDC_RP_CLIENT_ID)


def descubrimiento() -> dict:
    """The provider's /.well-known/openid-configuration, fetched once per process."""
    emisor = settings.CLAVEUNICA_ISSUER.rstrip("/")
    if emisor not in _documentos:
        respuesta = requests.get(
            f"{emisor}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        respuesta.raise_for_status()
        _documentos[emisor] = respuesta.json()
    return _documentos[emisor]


def ajuste(nombre: str, *defecto):
    """mozilla-django-oidc's settings, with the endpoints from discovery unless set explicitly."""
    if nombre in DESCUBIERTOS and not getattr(settings, nombre, ""):
        return descubrimiento().get(DESCUBIERTOS[nombre])
    return import_from_settings(nombre, *defecto)


def run_de(claims: dict) -> str:
    """'12345678-5' from ClaveÚnica's `RolUnico` claim; ValidationError when missing or wrong."""
    rol_unico = claims.get("RolUnico")
    if not isinstance(rol_unico, dict) or not rol_unico.get("numero"):
        raise ValidationError("ClaveÚnica no entregó un RUN.")
    if str(rol_unico.get("tipo", "RUN")).upper() != "RUN":
        raise ValidationError("ClaveÚnica entregó un identificador que no es un RUN.")
    return normalizar_run(str(rol_unico["numero"]), str(rol_unico.get("DV", "")))


def _nombres(claims: dict) -> tuple[str, str]:
    nombre = claims.get("name")
    if isinstance(nombre, dict):
        return " ".join(nombre.get("nombres") or []), " ".join(nombre.get("apellidos") or [])
    return "", ""


class ClaveUnicaBackend(OIDCAuthenticationBackend):
    """Lazy: nothing is fetched from the provider unless the request is its callback."""

    get_settings = staticmethod(ajuste)

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: ajuste("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: ajuste("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: ajuste("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = property(lambda self: None)

    def authenticate(self, request, **kwargs):
        if not activa() or request is None or "nonce" not in kwargs:
            return None  # a password sign-in, not ClaveÚnica's callback
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        return "RolUnico" in claims

    def get_or_create_user(self, access_token, id_token, payload):
        from nucleo.models import Invitacion
        from nucleo.personas.services import claveunica_ingresar

        claims = self.get_userinfo(access_token, id_token, payload)
        sesion = self.request.session
        invitacion = Invitacion.objects.filter(pk=sesion.get(SESION_INVITACION)).first()
        try:
            run = run_de(claims)
            nombres, apellidos = _nombres(claims)
            usuario = claveunica_ingresar(
                run=run, nombres=nombres, apellidos=apellidos, invitacion=invitacion
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return None
        sesion.pop(SESION_INVITACION, None)
        return usuario

    def get_user(self, user_id):
        usuario = super().get_user(user_id)
        return usuario if usuario is not None and self.user_can_authenticate(usuario) else None


class ClaveUnicaInicio(OIDCAuthenticationRequestView):
    """Sends the person to ClaveÚnica (state, nonce and the PKCE challenge kept in the session)."""

    get_settings = staticmethod(ajuste)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not activa():
            raise Http404("ClaveÚnica no está configurada.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = ajuste("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except requests.RequestException:
            logger.exception("Descubrimiento de ClaveÚnica falló")
            messages.error(request, NO_RESPONDE)
            return redirect("login")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class ClaveUnicaRetorno(OIDCAuthenticationCallbackView):
    """Where ClaveÚnica sends the person back with the code."""

    get_settings = staticmethod(ajuste)

    @property
    def failure_url(self):
        return resolve_url("login")

    def login_failure(self):
        if not len(messages.get_messages(self.request)):  # len() leaves them unread
            messages.error(self.request, "No se pudo ingresar con ClaveÚnica.")
        return HttpResponseRedirect(self.failure_url)

    def get(self, request):
        if not activa():
            raise Http404("ClaveÚnica no está configurada.")
        if "error" in request.GET:
            messages.error(request, "El ingreso con ClaveÚnica fue cancelado o rechazado.")
        try:
            return super().get(request)
        except requests.RequestException:
            logger.exception("ClaveÚnica no respondió al canjear el código")
            messages.error(request, NO_RESPONDE)
            return HttpResponseRedirect(self.failure_url)


class Salir(OIDCLogoutView):
    """Signs out of the app and, after a ClaveÚnica sign-in, of ClaveÚnica too."""

    get_settings = staticmethod(ajuste)


def url_salida(request) -> str:
    """OIDC_OP_LOGOUT_URL_METHOD: the provider's end-session URL when the session came from
    ClaveÚnica, with the id_token as hint and our login page as the way back."""
    destino = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not (activa() and id_token):
        return destino
    try:
        fin = ajuste("OIDC_OP_LOGOUT_ENDPOINT")
    except requests.RequestException:
        return destino
    if not fin:
        return destino
    parametros = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(destino),
    }
    return f"{fin}?{urlencode(parametros)}"
