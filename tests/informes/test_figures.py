"""Each figure against data built here, with exact numbers."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from informes import figures
from informes.periodos import MENSUAL, SEMESTRAL, Periodo
from mesas.models import Asistencia, Minuta, Sesion
from nucleo.models import Comuna, Region
from omil.models import PlanComunal
from tests.factories import (
    AcuerdoFactory,
    AsistenciaFactory,
    ConvenioFactory,
    EmpresaFactory,
    EncuentroFactory,
    InvitacionVisitaFactory,
    ParticipacionEncuentroFactory,
    PlanComunalFactory,
    SesionFactory,
    VisitaEmpresaFactory,
    en_santiago,
    mesa_comunal,
    mesa_regional,
    oficina,
    omil_de,
)

pytestmark = pytest.mark.django_db

OCTUBRE = Periodo.desde_texto(MENSUAL, "2026-10")
S2 = Periodo.desde_texto(SEMESTRAL, "2026-S2")
# Today's rows (the data is built now, after the period): the snapshot is tested in
# test_instantanea.py; here, each figure's definition.
CORTE = figures.Corte.del_dia(date(2026, 10, 31), historial=False)


@pytest.fixture
def valparaiso():
    return Region.objects.get(codigo="05")


def sesion(mesa, dia: date, estado="realizada", **campos) -> Sesion:
    return SesionFactory(mesa=mesa, inicio=en_santiago(dia), estado=estado, **campos)


def minuta(s: Sesion, dias_despues: int) -> Minuta:
    return Minuta.objects.create(
        sesion=s, texto="Minuta", created_at=s.fin + timedelta(days=dias_despues)
    )


def test_mesa_regional_sesiones_minutas_asistencia_y_acuerdos(valparaiso):
    mesa = mesa_regional(miembros=("senadis", "senda"))
    a_tiempo = sesion(mesa, date(2026, 10, 1))
    tarde = sesion(mesa, date(2026, 10, 15))
    sesion(mesa, date(2026, 10, 29), estado="programada")
    sesion(mesa, date(2026, 10, 22), estado="suspendida")
    sesion(mesa, date(2026, 9, 30))  # another month: not counted
    minuta(a_tiempo, 2)
    minuta(tarde, 9)
    senadis, senda = oficina("senadis"), oficina("senda")
    for s in (a_tiempo, tarde):
        AsistenciaFactory(sesion=s, institucion=senadis, estado=Asistencia.Estado.ASISTIO)
    AsistenciaFactory(sesion=a_tiempo, institucion=senda, estado=Asistencia.Estado.ASISTIO)
    AsistenciaFactory(sesion=tarde, institucion=senda, estado=Asistencia.Estado.JUSTIFICADA)
    AcuerdoFactory(sesion=a_tiempo, estado="cumplido", institucion_responsable=senda)
    AcuerdoFactory(sesion=a_tiempo, fecha_limite=date(2026, 10, 10), institucion_responsable=senda)
    AcuerdoFactory(sesion=tarde, fecha_limite=date(2026, 11, 30))

    seccion = figures.seccion_mesa_regional(valparaiso, OCTUBRE, CORTE)
    i = figures.indicadores_mesa_regional(valparaiso, OCTUBRE, CORTE)

    assert (i["planificadas"], i["realizadas"], i["suspendidas"]) == (4, 2, 1)
    assert (i["con_minuta"], i["a_tiempo"]) == (2, 1)
    assert i["asistencia_pct"] == 75.0
    assert (i["acuerdos_tomados"], i["acuerdos_cumplidos"], i["acuerdos_vencidos"]) == (3, 1, 1)
    asistencia = seccion["tablas"][0]["filas"]
    assert asistencia == [
        ["SENADIS Valparaíso", 2, 2, 0, 0, 100.0],
        ["SENDA Valparaíso", 2, 1, 1, 0, 50.0],
    ]
    assert seccion["tablas"][1]["filas"] == [
        ["SENADIS Valparaíso", 1, 0, 0],
        ["SENDA Valparaíso", 2, 1, 1],
    ]
    assert seccion["textos"][0].startswith("La Mesa Intersectorial Regional realizó 2 de 4")


def _comunas_con_sesiones(codigos: list[str], dia: date = date(2026, 10, 8)):
    for codigo in codigos:
        sesion(mesa_comunal(codigo), dia)


@pytest.fixture
def omil_marga_marga_y_valparaiso(valparaiso):
    """Every comuna of Marga Marga (058) and Valparaíso (051) provinces has an OMIL."""
    codigos = list(
        Comuna.objects.filter(provincia_id__in=["058", "051"]).values_list("codigo", flat=True)
    )
    for codigo in codigos:
        omil_de(codigo)
    return codigos


def test_frase_de_cobertura_todas_salvo_valparaiso(valparaiso, omil_marga_marga_y_valparaiso):
    _comunas_con_sesiones([c for c in omil_marga_marga_y_valparaiso if c != "05101"])

    frase = figures.frase_cobertura(figures.actividad_comunal(valparaiso, OCTUBRE, CORTE))

    assert frase == (
        "Todas las OMIL de las provincias de Marga Marga y Valparaíso, salvo la comuna de "
        "Valparaíso, realizaron una o más sesiones."
    )


def test_frase_de_cobertura_todas(valparaiso, omil_marga_marga_y_valparaiso):
    _comunas_con_sesiones(omil_marga_marga_y_valparaiso)

    frase = figures.frase_cobertura(figures.actividad_comunal(valparaiso, OCTUBRE, CORTE))

    assert frase == (
        "Todas las OMIL de las provincias de Valparaíso y Marga Marga realizaron una o más "
        "sesiones."
    )


def test_frase_de_cobertura_ninguna(valparaiso, omil_marga_marga_y_valparaiso):
    _comunas_con_sesiones(["05802"], dia=date(2026, 9, 8))  # outside the period

    frase = figures.frase_cobertura(figures.actividad_comunal(valparaiso, OCTUBRE, CORTE))

    assert frase == "Ninguna OMIL de la región realizó sesiones de su mesa comunal en el periodo."


def test_frase_de_cobertura_parcial_nombra_las_que_si(valparaiso, omil_marga_marga_y_valparaiso):
    _comunas_con_sesiones(["05802", "05109"])  # Limache (Marga Marga), Viña del Mar (Valparaíso)

    frase = figures.frase_cobertura(figures.actividad_comunal(valparaiso, OCTUBRE, CORTE))

    assert frase == (
        "En la provincia de Valparaíso, solo Viña del Mar realizó sesiones. "
        "En la provincia de Marga Marga, solo Limache realizó sesiones."
    )


def test_mesas_comunales_por_comuna_con_minutas_y_plan(valparaiso):
    omil_de("05802")
    omil_de("05109")
    s = sesion(mesa_comunal("05802"), date(2026, 10, 5))
    sesion(mesa_comunal("05802"), date(2026, 10, 19))
    minuta(s, 1)
    PlanComunalFactory(comuna_id="05802", anio=2026, estado=PlanComunal.Estado.APROBADO)

    seccion = figures.seccion_mesas_comunales(valparaiso, OCTUBRE, CORTE)

    por_comuna = {f[0]: f for f in seccion["tablas"][1]["filas"]}
    assert por_comuna["Limache"] == [
        "Limache", "Marga Marga", "Sí", 2, 1, "1 de 2", "Aprobado", 0
    ]  # fmt: skip
    assert por_comuna["Viña del Mar"] == [
        "Viña del Mar", "Valparaíso", "No", 0, 0, "—", "Sin plan", 0
    ]  # fmt: skip


def test_planes_por_estado(valparaiso):
    for codigo, estado in [("05802", "aprobado"), ("05109", "enviado"), ("05801", "aprobado")]:
        omil_de(codigo)
        PlanComunalFactory(comuna_id=codigo, anio=2026, estado=estado)
    PlanComunalFactory(comuna_id="05802", anio=2025, estado="aprobado")  # other year

    seccion = figures.seccion_planes(valparaiso, OCTUBRE, CORTE)

    filas = dict(seccion["tablas"][0]["filas"])
    assert list(filas) == [e.label for e in PlanComunal.Estado]  # every state, zeros included
    assert (filas["Enviado a SENCE"], filas["Aprobado"], sum(filas.values())) == (1, 2, 3)
    assert seccion["textos"][0] == "3 de 3 OMIL tienen plan comunal 2026; 2 aprobados por SENCE."


def test_visitas_encuentros_y_resultados(valparaiso):
    octubre = en_santiago(date(2026, 10, 12), datetime.min.time().replace(hour=15))
    empresa = EmpresaFactory(miembro_red_desde=date(2026, 10, 3))
    otra = EmpresaFactory()
    v1 = VisitaEmpresaFactory(empresa=empresa, inicio=octubre, estado="realizada",
                              vacantes_ofrecidas=5, personas_derivadas=3,
                              capacitaciones_acordadas="Más Capaz: 10 cupos")  # fmt: skip
    VisitaEmpresaFactory(empresa=empresa, inicio=octubre + timedelta(days=7), estado="realizada",
                         vacantes_ofrecidas=2)  # fmt: skip
    VisitaEmpresaFactory(empresa=otra, inicio=octubre, estado="suspendida")
    VisitaEmpresaFactory(empresa=otra, inicio=octubre - timedelta(days=30), estado="realizada")
    InvitacionVisitaFactory(visita=v1, institucion=oficina("senadis"), estado="confirmada")
    InvitacionVisitaFactory(visita=v1, institucion=oficina("sernameg"), estado="rechazada")
    encuentro = EncuentroFactory(inicio=octubre, estado="realizado", vacantes_comprometidas=12)
    ParticipacionEncuentroFactory(encuentro=encuentro, empresa=empresa, estado="asistio")
    ParticipacionEncuentroFactory(encuentro=encuentro, empresa=otra, estado="inscrita")

    i = figures.indicadores_empresas(valparaiso, OCTUBRE, CORTE)
    seccion = figures.seccion_empresas(valparaiso, OCTUBRE, CORTE)

    assert (i["visitas"], i["realizadas"], i["suspendidas"]) == (3, 2, 1)
    assert (i["empresas"], i["vacantes"], i["derivadas"], i["capacitaciones"]) == (1, 7, 3, 1)
    assert (i["encuentros"], i["empresas_encuentros"], i["vacantes_encuentros"]) == (1, 1, 12)
    assert i["nuevas_red"] == 1
    assert seccion["tablas"][0]["filas"] == [
        ["SENADIS Valparaíso", 1, 1],
        ["SERNAMEG Valparaíso", 1, 0],
    ]


def test_convenios_vigentes_por_vencer_y_recursos(valparaiso):
    ConvenioFactory(fecha_termino=date(2026, 12, 15), recursos_comprometidos=1_000_000)
    ConvenioFactory(fecha_termino=date(2027, 6, 30), recursos_comprometidos=2_500_000)
    ConvenioFactory(fecha_termino=date(2026, 9, 30), recursos_comprometidos=9_000_000)  # expired
    ConvenioFactory(estado="en_preparacion", recursos_comprometidos=7_000_000)
    ConvenioFactory(oficina_sence=oficina("sence", "08"), recursos_comprometidos=5)

    seccion = figures.seccion_convenios(valparaiso, OCTUBRE, CORTE)

    assert [i["valor"] for i in seccion["indicadores"]] == [2, 1, "$3.500.000"]
    assert [f[2] for f in seccion["tablas"][0]["filas"]] == ["15-12-2026", "30-06-2027"]


def test_evaluacion_semestral_compara_y_recoge_dificultades(valparaiso):
    mesa = mesa_regional()
    sesion(mesa, date(2026, 3, 5))
    sesion(mesa, date(2026, 8, 6))
    sesion(mesa, date(2026, 9, 3))
    sesion(mesa, date(2026, 12, 10), tipo="evaluacion",
           dificultades="Altas cargas laborales de los equipos.",
           propuestas_mejora="Incorporar a los alcaldes.")  # fmt: skip

    seccion = figures.seccion_evaluacion(
        valparaiso, S2, figures.Corte.del_dia(date(2026, 12, 31), historial=False)
    )

    comparacion = {f[0]: f[1:] for f in seccion["tablas"][0]["filas"]}
    assert comparacion["Sesiones regionales realizadas"] == [1, 3, "+2"]
    assert "Dificultades: Altas cargas laborales de los equipos." in seccion["textos"]
    assert "Propuestas de mejora: Incorporar a los alcaldes." in seccion["textos"]
    assert seccion["graficos"][-1]["series"][1]["valores"][0] == 3


def test_las_cifras_usan_las_mismas_consultas_con_mas_datos(valparaiso):
    def consultas() -> int:
        with CaptureQueriesContext(connection) as capturadas:
            figures.calcular(valparaiso, S2, hoy=date(2026, 12, 31))
        return len(capturadas)

    def un_dia_de_actividad(dia: int) -> None:
        s = sesion(mesa, date(2026, 9, 1) + timedelta(days=dia))
        AsistenciaFactory(sesion=s, estado=Asistencia.Estado.ASISTIO)
        AcuerdoFactory(sesion=s)
        sesion(mesa_comunal(["05802", "05109", "05801", "05804"][dia % 4]), date(2026, 9, dia))
        VisitaEmpresaFactory(empresa=EmpresaFactory(), inicio=en_santiago(date(2026, 9, dia)))
        ConvenioFactory()

    mesa = mesa_regional()
    sesion(mesa, date(2026, 8, 6))
    # One row of each kind: a lookup over an empty list of ids runs no query at all.
    un_dia_de_actividad(1)
    pocas = consultas()
    for dia in range(2, 26):
        un_dia_de_actividad(dia)

    assert consultas() == pocas
