"""Chilean RUT: a thin adapter over python-stdnum (`stdnum.cl.rut`): stored as "76123456-K",
shown as "76.123.456-K". The Spanish messages are ours."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from stdnum.cl import rut as stdnum_rut
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

from nucleo.formato import numero

# Dashes a word processor or a spreadsheet may put where "-" was typed.
_GUIONES = str.maketrans(dict.fromkeys("‐‑–", "-"))


def compactar(valor: str) -> str:
    """Without dots, dashes or spaces, uppercase: "76.123.456-k" -> "76123456K"."""
    return stdnum_rut.compact((valor or "").translate(_GUIONES))


def digito_verificador(numero_rut: int | str) -> str:
    """The check digit of a RUT body (módulo 11): 76123456 -> "0"."""
    return stdnum_rut.calc_check_digit(str(numero_rut))


def normalizar(valor: str) -> str:
    """Returns the stored form "76123456-K" or raises ValidationError with a Spanish message."""
    compacto = compactar(valor)
    if not compacto:
        raise ValidationError("Ingresa el RUT de la empresa.", code="vacio")
    try:
        compacto = stdnum_rut.validate(compacto)
    except InvalidChecksum as error:
        cuerpo = int(compacto[:-1])
        raise ValidationError(
            f"El dígito verificador no corresponde: para {numero(cuerpo)} debería ser "
            f"{digito_verificador(cuerpo)}. Revisa el RUT.",
            code="digito",
        ) from error
    except StdnumError as error:
        if not compacto[:-1].isdigit() or compacto[-1] not in "0123456789K" or len(compacto) > 9:
            raise ValidationError(
                "El RUT solo puede tener números y, al final, un dígito verificador (0-9 o K); "
                "por ejemplo 76.123.456-0.",
                code="formato",
            ) from error
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
    try:
        return stdnum_rut.format(normalizar(rut))
    except ValidationError:
        return rut
