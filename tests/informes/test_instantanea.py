"""A report is a snapshot of its period: its figures are read from the recorded history as of the
period's last day, so a change made afterwards does not alter them when it is regenerated.

The PDF carries its generation time, so two builds are never byte-identical; what must match is
the figures the report stores (`datos`) and their SHA-256 (`sha256`), which the PDF prints.
"""

from datetime import date, time, timedelta

import pytest
from django.apps import apps
from pypdf import PdfReader

from informes import figures, services
from informes.models import Informe
from informes.periodos import SEMESTRAL, Periodo
from mesas.models import Acuerdo, Sesion
from nucleo.models import Region, Rol
from omil.models import LineaAccion, PlanComunal
from omil.selectors import lineas_atrasadas_por_comuna
from tests.factories import (
    AcuerdoFactory,
    ConvenioFactory,
    EmpresaFactory,
    EncuentroFactory,
    InvitacionVisitaFactory,
    LineaAccionFactory,
    ParticipacionEncuentroFactory,
    PlanComunalFactory,
    SesionFactory,
    VisitaEmpresaFactory,
    en_santiago,
    mesa_comunal,
    mesa_regional,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

S1 = Periodo.desde_texto(SEMESTRAL, "2026-S1")
REGISTRADO = en_santiago(date(2026, 5, 10))  # when the period's data was recorded


def registrado_el(cuando) -> None:
    """Given: every history record written so far was written at `cuando` (the data was entered
    during the period)."""
    for modelo in apps.get_models():
        historia = getattr(modelo, "history", None)
        if historia is not None and hasattr(historia, "model"):
            historia.model.objects.update(history_date=cuando)


@pytest.fixture
def primer_semestre():
    """Limache's plan sent to SENCE, a held regional session with one agreement overdue at the
    end of June, a convenio in force expiring in August, a held company visit."""
    valparaiso = Region.objects.get(codigo="05")
    omil_de("05802")
    plan = PlanComunalFactory(comuna_id="05802", anio=2026, estado=PlanComunal.Estado.ENVIADO)
    LineaAccionFactory(plan=plan, plazo=date(2026, 5, 31), estado=LineaAccion.Estado.PENDIENTE)
    LineaAccionFactory(plan=plan, plazo=date(2026, 9, 30), estado=LineaAccion.Estado.PENDIENTE)
    mesa_comunal("05802")
    sesion = SesionFactory(
        mesa=mesa_regional(), inicio=en_santiago(date(2026, 3, 5)), estado="realizada"
    )
    acuerdo = AcuerdoFactory(sesion=sesion, fecha_limite=date(2026, 4, 30))
    convenio = ConvenioFactory(fecha_termino=date(2026, 8, 15))
    visita = VisitaEmpresaFactory(
        empresa=EmpresaFactory(),
        inicio=en_santiago(date(2026, 4, 14)),
        estado="realizada",
        vacantes_ofrecidas=5,
    )
    invitacion = InvitacionVisitaFactory(visita=visita, estado="confirmada")
    encuentro = EncuentroFactory(inicio=en_santiago(date(2026, 4, 20)), estado="realizado")
    participacion = ParticipacionEncuentroFactory(encuentro=encuentro, estado="asistio")
    registrado_el(REGISTRADO)
    visita.invitacion, visita.participacion = invitacion, participacion
    return valparaiso, plan, sesion, acuerdo, convenio, visita


def generar(region, director, django_capture_on_commit_callbacks) -> Informe:
    with django_capture_on_commit_callbacks(execute=True):
        informe, nuevo = services.informe_solicitar(
            tipo=SEMESTRAL, region=region, periodo="2026-S1", por=director
        )
    assert nuevo
    informe.refresh_from_db()
    assert informe.estado == Informe.Estado.LISTO, informe.error
    return informe


def _seccion(datos: dict, id_: str) -> dict:
    return next(s for s in datos["secciones"] if s["id"] == id_)


def test_cambios_despues_del_periodo_no_alteran_el_informe_regenerado(
    primer_semestre, django_capture_on_commit_callbacks
):
    valparaiso, plan, sesion, acuerdo, convenio, visita = primer_semestre
    director = usuario_con_rol(Rol.DIRECTOR)
    v1 = generar(valparaiso, director, django_capture_on_commit_callbacks)

    # When: after the period, Limache's plan is re-sent and approved, the agreement fulfilled,
    # the convenio terminated, the session marked suspended and the visit's outcome corrected.
    plan.estado = PlanComunal.Estado.APROBADO
    plan.save()
    acuerdo.estado = Acuerdo.Estado.CUMPLIDO
    acuerdo.save()
    convenio.estado = convenio.Estado.TERMINADO
    convenio.save()
    sesion.estado = Sesion.Estado.SUSPENDIDA
    sesion.save()
    visita.vacantes_ofrecidas = 50
    visita.save()
    visita.invitacion.estado = "rechazada"
    visita.invitacion.save()
    visita.participacion.estado = "no_asistio"
    visita.participacion.save()
    v2 = generar(valparaiso, director, django_capture_on_commit_callbacks)

    # Then: the same figures, the same SHA-256.
    assert v2.version == 2
    assert v2.datos == v1.datos
    assert v2.sha256 == v1.sha256
    planes = dict(_seccion(v2.datos, "planes")["tablas"][0]["filas"])
    assert planes["Enviado a SENCE"] == 1
    assert planes["Aprobado"] == 0
    regional = {
        i["etiqueta"]: i["valor"] for i in _seccion(v2.datos, "mesa-regional")["indicadores"]
    }
    assert regional["Sesiones realizadas / programadas"] == "1 / 1"
    assert regional["Acuerdos tomados / cumplidos / vencidos"] == "1 / 0 / 1"
    convenios = {i["etiqueta"]: i["valor"] for i in _seccion(v2.datos, "convenios")["indicadores"]}
    assert (convenios["Convenios vigentes"], convenios["Vencen en 90 días"]) == (1, 1)
    empresas = {i["etiqueta"]: i["valor"] for i in _seccion(v2.datos, "empresas")["indicadores"]}
    assert empresas["Vacantes ofrecidas"] == 5
    servicios = _seccion(v2.datos, "empresas")["tablas"][0]["filas"]
    assert servicios == [["SENADIS Valparaíso", 1, 1]]
    assert (
        "1 encuentros empresariales con 1 empresas asistentes"
        in (_seccion(v2.datos, "empresas")["textos"][0])
    )
    # ...while today's rows say otherwise: without the history the report would have changed.
    hoy = figures.calcular(valparaiso, S1, hoy=date(2026, 6, 30), historial=False)
    assert dict(_seccion(hoy, "planes")["tablas"][0]["filas"])["Aprobado"] == 1
    assert hoy["secciones"] != v2.datos["secciones"]


def test_lo_registrado_despues_del_corte_no_entra(primer_semestre):
    valparaiso, *_ = primer_semestre
    antes = figures.calcular(valparaiso, S1, hoy=date(2026, 11, 30))

    # A session of the period entered after the period closed.
    SesionFactory(mesa=mesa_regional(), inicio=en_santiago(date(2026, 6, 2)), estado="realizada")

    assert figures.calcular(valparaiso, S1, hoy=date(2026, 11, 30)) == antes


def test_la_portada_dice_la_fecha_de_corte_y_cuando_se_genero(
    primer_semestre, django_capture_on_commit_callbacks
):
    valparaiso, *_ = primer_semestre

    informe = generar(valparaiso, usuario_con_rol(Rol.DIRECTOR), django_capture_on_commit_callbacks)

    portada = PdfReader(informe.pdf.open("rb")).pages[0].extract_text()
    assert "Datos al 30-06-2026" in portada
    generado = informe.terminado_at.astimezone(en_santiago(date(2026, 1, 1)).tzinfo)
    assert f"Generado el {generado:%d-%m-%Y}" in portada
    assert informe.sha256 in portada.replace("\n", "")


def test_una_linea_cumplida_despues_del_corte_sigue_atrasada_en_el_informe(primer_semestre):
    valparaiso, plan, *_ = primer_semestre
    corte = figures.Corte.del_dia(date(2026, 6, 30))
    atrasada = plan.lineas.get(plazo=date(2026, 5, 31))

    # When: in August the line is reported done.
    atrasada.estado = LineaAccion.Estado.CUMPLIDA
    atrasada.save()

    # Then: as of 30-06 it was still overdue (the September one was not due yet); today only
    # the September one is.
    al_corte = lineas_atrasadas_por_comuna(regiones=["05"], anio=2026, al=corte.momento)
    assert al_corte == {"05802": 1}
    hoy = lineas_atrasadas_por_comuna(regiones=["05"], anio=2026, hoy=date(2026, 11, 30))
    assert hoy == {"05802": 1}
    assert not plan.lineas.atrasadas(al=date(2026, 11, 30)).filter(pk=atrasada.pk).exists()
    fila = next(
        f for f in figures.actividad_comunal(valparaiso, S1, corte) if f["comuna"] == "Limache"
    )
    assert fila["lineas_atrasadas"] == 1
    # The cut-off is the last instant of 30-06 in Chile.
    assert corte.momento + timedelta(microseconds=1) == en_santiago(date(2026, 7, 1), time.min)
