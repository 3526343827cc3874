"""Server time and query count of the main pages, in-process (`python -m bench.paginas`).

Lists, details and edit forms, each beside Django admin's page for the same objects (the filtered
changelist for a list, the change form of the same object for a detail or an edit form).
Run by bench.correr once per database (Valparaíso demo, national 5 and 10 years), with the
production settings (DEBUG off, the real middleware stack, persistent connections). Each request
goes through django.test.Client, which calls the same WSGI handler gunicorn calls: every
middleware, the session, the access table, the templates. The test environment is NOT set up,
so templates are not instrumented (no context copies) and the timing is the server's own.

Why in-process and not HTTP: the quantity to compare with the admin is the server's
work per page; HTTP parsing and the loopback add a constant that blurs small differences, and
CaptureQueriesContext needs the same process. The locust phase measures the real HTTP stack.

Requests are interleaved (round i of every page, then round i+1…) so that load from other
processes on the machine spreads evenly over pages, the floor (the cheapest authenticated page,
kept as information) and admin instead of hitting one page.

Output: JSON on --salida with the pages, the URLs that locust will use, and the measurements.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.estadistica import resumen_ms  # noqa: E402

REGION = "05"  # Valparaíso: the objects of every page with an id
COMUNA_OMIL = "05802"  # Limache


@dataclass
class Pagina:
    clave: str  # stable key, the same at both scales
    usuario: str
    nombre: str
    url: str
    admin: str | None  # the Django admin page of the same objects (as `admin`)
    # How often a locust user of this role opens it. A guess at real use: the home page is where
    # every session lands and people come back to it, lists more than details.
    peso: int = 1
    muestras: list[float] = field(default_factory=list)
    muestras_admin: list[float] = field(default_factory=list)


def _q(url: str, **params) -> str:
    from urllib.parse import urlencode

    return f"{url}?{urlencode(params)}" if params else url


def descubrir() -> tuple[list[Pagina], dict]:
    """The pages, with ids of real Valparaíso objects found in the database."""
    from convenios.models import Convenio
    from empresas.models import EncuentroEmpresarial, VisitaEmpresa
    from mesas.models import Mesa, Serie, Sesion
    from nucleo.models import Programa
    from omil.models import PlanComunal

    regional = Mesa.objects.filter(region_id=REGION, tipo=Mesa.Tipo.REGIONAL).order_by("pk").first()
    comunal = Mesa.objects.filter(comuna_id=COMUNA_OMIL, tipo=Mesa.Tipo.COMUNAL).first()
    # The newest session held whose minute is typed text: it has attendance, minutes and
    # agreements, the heavy case, and the same at every scale (reading a typed minute logs the
    # read, one INSERT: a session with an uploaded file at one scale and text at another
    # counted one query more that was not growth).
    realizadas = Sesion.objects.filter(mesa=regional, estado=Sesion.Estado.REALIZADA)
    sesion = (
        realizadas.filter(minutas__texto__gt="").order_by("-inicio").first()
        or realizadas.order_by("-inicio").first()
    )
    plan = PlanComunal.objects.filter(comuna_id=COMUNA_OMIL).order_by("-anio").first()
    # Details and edit forms: a planned visit and its company, the region's first agreement, a
    # SENADIS programme of the region (the senadis user is its representative there). The
    # national data has no series nor meetings: those two pages are measured where they exist.
    serie = Serie.objects.filter(mesa=regional).order_by("pk").first()
    convenio = Convenio.objects.filter(oficina_sence__region_id=REGION).order_by("pk").first()
    visita = (
        VisitaEmpresa.objects.filter(
            empresa__comuna__region_id=REGION, estado=VisitaEmpresa.Estado.PLANIFICADA
        )
        .order_by("-pk")
        .first()
    )
    encuentro = EncuentroEmpresarial.objects.filter(region_id=REGION).order_by("pk").first()
    programa = (
        Programa.objects.filter(ficha__region_id=REGION, servicio__codigo="senadis")
        .order_by("pk")
        .first()
    )
    faltan = [
        n
        for n, o in [
            ("mesa regional de Valparaíso", regional),
            ("mesa comunal de Limache", comunal),
            ("sesión realizada de la mesa regional", sesion),
            ("plan comunal de Limache", plan),
            ("convenio de Valparaíso", convenio),
            ("visita planificada en Valparaíso", visita),
            ("programa de SENADIS en Valparaíso", programa),
        ]
        if o is None
    ]
    if faltan:
        sys.exit("Faltan datos de demostración: " + ", ".join(faltan))
    from django.utils import timezone

    mes = timezone.localtime(sesion.inicio).strftime("%Y-%m")
    r = REGION

    def admin(nombre, *args, **params):
        return _q(reverse(f"admin:{nombre}", args=args), **params)

    inicio_admin = reverse("admin:index")
    mesas_admin = admin("mesas_mesa_changelist", region__codigo__exact=r)
    paginas = [
        Pagina("a.inicio", "articuladora", "Inicio", reverse("nucleo:inicio"), inicio_admin, 2),
        Pagina("a.mesas", "articuladora", "Mesas", reverse("mesas:mesa_list"), mesas_admin, 2),
        Pagina(
            "a.mesa",
            "articuladora",
            "Mesa regional",
            reverse("mesas:mesa_detail", args=[regional.pk]),
            admin("mesas_mesa_change", regional.pk),
            2,
        ),
        Pagina(
            "a.sesion",
            "articuladora",
            "Sesión (la última realizada con minuta escrita)",
            reverse("mesas:sesion_detail", args=[sesion.pk]),
            admin("mesas_sesion_change", sesion.pk),
            2,
        ),
        Pagina(
            "a.acuerdos",
            "articuladora",
            "Acuerdos",
            reverse("mesas:acuerdo_list"),
            admin("mesas_acuerdo_changelist", mesa__region__codigo__exact=r),
        ),
        Pagina(
            "a.calendario",
            "articuladora",
            f"Calendario ({mes})",
            _q(reverse("mesas:calendario"), mes=mes),
            admin("mesas_sesion_changelist", mesa__region__codigo__exact=r),
        ),
        Pagina(
            "a.panorama",
            "articuladora",
            "Panorama regional",
            reverse("mesas:panorama"),
            mesas_admin,
        ),
        Pagina(
            "a.informes",
            "articuladora",
            "Informes",
            reverse("informes:informe_list"),
            admin("informes_informe_changelist", region__codigo__exact=r),
        ),
        Pagina(
            "a.convenios",
            "articuladora",
            "Convenios",
            reverse("convenios:convenio_list"),
            admin("convenios_convenio_changelist", oficina_sence__region__codigo__exact=r),
        ),
        Pagina(
            "a.planes",
            "articuladora",
            "Planes comunales",
            reverse("omil:plan_list"),
            admin("omil_plancomunal_changelist", comuna__region__codigo__exact=r),
        ),
        Pagina(
            "a.plan",
            "articuladora",
            "Plan comunal (Limache)",
            reverse("omil:plan_detail", args=[plan.pk]),
            admin("omil_plancomunal_change", plan.pk),
        ),
        Pagina(
            "a.empresas",
            "articuladora",
            "Empresas",
            reverse("empresas:empresa_list"),
            admin("empresas_empresa_changelist", comuna__region__codigo__exact=r),
        ),
        Pagina(
            "a.visitas",
            "articuladora",
            "Visitas",
            reverse("empresas:visita_list"),
            admin("empresas_visitaempresa_changelist", empresa__comuna__region__codigo__exact=r),
        ),
        Pagina("o.inicio", "omil.limache", "Inicio", reverse("nucleo:inicio"), inicio_admin, 2),
        Pagina(
            "o.mesa",
            "omil.limache",
            "Su mesa comunal",
            reverse("mesas:mesa_detail", args=[comunal.pk]),
            admin("mesas_mesa_change", comunal.pk),
            2,
        ),
        Pagina(
            "o.plan",
            "omil.limache",
            f"Su plan {plan.anio}",
            reverse("omil:plan_detail", args=[plan.pk]),
            admin("omil_plancomunal_change", plan.pk),
            2,
        ),
        Pagina("s.inicio", "senadis", "Inicio", reverse("nucleo:inicio"), inicio_admin, 2),
        Pagina(
            "s.visitas",
            "senadis",
            "Visitas por confirmar",
            _q(reverse("empresas:visita_list"), ver="pendientes"),
            admin(
                "empresas_visitaempresa_changelist",
                estado__exact="planificada",
                empresa__comuna__region__codigo__exact=r,
            ),
            2,
        ),
        # Details and edit forms, each against the admin's change form of the same object.
        Pagina(
            "a.mesa_editar",
            "articuladora",
            "Editar mesa regional",
            reverse("mesas:mesa_update", args=[regional.pk]),
            admin("mesas_mesa_change", regional.pk),
        ),
        Pagina(
            "a.sesion_editar",
            "articuladora",
            "Editar sesión (la última realizada con minuta escrita)",
            reverse("mesas:sesion_update", args=[sesion.pk]),
            admin("mesas_sesion_change", sesion.pk),
        ),
        Pagina(
            "a.convenio",
            "articuladora",
            "Convenio",
            reverse("convenios:convenio_detail", args=[convenio.pk]),
            admin("convenios_convenio_change", convenio.pk),
        ),
        Pagina(
            "a.convenio_editar",
            "articuladora",
            "Editar convenio",
            reverse("convenios:convenio_edit", args=[convenio.pk]),
            admin("convenios_convenio_change", convenio.pk),
        ),
        Pagina(
            "a.empresa",
            "articuladora",
            "Empresa (la de la visita)",
            reverse("empresas:empresa_detail", args=[visita.empresa_id]),
            admin("empresas_empresa_change", visita.empresa_id),
        ),
        Pagina(
            "a.empresa_editar",
            "articuladora",
            "Editar empresa",
            reverse("empresas:empresa_update", args=[visita.empresa_id]),
            admin("empresas_empresa_change", visita.empresa_id),
        ),
        Pagina(
            "a.visita",
            "articuladora",
            "Visita planificada",
            reverse("empresas:visita_detail", args=[visita.pk]),
            admin("empresas_visitaempresa_change", visita.pk),
        ),
        Pagina(
            "a.visita_editar",
            "articuladora",
            "Editar visita",
            reverse("empresas:visita_update", args=[visita.pk]),
            admin("empresas_visitaempresa_change", visita.pk),
        ),
        Pagina(
            "o.plan_editar",
            "omil.limache",
            f"Editar su plan {plan.anio}",
            reverse("omil:plan_edit", args=[plan.pk]),
            admin("omil_plancomunal_change", plan.pk),
        ),
        Pagina(
            "s.programa_editar",
            "senadis",
            "Editar su programa",
            reverse("omil:programa_edit", args=[programa.pk]),
            admin("nucleo_programa_change", programa.pk),
        ),
        Pagina("d.inicio", "director", "Inicio", reverse("nucleo:inicio"), inicio_admin, 2),
        Pagina(
            "d.informes",
            "director",
            "Informes",
            reverse("informes:informe_list"),
            admin("informes_informe_changelist", region__codigo__exact=r),
            2,
        ),
    ]
    omitidas = []
    if serie:
        paginas.append(
            Pagina(
                "a.serie",
                "articuladora",
                "Serie de sesiones",
                reverse("mesas:serie_detail", args=[serie.pk]),
                admin("mesas_serie_change", serie.pk),
            )
        )
    else:
        omitidas.append({"clave": "a.serie", "motivo": "la mesa regional no tiene series"})
    if encuentro:
        paginas.append(
            Pagina(
                "a.encuentro_editar",
                "articuladora",
                "Editar encuentro empresarial",
                reverse("empresas:encuentro_update", args=[encuentro.pk]),
                admin("empresas_encuentroempresarial_change", encuentro.pk),
            )
        )
    else:
        omitidas.append(
            {
                "clave": "a.encuentro_editar",
                "motivo": "no hay encuentros empresariales en la región",
            }
        )
    contexto = {
        "omitidas": omitidas,
        "mesa_regional": regional.pk,
        "mesa_limache": comunal.pk,
        "sesion": sesion.pk,
        "sesion_inicio": timezone.localtime(sesion.inicio).isoformat(),
        "plan": plan.pk,
        "mes": mes,
        # The floor: the cheapest authenticated page there is (base layout, menu, session and
        # middleware, a fixed text, no form, no query of its own).
        "piso": reverse("password_change_done"),
    }
    return paginas, contexto


def _clientes(usuarios: list[str]) -> dict[str, Client]:
    from nucleo.models import Usuario

    clientes = {}
    for username in usuarios:
        cliente = Client()
        cliente.force_login(Usuario.objects.get(username=username))
        clientes[username] = cliente
    return clientes


def _get(cliente: Client, url: str) -> float:
    inicio = time.perf_counter()
    respuesta = cliente.get(url, secure=True)
    duracion = time.perf_counter() - inicio
    if respuesta.status_code != 200:
        raise RuntimeError(f"GET {url} respondió {respuesta.status_code}")
    return duracion


def _consultas(cliente: Client, url: str) -> int:
    """The queries of one request in steady state: right after the same request, so the shared
    caches (the home's panels, nucleo.cache.memo) are warm. A cold count depends on what else
    ran in the meantime (one full run counted the home at 9 instead of 5 at one scale only,
    and not again when repeated); the cold cost is in the timings, not here."""
    cliente.get(url, secure=True)
    with CaptureQueriesContext(connection) as capturadas:
        cliente.get(url, secure=True)
    return len(capturadas)


class _Desglose:
    """Splits a request's time into SQL, template rendering (without the SQL that templates
    trigger) and the rest (middleware, view code, ORM building and model instances)."""

    def __init__(self):
        self.sql = 0.0
        self.plantilla = 0.0
        self._sql_en_plantilla = 0.0
        self._profundidad = 0

    def __call__(self, execute, sql, params, many, context):
        inicio = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            duracion = time.perf_counter() - inicio
            self.sql += duracion
            if self._profundidad:
                self._sql_en_plantilla += duracion

    def medir(self, cliente: Client, url: str) -> tuple[float, float, float]:
        from django.template.backends.django import Template

        original = Template.render
        desglose = self

        def render(plantilla, *args, **kwargs):
            desglose._profundidad += 1
            inicio = time.perf_counter()
            try:
                return original(plantilla, *args, **kwargs)
            finally:
                desglose._profundidad -= 1
                if not desglose._profundidad:
                    desglose.plantilla += time.perf_counter() - inicio

        self.sql = self.plantilla = self._sql_en_plantilla = 0.0
        Template.render = render
        try:
            with connection.execute_wrapper(self):
                total = _get(cliente, url)
        finally:
            Template.render = original
        plantilla = self.plantilla - self._sql_en_plantilla
        return self.sql, plantilla, total - self.sql - plantilla


def _desglose(cliente: Client, url: str, veces: int = 5) -> dict:
    from statistics import median

    medidas = [_Desglose().medir(cliente, url) for _ in range(veces)]
    return {
        clave: median(m[i] for m in medidas) * 1000
        for i, clave in enumerate(("sql_ms", "plantilla_ms", "resto_ms"))
    }


def medir(paginas: list[Pagina], piso_url: str, *, repeticiones: int, calentamiento: int) -> dict:
    """Interleaved rounds: every floor, every page and, every other round, every distinct admin
    page (the admin is the slow reference; 15 samples of it are plenty and halve the run)."""
    usuarios = sorted({p.usuario for p in paginas})
    clientes = _clientes([*usuarios, "admin"])
    admin = clientes["admin"]
    pisos: dict[str, list[float]] = {u: [] for u in usuarios}
    admins: dict[str, list[float]] = {p.admin: [] for p in paginas if p.admin}
    for ronda in range(calentamiento + repeticiones):
        guardar = ronda >= calentamiento
        for u in usuarios:
            t = _get(clientes[u], piso_url)
            if guardar:
                pisos[u].append(t)
        for p in paginas:
            t = _get(clientes[p.usuario], p.url)
            if guardar:
                p.muestras.append(t)
        if ronda < calentamiento or (ronda - calentamiento) % 2 == 0:
            for url, muestras in admins.items():
                t = _get(admin, url)
                if guardar:
                    muestras.append(t)
    resultado: dict = {"pisos": {}, "paginas": []}
    for u in usuarios:
        resultado["pisos"][u] = {
            **resumen_ms(pisos[u]),
            "consultas": _consultas(clientes[u], piso_url),
            **_desglose(clientes[u], piso_url),
        }
    admin_resumen = {
        url: {**resumen_ms(m), "consultas": _consultas(admin, url)} for url, m in admins.items()
    }
    for p in paginas:
        fila = {k: v for k, v in asdict(p).items() if k not in ("muestras", "muestras_admin")}
        fila.update(resumen_ms(p.muestras))
        fila["consultas"] = _consultas(clientes[p.usuario], p.url)
        fila.update(_desglose(clientes[p.usuario], p.url))
        fila["piso_ms"] = resultado["pisos"][p.usuario]["mediana_ms"]
        if p.admin:
            a = admin_resumen[p.admin]
            fila.update(
                admin_ms=a["mediana_ms"],
                admin_p95_ms=a["p95_ms"],
                admin_n=a["n"],
                admin_consultas=a["consultas"],
            )
        else:
            fila["admin_ms"] = None
        resultado["paginas"].append(fila)
    return resultado


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salida", required=True, help="archivo JSON de resultados")
    parser.add_argument("--repeticiones", type=int, default=30)
    parser.add_argument("--calentamiento", type=int, default=3)
    parser.add_argument("--solo-descubrir", action="store_true", help="solo las URL (locust)")
    args = parser.parse_args(argv)
    paginas, contexto = descubrir()
    datos = {"contexto": contexto}
    if args.solo_descubrir:
        datos["paginas"] = [
            {k: v for k, v in asdict(p).items() if k not in ("muestras", "muestras_admin")}
            for p in paginas
        ]
    else:
        datos.update(
            medir(
                paginas,
                contexto["piso"],
                repeticiones=args.repeticiones,
                calentamiento=args.calentamiento,
            )
        )
    with open(args.salida, "w", encoding="utf-8") as archivo:
        json.dump(datos, archivo, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
