"""Each indicator is defined once: computed on the same data, the home panels, the panorama, the
mesa's attendance page and the report show the same number as the selector that defines it.

The pages are read as a person reads them (the rendered HTML, parsed); the report through its
stored figures (`Informe.datos`), built by the same service the workers run.
"""

from datetime import date, datetime, time, timedelta

import pytest
import tinyhtml5
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

from convenios.selectors import convenios_vigentes
from empresas.selectors.indicadores import resultados_visitas
from informes import services
from informes.periodos import SEMESTRAL, Periodo
from mesas.models import Asistencia, Minuta, Sesion
from mesas.selectors import indicadores
from nucleo.models import Region, Rol
from omil.models import LineaAccion, PlanComunal
from omil.selectors import lineas_atrasadas_por_comuna, planes_por_estado
from tests.factories import (
    AcuerdoFactory,
    AsistenciaFactory,
    ConvenioFactory,
    EmpresaFactory,
    LineaAccionFactory,
    PlanComunalFactory,
    SesionFactory,
    VisitaEmpresaFactory,
    en_santiago,
    mesa_comunal,
    mesa_regional,
    oficina,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

HOY = timezone.localdate()
SEMESTRE = Periodo(SEMESTRAL, HOY.year, 1 if HOY.month <= 6 else 2)
# Every date below is relative to the semester's start and before today, so the report of the
# running semester and the live pages (panorama, home) see the same rows.
INICIO = SEMESTRE.inicio
assert (HOY - INICIO).days >= 60, "the scenario needs two months of semester behind today"


def dia(n: int) -> date:
    return INICIO + timedelta(days=n)


# --- Reading the pages ------------------------------------------------------------------------
def arbol(respuesta):
    assert respuesta.status_code == 200
    return tinyhtml5.parse(respuesta.content.decode(), namespace_html_elements=False)


def texto(elemento) -> str:
    return " ".join(" ".join(elemento.itertext()).split())


def filas(tabla) -> list[list[str]]:
    return [[texto(c) for c in tr if c.tag in ("th", "td")] for tr in tabla.iter("tr")][1:]


def tabla_con_clase(raiz, clase: str):
    return next(t for t in raiz.iter("table") if clase in (t.get("class") or "").split())


def panel(raiz, titulo: str):
    return next(s for s in raiz.iter("section") if any(texto(h) == titulo for h in s.iter("h2")))


def cifra_del_panel(seccion, etiqueta: str) -> int:
    for div in seccion.iter("div"):
        hijos = [h for h in div if h.tag == "div"]
        if len(hijos) == 2 and texto(hijos[1]) == etiqueta:
            return int(texto(hijos[0]).replace(".", ""))
    raise AssertionError(f"«{etiqueta}» no está en el panel")


# --- The data ---------------------------------------------------------------------------------
@pytest.fixture
def region_con_actividad():
    valparaiso = Region.objects.get(codigo="05")
    senadis, senda = oficina("senadis"), oficina("senda")
    regional = mesa_regional(miembros=("senadis", "senda"))
    a_tiempo = SesionFactory(mesa=regional, inicio=en_santiago(dia(10)), estado="realizada")
    tarde = SesionFactory(mesa=regional, inicio=en_santiago(dia(30)), estado="realizada")
    SesionFactory(mesa=regional, inicio=en_santiago(dia(40)), estado="suspendida")
    Minuta.objects.create(sesion=a_tiempo, texto="Acta", created_at=a_tiempo.fin + timedelta(2))
    Minuta.objects.create(sesion=tarde, texto="Acta", created_at=tarde.fin + timedelta(days=10))
    for s in (a_tiempo, tarde):
        AsistenciaFactory(sesion=s, institucion=senadis, estado=Asistencia.Estado.ASISTIO)
    AsistenciaFactory(sesion=a_tiempo, institucion=senda, estado=Asistencia.Estado.ASISTIO)
    AsistenciaFactory(sesion=tarde, institucion=senda, estado=Asistencia.Estado.JUSTIFICADA)
    AcuerdoFactory(sesion=a_tiempo, estado="cumplido", institucion_responsable=senda)
    AcuerdoFactory(sesion=a_tiempo, fecha_limite=dia(20), institucion_responsable=senda)
    AcuerdoFactory(sesion=tarde, fecha_limite=HOY + timedelta(days=40))

    omil_de("05802")
    omil_de("05109")
    limache = mesa_comunal("05802")
    con_minuta = SesionFactory(mesa=limache, inicio=en_santiago(dia(15)), estado="realizada")
    SesionFactory(mesa=limache, inicio=en_santiago(dia(45)), estado="realizada")  # no minute
    Minuta.objects.create(sesion=con_minuta, texto="Acta", created_at=con_minuta.fin)
    AcuerdoFactory(sesion=con_minuta, fecha_limite=dia(25))
    plan = PlanComunalFactory(comuna_id="05802", anio=HOY.year, estado=PlanComunal.Estado.ENVIADO)
    LineaAccionFactory(plan=plan, plazo=dia(20), estado=LineaAccion.Estado.PENDIENTE)
    LineaAccionFactory(plan=plan, plazo=dia(20), estado=LineaAccion.Estado.CUMPLIDA)
    LineaAccionFactory(plan=plan, plazo=HOY + timedelta(days=30))
    PlanComunalFactory(comuna_id="05109", anio=HOY.year, estado=PlanComunal.Estado.APROBADO)

    empresa = EmpresaFactory()
    a_las_11 = time(11, 0)
    VisitaEmpresaFactory(empresa=empresa, inicio=en_santiago(dia(12), a_las_11),
                         estado="realizada", vacantes_ofrecidas=4)  # fmt: skip
    VisitaEmpresaFactory(empresa=EmpresaFactory(), inicio=en_santiago(dia(33), a_las_11),
                         estado="realizada", vacantes_ofrecidas=3)  # fmt: skip
    VisitaEmpresaFactory(empresa=empresa, inicio=en_santiago(dia(35), a_las_11),
                         estado="suspendida")  # fmt: skip

    ConvenioFactory(fecha_inicio=date(2025, 1, 1), fecha_termino=HOY + timedelta(days=45))
    ConvenioFactory(fecha_inicio=date(2025, 1, 1), fecha_termino=HOY + timedelta(days=400))
    ConvenioFactory(estado="en_preparacion")
    return valparaiso, regional, limache


@pytest.fixture
def director():
    return usuario_con_rol(Rol.DIRECTOR)


@pytest.fixture
def informe(region_con_actividad, director, django_capture_on_commit_callbacks) -> dict:
    valparaiso, *_ = region_con_actividad
    with django_capture_on_commit_callbacks(execute=True):
        informe, _ = services.informe_solicitar(
            tipo=SEMESTRAL, region=valparaiso, periodo=SEMESTRE.codigo, por=director
        )
    informe.refresh_from_db()
    assert informe.datos, informe.error
    return informe.datos


def seccion(datos: dict, id_: str) -> dict:
    return next(s for s in datos["secciones"] if s["id"] == id_)


def indicador(datos: dict, id_: str, etiqueta: str):
    return next(i["valor"] for i in seccion(datos, id_)["indicadores"] if i["etiqueta"] == etiqueta)


def tabla(datos: dict, id_: str, titulo: str) -> list[list]:
    return next(t["filas"] for t in seccion(datos, id_)["tablas"] if t["titulo"] == titulo)


@pytest.fixture
def panorama(client, director, region_con_actividad) -> dict[str, list[str]]:
    client.force_login(director)
    raiz = arbol(client.get(reverse("mesas:panorama")))
    return {f[0].split(" ")[0]: f for f in filas(tabla_con_clase(raiz, "tabla-panorama"))}


@pytest.fixture
def inicio(client, director, region_con_actividad):
    client.force_login(director)
    return arbol(client.get(reverse("nucleo:inicio")))


def ventana():
    desde = datetime.combine(INICIO, time.min, tzinfo=en_santiago(INICIO).tzinfo)
    return {"desde": desde, "hasta": None, "ahora": timezone.now()}


# --- Each indicator, through every page that shows it -------------------------------------
def test_sesiones_realizadas_vs_programadas(region_con_actividad, informe, panorama):
    _, regional, limache = region_con_actividad
    definido = indicadores.sesiones_por_mesa(mesas=[regional.pk, limache.pk], **ventana())

    assert (definido[regional.pk].realizadas, definido[regional.pk].planificadas) == (2, 3)
    assert indicador(informe, "mesa-regional", "Sesiones realizadas / programadas") == "2 / 3"
    # Limache: the panorama's «Sesiones del semestre» and the report's per-comuna table.
    assert definido[limache.pk].realizadas == 2
    assert panorama["Limache"][4] == "2"
    por_comuna = {f[0]: f for f in tabla(informe, "mesas-comunales", "Por comuna")}
    assert por_comuna["Limache"][3] == 2


def test_minutas_a_tiempo(region_con_actividad, informe, panorama):
    _, regional, limache = region_con_actividad
    definido = indicadores.minutas_a_tiempo(mesas=[regional.pk, limache.pk], **ventana())

    r, c = definido[regional.pk], definido[limache.pk]
    assert (r.a_tiempo, r.esperadas, c.a_tiempo, c.esperadas, c.faltantes) == (1, 2, 1, 2, 1)
    assert indicador(informe, "mesa-regional", "Minutas a tiempo") == "1 / 2"
    assert panorama["Limache"][5] == "1 de 2"
    por_comuna = {f[0]: f for f in tabla(informe, "mesas-comunales", "Por comuna")}
    assert por_comuna["Limache"][5] == "1 de 2"
    assert "1 minuta sin subir" in panorama["Limache"][1]


def test_acuerdos_cumplidos_y_vencidos(region_con_actividad, informe, panorama):
    _, regional, limache = region_con_actividad
    definido = indicadores.acuerdos_por(
        mesas=[regional.pk, limache.pk], desde=None, hasta=None, ahora=timezone.now()
    )

    r, c = definido[regional.pk], definido[limache.pk]
    assert (r.tomados, r.cumplidos, r.vencidos) == (3, 1, 1)
    assert indicador(informe, "mesa-regional", "Acuerdos tomados / cumplidos / vencidos") == (
        "3 / 1 / 1"
    )
    assert (c.abiertos, c.vencidos) == (1, 1)
    assert (panorama["Limache"][6], panorama["Limache"][7]) == ("1", "1")


def test_asistencia_por_institucion(client, director, region_con_actividad, informe):
    _, regional, _ = region_con_actividad
    definido = indicadores.asistencia_por_institucion_en(mesas=[regional.pk], **ventana())
    client.force_login(director)
    pagina = arbol(client.get(reverse("mesas:mesa_asistencia", args=[regional.pk])))

    assert [(f.nombre, f.asistio, f.convocadas, f.porcentaje) for f in definido] == [
        ("SENADIS Valparaíso", 2, 2, 100.0),
        ("SENDA Valparaíso", 1, 2, 50.0),
    ]
    en_informe = tabla(informe, "mesa-regional", "Asistencia por servicio (sesiones realizadas)")
    assert [(f[0], f[2], f[1], f[5]) for f in en_informe] == [
        (f.nombre, f.asistio, f.convocadas, f.porcentaje) for f in definido
    ]
    en_pagina = {f[0]: f[-1] for f in filas(tabla_con_clase(pagina, "tabla-asistencia"))}
    for f in definido:
        assert en_pagina[f.nombre] == (
            f"{floatformat(f.porcentaje, -1)} % {f.asistio} de {f.convocadas}"
        )
    assert indicador(informe, "mesa-regional", "Asistencia de los servicios") == "75 %"


def test_planes_por_estado(region_con_actividad, informe, inicio):
    definido = planes_por_estado(regiones=["05"], anio=HOY.year)

    assert (definido["enviado"], definido["aprobado"], definido["borrador"]) == (1, 1, 0)
    en_informe = dict(tabla(informe, "planes", "Planes por estado"))
    en_panel = texto(panel(inicio, f"Planes comunales {HOY.year}"))
    for estado in PlanComunal.Estado:
        assert en_informe[estado.label] == definido[estado.value]
        assert f"{estado.label}: {definido[estado.value]}" in en_panel


def test_lineas_de_accion_atrasadas(region_con_actividad, informe, panorama):
    definido = lineas_atrasadas_por_comuna(regiones=["05"], anio=HOY.year)

    assert definido == {"05802": 1, "05109": 0}
    assert panorama["Limache"][8] == "1"
    assert "1 línea de acción del plan atrasada" in panorama["Limache"][1]
    por_comuna = {f[0]: f for f in tabla(informe, "mesas-comunales", "Por comuna")}
    assert por_comuna["Limache"][7] == 1
    assert indicador(informe, "mesas-comunales", "Líneas de acción atrasadas") == 1


def test_visitas_y_resultados(region_con_actividad, informe, inicio):
    from django.db.models import Q

    definido = resultados_visitas(
        filtro=Q(empresa__comuna__region_id="05"),
        **{**ventana(), "hasta": ventana()["desde"].replace(year=HOY.year + 1, month=1)},
    )

    assert (definido.realizadas, definido.visitas, definido.vacantes) == (2, 3, 7)
    assert indicador(informe, "empresas", "Visitas realizadas / programadas") == "2 / 3"
    assert indicador(informe, "empresas", "Vacantes ofrecidas") == 7
    red = panel(inicio, "Red de Empleadores")
    assert cifra_del_panel(red, "visitas realizadas este año") == definido.realizadas


def test_convenios_vigentes_y_por_vencer(region_con_actividad, informe, inicio):
    definido = convenios_vigentes(regiones=["05"], hoy=HOY)

    assert (len(definido.vigentes), len(definido.por_vencer)) == (2, 1)
    assert indicador(informe, "convenios", "Convenios vigentes") == 2
    assert indicador(informe, "convenios", "Vencen en 90 días") == 1
    vencimientos = panel(inicio, "Convenios por vencer (90 días)")
    enlaces = [a for a in vencimientos.iter("a") if "/convenios/" in (a.get("href") or "")]
    listados = [a for a in enlaces if texto(a) != "Ver convenios"]
    assert len(listados) == len(definido.por_vencer)


def test_una_sesion_realizada_mas_cambia_todas_las_paginas_a_la_vez(
    client, director, region_con_actividad
):
    _, _, limache = region_con_actividad
    SesionFactory(mesa=limache, inicio=en_santiago(dia(50)), estado=Sesion.Estado.REALIZADA)
    client.force_login(director)

    raiz = arbol(client.get(reverse("mesas:panorama")))

    fila = next(f for f in filas(tabla_con_clase(raiz, "tabla-panorama")) if "Limache" in f[0])
    definido = indicadores.sesiones_por_mesa(mesas=[limache.pk], **ventana())
    assert fila[4] == str(definido[limache.pk].realizadas) == "3"


def test_la_pagina_de_asistencia_y_el_informe_redondean_igual(client, director):
    regional = mesa_regional(miembros=("senda",))
    senda = oficina("senda")
    for n, estado in enumerate(["asistio", "asistio", "ausente"]):
        s = SesionFactory(mesa=regional, inicio=en_santiago(dia(5 + n)), estado="realizada")
        AsistenciaFactory(sesion=s, institucion=senda, estado=estado)
    client.force_login(director)

    pagina = arbol(client.get(reverse("mesas:mesa_asistencia", args=[regional.pk])))

    (definido,) = indicadores.asistencia_por_institucion_en(mesas=[regional.pk], **ventana())
    assert definido.porcentaje == 66.7
    fila = next(f for f in filas(tabla_con_clase(pagina, "tabla-asistencia")) if "SENDA" in f[0])
    assert fila[-1] == "66,7 % 2 de 3"


def test_red_regional_del_panel_y_del_informe_semestral(client, director):
    from informes import figures
    from nucleo.models import Institucion

    for codigo in ("05802", "05109", "05801"):
        omil_de(codigo)
    Institucion.objects.filter(tipo=Institucion.Tipo.OMIL, comuna_id="05801").update(activa=False)
    client.force_login(director)

    region = panel(arbol(client.get(reverse("nucleo:inicio"))), "Región de Valparaíso")
    red = figures.seccion_red(Region.objects.get(codigo="05"), SEMESTRE, figures.Corte.del_dia(HOY))

    cifras = {i["etiqueta"]: i["valor"] for i in red["indicadores"]}
    assert cifra_del_panel(region, "provincias") == cifras["Provincias"] == 8
    assert cifra_del_panel(region, "comunas") == cifras["Comunas"] == 38
    assert cifra_del_panel(region, "OMIL registradas") == cifras["OMIL registradas"] == 2
