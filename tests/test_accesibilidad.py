"""axe-core (tests/vendor/axe-core, from the npm registry) on every main page, as each role that may
open it: no violation of impact "serious" or "critical"."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CAPTURAS = Path("var/capturas/a11y")
ROLES = ["articuladora", "director", "omil.limache", "senadis"]
GRAVES = {"serious", "critical"}


def _paginas_de(username: str) -> list[tuple[str, str]]:
    """(name, path) of the main pages this user may open, objects taken from their own scope.

    The access table (nucleo.registro) decides which pages a role may use, so a page the role
    is refused is left out rather than checked as a 403."""
    from convenios.selectors import convenios_visibles
    from empresas.selectors import empresas_visibles, visitas_visibles
    from mesas.permissions import puede_gestionar_mesa
    from mesas.selectors import mesas_visibles, sesiones_visibles
    from nucleo.alcance import alcance_de
    from nucleo.models import Usuario
    from nucleo.registro import AUTENTICADO, acceso_de
    from omil.selectors import planes_visibles

    usuario = Usuario.objects.get(username=username)
    alcance = alcance_de(usuario)
    # A session with a minute shows the most: minute, agreements, attendance.
    sesiones = sesiones_visibles(usuario)
    sesion = sesiones.filter(minutas__isnull=False).order_by("-inicio").first() or (
        sesiones.order_by("-inicio").first()
    )
    mesas = list(mesas_visibles(usuario).order_by("pk"))
    mesa = mesas[0] if mesas else None
    # The forms of the keyboard journeys, on a mesa this user manages (if any).
    propia = next((m for m in mesas if puede_gestionar_mesa(usuario, m)), None)
    sesion_propia = sesiones.filter(mesa=propia).order_by("-inicio").first() if propia else None
    candidatos = [
        ("inicio", "nucleo:inicio", None),
        ("mesas", "mesas:mesa_list", None),
        ("mesa", "mesas:mesa_detail", mesa),
        ("serie-nueva", "mesas:serie_create", propia),
        ("sesion", "mesas:sesion_detail", sesion),
        ("minuta-historial", "mesas:minuta_historial", sesion),
        ("minuta-nueva", "mesas:minuta_create", sesion_propia),
        ("acuerdos", "mesas:acuerdo_list", None),
        ("calendario", "mesas:calendario", None),
        ("panorama", "mesas:panorama", None),
        ("informes", "informes:informe_list", None),
        ("convenios", "convenios:convenio_list", None),
        (
            "convenio",
            "convenios:convenio_detail",
            convenios_visibles(usuario).order_by("pk").first(),
        ),
        (
            "convenio-historial",
            "convenios:convenio_historial",
            convenios_visibles(usuario).order_by("pk").first(),
        ),
        ("planes", "omil:plan_list", None),
        ("plan", "omil:plan_detail", planes_visibles(usuario).order_by("pk").first()),
        ("directorio", "omil:directorio", None),
        ("programas", "omil:programa_list", None),
        ("empresas", "empresas:empresa_list", None),
        ("empresa", "empresas:empresa_detail", empresas_visibles(usuario).order_by("pk").first()),
        ("visitas", "empresas:visita_list", None),
        ("visita", "empresas:visita_detail", visitas_visibles(usuario).order_by("-pk").first()),
        (
            "visita-historial",
            "empresas:visita_historial",
            visitas_visibles(usuario).order_by("-pk").first(),
        ),
    ]
    paginas = []
    for nombre, url, objeto in candidatos:
        regla = acceso_de(url)
        if regla != AUTENTICADO and not alcance.tiene_rol(*regla):
            continue
        if objeto is None and url.rsplit("_", 1)[-1] in {"detail", "create", "historial"}:
            continue  # nothing of that kind in this user's scope
        paginas.append((nombre, reverse(url, args=[objeto.pk] if objeto else [])))
    return paginas


def _violaciones_graves(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    resultado = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in resultado if v["impact"] in GRAVES]


def _describir(usuario: str, nombre: str, url: str, violacion: dict) -> str:
    objetivos = [json.dumps(n["target"], ensure_ascii=False) for n in violacion["nodes"][:6]]
    return (
        f"[{usuario}] {nombre} {url}: {violacion['id']} ({violacion['impact']}) "
        f"{violacion['help']} -> {', '.join(objetivos)}"
        + (f" (+{len(violacion['nodes']) - 6} más)" if len(violacion["nodes"]) > 6 else "")
    )


def _estados_de_la_serie(page, usuario: str, url: str) -> list[str]:
    """The series form after htmx redraws it: with errors, then with the dates preview."""
    hallazgos = []
    page.get_by_label("¿Cuándo se reúne la mesa?").fill("")
    page.get_by_role("button", name="Ver fechas").click()
    page.locator("#vista-previa [role=alert]").wait_for()
    page.mouse.move(0, 0)  # judge the page as read, not the button under the pointer
    hallazgos += [_describir(usuario, "serie-errores", url, v) for v in _violaciones_graves(page)]
    page.get_by_label("¿Cuándo se reúne la mesa?").fill("último jueves, 10:00")
    page.get_by_label("Desde").fill(f"{timezone.localdate().year + 1}-01-01")
    page.get_by_label("o cantidad de sesiones").fill("12")
    page.get_by_role("button", name="Ver fechas").click()
    page.get_by_role("heading", name="Vista previa: 12 sesiones").wait_for()
    page.mouse.move(0, 0)
    hallazgos += [_describir(usuario, "serie-previa", url, v) for v in _violaciones_graves(page)]
    return hallazgos


def test_paginas_principales_sin_violaciones_graves_de_axe(navegador, pagina, demo_transaccional):
    """Given the demo, when each role opens its main pages, then axe finds nothing serious."""
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    hallazgos: list[str] = []
    revisadas = 0

    # The login page, before anyone signs in.
    # The app's CSP (script-src 'self') blocks the inline <script> that add_script_tag injects:
    # this test alone uses a context with bypass_csp=True; the CSP itself is tested elsewhere.
    contexto = navegador.new_context(
        bypass_csp=True,
        locale="es-CL",
        timezone_id="America/Santiago",
        reduced_motion="reduce",  # no mid-transition colours for axe to sample
    )
    page = contexto.new_page()
    page.set_default_timeout(10_000)
    page.base_url = pagina.base_url
    page.goto(f"{page.base_url}/cuenta/login/")
    hallazgos += [_describir("anónimo", "login", page.url, v) for v in _violaciones_graves(page)]
    revisadas += 1
    contexto.close()

    for usuario in ROLES:
        contexto = navegador.new_context(
            bypass_csp=True,
            locale="es-CL",
            timezone_id="America/Santiago",
            reduced_motion="reduce",  # no mid-transition colours for axe to sample
        )
        page = contexto.new_page()
        page.set_default_timeout(10_000)
        page.base_url = pagina.base_url
        ingresar(page, usuario)
        page.wait_for_url(f"{page.base_url}/")
        for nombre, url in _paginas_de(usuario):
            respuesta = page.goto(f"{page.base_url}{url}")
            assert respuesta.status == 200, f"[{usuario}] {url} respondió {respuesta.status}"
            graves = _violaciones_graves(page)
            revisadas += 1
            if graves:
                page.screenshot(path=CAPTURAS / f"{usuario}-{nombre}.png", full_page=True)
            hallazgos += [_describir(usuario, nombre, url, v) for v in graves]
            if nombre == "serie-nueva":
                hallazgos += _estados_de_la_serie(page, usuario, url)
                revisadas += 2
        contexto.close()

    assert revisadas >= 40
    assert hallazgos == [], "\n".join(hallazgos)
