"""The OMIL's card on the public pages (nucleo.publico): only offices marked public, and only
the office's own data (address, phone, hours, map) — never its staff."""

from urllib.parse import quote_plus

from nucleo.models import Institucion
from nucleo.publico import SeccionPublica, registrar_seccion_publica


def enlace_mapa(omil: Institucion) -> str:
    if omil.mapa_url:
        return omil.mapa_url
    if not omil.direccion:
        return ""
    consulta = quote_plus(f"{omil.direccion}, {omil.comuna.nombre}, Chile")
    return f"https://www.openstreetmap.org/search?query={consulta}"


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
        {"omil": omil, "mapa": enlace_mapa(omil)},
        orden=10,
    )
