"""The OMIL's card on the public pages (nucleo.publico): only offices marked public, and only
the office's own data (address, phone, hours, map) — never its staff."""

from nucleo.models import Institucion
from nucleo.publico import SeccionPublica, registrar_seccion_publica


@registrar_seccion_publica
def tarjeta_omil(region, comuna):
    if comuna is None:
        return None
    omil = (
        Institucion.objects.filter(
            tipo=Institucion.Tipo.OMIL, comuna=comuna, activa=True, publica=True
        )
        .select_related("comuna")
        .first()
    )
    if omil is None:
        return None
    return SeccionPublica(
        "Tu oficina municipal de empleo (OMIL)",
        "omil/publico/tarjeta_omil.html",
        {"omil": omil, "mapa": omil.enlace_mapa},
        orden=10,
    )
