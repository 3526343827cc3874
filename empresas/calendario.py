"""The company visits and encuentros in each person's calendar and iCalendar feed."""

from empresas import selectors
from empresas.models import EncuentroEmpresarial, VisitaEmpresa
from nucleo import calendario
from nucleo.registro import Evento


def eventos_de_empresas(usuario, alcance, desde, hasta) -> list[Evento]:
    eventos = []
    for visita in selectors.visitas_del_calendario(usuario, desde, hasta):
        empresa = visita.empresa
        zona = empresa.comuna.zona_horaria  # the company's place
        eventos.append(
            Evento(
                uid=f"visita-{visita.pk}@mesas",
                titulo=f"Visita a {empresa}",
                inicio=calendario.hora_local(visita.inicio, zona),
                fin=calendario.hora_local(visita.fin, zona),
                url=visita.get_absolute_url(),
                lugar=", ".join(p for p in [empresa.direccion, empresa.comuna.nombre] if p),
                descripcion=visita.objetivo,
                tipo="visita",
                cancelado=visita.estado == VisitaEmpresa.Estado.SUSPENDIDA,
            )
        )
    for encuentro in selectors.encuentros_del_calendario(usuario, desde, hasta):
        eventos.append(
            Evento(
                uid=f"encuentro-{encuentro.pk}@mesas",
                titulo=encuentro.nombre,
                inicio=encuentro.inicio,
                fin=encuentro.fin,
                url=encuentro.get_absolute_url(),
                lugar=encuentro.lugar,
                descripcion=encuentro.descripcion,
                tipo="encuentro",
                cancelado=encuentro.estado == EncuentroEmpresarial.Estado.SUSPENDIDO,
            )
        )
    return eventos
