"""The main journeys with the keyboard alone (Tab, Shift+Tab, Enter, Space and typing; no mouse):
skip link, log in, schedule a monthly series, upload a minute, confirm a company visit and
download a report. Every control is reached by tabbing to it, and must show where the focus is."""

import contextlib
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from empresas.models import InvitacionVisita
from informes.models import Informe
from mesas.models import Minuta, Serie
from mesas.reglas import siguiente_dia_habil
from tests.mesas import archivos

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTURAS = Path("var/capturas/a11y")

# What has the focus, as a person hears it: tag, accessible name (aria-label, label or text),
# the text of its row, and whether it is visible with a keyboard focus ring.
_FOCO = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const etiqueta = e.labels && e.labels.length ? e.labels[0].textContent : "";
  const nombre = (e.getAttribute("aria-label") || etiqueta || e.textContent || e.value || "")
    .replace(/\\s+/g, " ").trim().replace(/\\*$/, "");  // crispy marks required fields with *
  const fila = e.closest("tr, li, .border");
  return {
    tag: e.tagName.toLowerCase(),
    tipo: e.getAttribute("type") || "",
    nombre: nombre,
    fila: fila ? fila.textContent.replace(/\\s+/g, " ") : "",
    en_main: !!e.closest("main"),
    visible: e.getClientRects().length > 0 && !!(e.offsetWidth || e.offsetHeight),
    anillo: e.matches(":focus-visible"),
  };
}"""


def foco(page) -> dict | None:
    return page.evaluate(_FOCO)


def tabular_hasta(
    page,
    nombre: str,
    *,
    tags=("a", "button", "input", "select", "textarea"),
    exacto=False,
    fila: str = "",
    atras=False,
    limite=90,
) -> dict:
    """Press Tab (or Shift+Tab) until the focused control has this name; fail after `limite`."""
    vistos = []
    for _ in range(limite + 1):
        f = foco(page)
        es = f and f["tag"] in tags and fila in f["fila"]
        if es and (f["nombre"] == nombre if exacto else nombre in f["nombre"]):
            assert f["visible"], f"«{nombre}» tiene el foco pero no se ve"
            assert f["anillo"], f"«{nombre}» tiene el foco sin indicador visible (:focus-visible)"
            return f
        vistos.append(f"{f['tag']}:{f['nombre'][:40]}" if f else "(body)")
        page.keyboard.press("Shift+Tab" if atras else "Tab")
    raise AssertionError(
        f"Con {limite} pulsaciones de Tab no se llegó a «{nombre}». Recorrido: {' | '.join(vistos)}"
    )


def saltar_al_contenido(page) -> None:
    """(a) On a freshly loaded page the first Tab shows the skip link; Enter moves into <main>."""
    page.keyboard.press("Tab")
    f = foco(page)
    assert f and f["nombre"] == "Saltar al contenido principal", f
    assert f["visible"] and f["anillo"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenido"
    page.keyboard.press("Tab")
    f = foco(page)
    assert f and f["en_main"], f"El Tab después del enlace de salto no quedó en el contenido: {f}"


def ingresar_con_teclado(navegador, base_url: str, usuario: str):
    """(b) Log in by keyboard; returns the logged-in page of a new context for this role."""
    contexto = navegador.new_context(locale="es-CL", timezone_id="America/Santiago")
    page = contexto.new_page()
    page.set_default_timeout(10_000)
    page.base_url = base_url
    page.goto(f"{base_url}/cuenta/login/")
    tabular_hasta(page, "Usuario", tags=("input",))
    page.keyboard.type(usuario)
    tabular_hasta(page, "Contraseña", tags=("input",))
    page.keyboard.type("mesas-demo")
    tabular_hasta(page, "Ingresar", tags=("button",), exacto=True)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/")
    return page


def seguir_enlace(page, nombre: str, **opciones) -> None:
    tabular_hasta(page, nombre, tags=("a",), **opciones)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_recorridos_principales_solo_con_teclado(navegador, pagina, demo_transaccional, tmp_path):
    CAPTURAS.mkdir(parents=True, exist_ok=True)

    # (b) + (a) The articulator logs in; on the home page the skip link jumps over the menu.
    page = ingresar_con_teclado(navegador, pagina.base_url, "articuladora")
    saltar_al_contenido(page)

    # (c) She schedules next year's monthly sessions of the regional mesa.
    page.reload()
    seguir_enlace(page, "Mesas", exacto=True)
    saltar_al_contenido(page)
    seguir_enlace(page, "Mesa Intersectorial Regional de Valparaíso", exacto=True)
    seguir_enlace(page, "Programar serie mensual")
    saltar_al_contenido(page)
    anio = timezone.localdate().year + 1
    # Asking for the dates with the rule erased says what is missing, next to the button.
    tabular_hasta(page, "¿Cuándo se reúne la mesa?", tags=("input",))
    page.keyboard.press("Backspace")  # tabbing into a field selects its proposed text
    tabular_hasta(page, "Ver fechas", tags=("button",))
    page.keyboard.press("Enter")
    alerta = page.locator("#vista-previa [role=alert]")
    alerta.wait_for()
    assert "¿Cuándo se reúne la mesa?: Este campo es obligatorio." in alerta.inner_text()
    tabular_hasta(page, "¿Cuándo se reúne la mesa?", tags=("input",), atras=True)
    page.keyboard.type("día 18, 10:00")
    tabular_hasta(page, "Desde", tags=("input",), exacto=True)
    # Date segments come in the browser's order (dd-mm or mm-dd): 1 January fits both.
    page.keyboard.type(f"0101{anio}")
    tabular_hasta(page, "o cantidad de sesiones", tags=("input",))
    page.keyboard.type("12")
    tabular_hasta(page, "Ver fechas", tags=("button",))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Vista previa: 12 sesiones").wait_for()
    # The holiday (18 September) moves to the suggested working day with Space.
    sugerida = siguiente_dia_habil(date(anio, 9, 18))
    tabular_hasta(page, f"Mover al {sugerida:%d-%m}", tags=("button",), fila="Independencia")
    page.keyboard.press("Space")
    f = foco(page)
    assert f and f["tag"] == "input" and f["nombre"].startswith("Nueva fecha para el 18-09"), (
        f"Tras mover la fecha el foco debe quedar en la fecha movida, no perderse: {f}"
    )
    assert page.evaluate("document.activeElement.value") == f"{sugerida:%Y-%m-%d}"
    page.screenshot(path=CAPTURAS / "teclado-1-serie-vista-previa.png", full_page=True)
    tabular_hasta(page, "Crear 12 sesiones", tags=("button",))
    page.keyboard.press("Enter")
    page.get_by_text("Se programaron 12 sesiones").wait_for()
    serie = Serie.objects.get(regla="día 18, 10:00")
    dias = [timezone.localtime(s.inicio) for s in serie.sesiones.order_by("inicio")]
    assert len(dias) == 12
    assert dias[8].date() == sugerida
    page.context.close()

    # (d) The OMIL of Limache uploads the minute of a session that has none.
    page = ingresar_con_teclado(navegador, pagina.base_url, "omil.limache")
    seguir_enlace(page, "Mesas", exacto=True)
    saltar_al_contenido(page)
    seguir_enlace(page, "Limache", exacto=True)
    saltar_al_contenido(page)
    seguir_enlace(page, "-", fila="Pendiente")  # the date link of a session whose minute is due
    sesion_url = page.url
    seguir_enlace(page, "Subir o escribir minuta")
    saltar_al_contenido(page)
    tabular_hasta(page, "Archivo de la minuta", tags=("input",))
    pdf = archivos.pdf("Minuta Limache.pdf")
    destino = tmp_path / pdf.name
    destino.write_bytes(pdf.read())
    # Choosing the file happens in the system dialog: Playwright fills the focused field instead.
    page.locator(":focus").set_input_files(str(destino))
    tabular_hasta(page, "Guardar minuta", tags=("button",))
    page.keyboard.press("Enter")
    page.get_by_text("Minuta guardada (versión 1)").wait_for()
    page.screenshot(path=CAPTURAS / "teclado-2-minuta-subida.png", full_page=True)
    minuta = Minuta.objects.get(nombre_original="Minuta Limache.pdf")
    assert minuta.sesion.mesa.comuna.nombre == "Limache"
    assert sesion_url.endswith(minuta.sesion.get_absolute_url())
    page.context.close()

    # (e) SENADIS confirms, from its home page, the first visit it was invited to.
    page = ingresar_con_teclado(navegador, pagina.base_url, "senadis")
    saltar_al_contenido(page)
    f = tabular_hasta(page, "Confirmar asistencia", tags=("button",))
    pendientes = InvitacionVisita.objects.filter(
        institucion__servicio__sigla="SENADIS", estado=InvitacionVisita.Estado.PENDIENTE
    ).count()
    page.keyboard.press("Enter")
    page.get_by_text("✓ Asistencia confirmada").first.wait_for()
    assert (
        InvitacionVisita.objects.filter(
            institucion__servicio__sigla="SENADIS", estado=InvitacionVisita.Estado.PENDIENTE
        ).count()
        == pendientes - 1
    )
    # foco.js moves the focus when htmx settles, a moment after the answer shows (a busy CI
    # machine read it in between and found <body>).
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(_FOCO, timeout=3_000)
    despues = foco(page)
    assert despues and despues["en_main"], (
        f"Tras confirmar, el foco debe seguir en la respuesta, no volver al inicio: {despues}"
    )
    page.screenshot(path=CAPTURAS / "teclado-3-visita-confirmada.png", full_page=True)
    page.context.close()

    # (f) The director asks for last month's report and downloads the PDF with Enter.
    page = ingresar_con_teclado(navegador, pagina.base_url, "director")
    seguir_enlace(page, "Informes", exacto=True)
    saltar_al_contenido(page)
    tabular_hasta(page, "Generar", tags=("button",), exacto=True)
    page.keyboard.press("Enter")
    page.get_by_text("listo para descargar").wait_for()
    informe = Informe.objects.get()
    tabular_hasta(page, "PDF", tags=("a",), exacto=True)
    with page.expect_download() as descarga:
        page.keyboard.press("Enter")
    assert descarga.value.suggested_filename.endswith(f"-{informe.periodo}-v1.pdf")
    assert Path(descarga.value.path()).read_bytes().startswith(b"%PDF")
    page.context.close()
