"""Signed links that work without login (confirm attendance from an e-mail, calendar feeds)."""

from django.core import signing

MENSAJE_INVALIDO = "El enlace no es válido: puede estar incompleto o haber sido modificado."
MENSAJE_EXPIRADO = "El enlace expiró. Responde desde la aplicación o pide uno nuevo."


class EnlaceInvalido(Exception):
    def __init__(self, mensaje: str):
        super().__init__(mensaje)
        self.mensaje = mensaje


def firmar(proposito: str, datos: dict) -> str:
    """A URL-safe token for `datos`, valid only for `proposito` (the signing salt)."""
    return signing.dumps(datos, salt=f"mesas.{proposito}", compress=True)


def verificar(proposito: str, token: str, *, max_age_segundos: int) -> dict:
    try:
        return signing.loads(token, salt=f"mesas.{proposito}", max_age=max_age_segundos)
    except signing.SignatureExpired as error:
        raise EnlaceInvalido(MENSAJE_EXPIRADO) from error
    except signing.BadSignature as error:
        raise EnlaceInvalido(MENSAJE_INVALIDO) from error
