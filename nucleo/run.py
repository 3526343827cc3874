"""The RUN (Rol Único Nacional): validated with python-stdnum, stored as "12345678-5"."""

from django.core.exceptions import ValidationError
from stdnum.cl import rut
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as ErrorStdnum


def normalizar_run(valor: str | int, dv: str | None = None) -> str:
    """'12.345.678-5', '123456785' or (12345678, '5') -> '12345678-5'. Spanish error otherwise."""
    texto = f"{valor}{dv}" if dv is not None else str(valor)
    try:
        compacto = rut.validate(texto)
    except InvalidChecksum:
        raise ValidationError(
            "El dígito verificador del RUN no corresponde.", code="run_dv"
        ) from None
    except ErrorStdnum:
        raise ValidationError(
            "El RUN no es válido: escríbelo como 12.345.678-5.", code="run_invalido"
        ) from None
    return f"{compacto[:-1]}-{compacto[-1]}"


def validar_run(valor: str) -> None:
    """Model field validator: the stored value must already be in its normal form."""
    if valor and normalizar_run(valor) != valor:
        raise ValidationError("El RUN debe guardarse como 12345678-5.", code="run_formato")


def formatear_run(valor: str) -> str:
    return rut.format(valor) if valor else ""
