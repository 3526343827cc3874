"""Home page panels of the omil app: the OMIL's own plan, and the plans awaiting SENCE."""

from django.utils import timezone

from nucleo.alcance import Alcance
from nucleo.models import Comuna
from nucleo.registro import Panel, registrar_panel
from omil.models import PlanComunal
from omil.permissions import REVISORES
from omil.selectors import avance_del_plan, planes_por_estado


@registrar_panel(compartido=True)
def panel_plan_omil(usuario, alcance: Alcance) -> list[Panel] | None:
    comunas = alcance.comunas_omil()
    if not comunas:
        return None
    anio = timezone.localdate().year
    planes = {
        p.comuna_id: p
        for p in PlanComunal.objects.filter(comuna_id__in=comunas, anio=anio).prefetch_related(
            "lineas"
        )
    }
    paneles = []
    for comuna in Comuna.objects.filter(codigo__in=comunas):
        plan = planes.get(comuna.pk)
        lineas = list(plan.lineas.all()) if plan else []
        avance = avance_del_plan(lineas)
        paneles.append(
            Panel(
                titulo=f"Plan comunal {anio} — {comuna.nombre}",
                template="omil/paneles/plan_omil.html",
                contexto={
                    "plan": plan,
                    "comuna": comuna,
                    "anio": anio,
                    "lineas": lineas,
                    "promedio": avance.promedio,
                    "avance": avance,
                },
                orden=20,
                ancho="col-lg-6",
            )
        )
    return paneles


@registrar_panel(compartido=True)
def panel_planes_sence(usuario, alcance: Alcance) -> list[Panel] | None:
    regiones = {r.region_id for r in alcance.roles if r.rol in REVISORES}
    if not regiones:
        return None
    anio = timezone.localdate().year
    planes = PlanComunal.objects.filter(comuna__region_id__in=regiones, anio=anio)
    conteo = planes_por_estado(regiones=sorted(regiones), anio=anio)
    por_revisar = list(
        planes.filter(estado=PlanComunal.Estado.ENVIADO)
        .select_related("comuna")
        .order_by("updated_at")[:10]
    )
    return Panel(
        titulo=f"Planes comunales {anio}",
        template="omil/paneles/planes_sence.html",
        contexto={
            "estados": [(e.label, conteo[e.value]) for e in PlanComunal.Estado],
            "por_revisar": por_revisar,
            "total": sum(conteo.values()),
            "anio": anio,
        },
        orden=25,
        ancho="col-lg-6",
    )
