"""Chilean RUT: validated with python-stdnum, stored as "76123456-K", shown as "76.123.456-K"."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from stdnum.cl import rut as stdnum_rut
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

_SEPARADORES = re.compile(r"[\s.\-‐‑–]")


def compactar(valor: str) -> str:
    """Without dots, dashes or spaces, uppercase: "76.123.456-k" -> "76123456K"."""
    return _SEPARADORES.sub("", valor or "").upper()


def digito_verificador(numero: int | str) -> str:
    """The check digit of a RUT body (módulo 11): 76123456 -> "0"."""
    return stdnum_rut.calc_check_digit(str(numero))


def normalizar(valor: str) -> str:
    """Returns the stored form "76123456-K" or raises ValidationError with a Spanish message."""
    compacto = compactar(valor)
    if not compacto:
        raise ValidationError("Ingresa el RUT de la empresa.", code="vacio")
    if not re.fullmatch(r"\d{1,8}[\dK]", compacto):
        raise ValidationError(
            "El RUT solo puede tener números y, al final, un dígito verificador (0-9 o K); "
            "por ejemplo 76.123.456-0.",
            code="formato",
        )
    try:
        compacto = stdnum_rut.validate(compacto)
    except InvalidChecksum as error:
        raise ValidationError(
            f"El dígito verificador no corresponde: para {int(compacto[:-1]):,} debería ser "
            f"{digito_verificador(compacto[:-1])}. Revisa el RUT.".replace(",", "."),
            code="digito",
        ) from error
    except StdnumError as error:
        raise ValidationError("El RUT no es válido. Revisa el número.", code="invalido") from error
    cuerpo = compacto[:-1].lstrip("0")
    if not cuerpo:
        raise ValidationError("El RUT no es válido. Revisa el número.", code="invalido")
    return f"{cuerpo}-{compacto[-1]}"


def es_valido(valor: str) -> bool:
    try:
        normalizar(valor)
    except ValidationError:
        return False
    return True


def formatear(rut: str) -> str:
    """ "76123456-K" (or any accepted form) -> "76.123.456-K"; unchanged when not a RUT."""
    compacto = compactar(rut)
    if not re.fullmatch(r"\d{1,8}[\dK]", compacto):
        return rut
    return f"{int(compacto[:-1]):,}".replace(",", ".") + f"-{compacto[-1]}"
