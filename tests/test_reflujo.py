"""WCAG 1.4.10 (reflow) on a phone: every page the crawl reaches, as each demo role and as a
visitor of the public offer, fits 390 and 320 px wide with no sideways scroll of the whole page
(a wide table scrolls inside its own box)."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

from tests.test_rastreo import rastrear

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANCHOS = (390, 320)
ROLES = ["articuladora", "director", "ejecutivo", "omil.limache", "senadis"]
CAPTURAS = Path("var/capturas/reflujo")

# The document's width against the viewport's, and the innermost elements that stick out of the
# viewport without a scroll box of their own to hold them (what to fix).
_MEDIR = """async () => {
  const vista = window.innerWidth;
  const ancho = () => document.documentElement.scrollWidth;
  // A page caught wider is measured again once the next frames are laid out (after a resize).
  const cuadro = () => new Promise((r) => requestAnimationFrame(r));
  if (ancho() > vista) await cuadro().then(cuadro);
  const documento = ancho();
  const culpables = [];
  const sale = (e) => e.getBoundingClientRect().right > vista + 0.5;
  // A scroll box holds an element if it is its containing block or above it.
  const contenido = (e) => {
    const suelto = ["absolute", "fixed"].includes(getComputedStyle(e).position);
    for (let a = suelto ? e.offsetParent : e.parentElement; a; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX;
      if (x !== "visible" && x !== "clip" && !sale(a)) return true;
    }
    return false;
  };
  if (documento > vista) {
    for (const e of document.body.querySelectorAll("*")) {
      if (!sale(e) || contenido(e) || [...e.children].some(sale)) continue;
      const clases = typeof e.className === "string" ? e.className.trim().split(/\\s+/) : [];
      const nombre = [e.tagName.toLowerCase(), ...clases.filter(Boolean)].join(".");
      const texto = (e.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 40);
      const borde = Math.round(e.getBoundingClientRect().right);
      culpables.push(`${nombre} «${texto}» (${borde} px)`);
      if (culpables.length === 3) break;
    }
  }
  return {vista, documento, culpables};
}"""


class _Respuesta:
    """What `rastrear` reads of a page the browser opened."""

    def __init__(self, status_code: int, tipo: str, content: bytes = b""):
        self.status_code, self.content, self._tipo = status_code, content, tipo

    def get(self, cabecera: str, defecto: str = "") -> str:
        return self._tipo if cabecera == "Content-Type" else defecto


def _recorrer(page, quien: str, inicio: str) -> tuple[int, list[str]]:
    """The crawl, in the browser: each HTML page is opened once, measured at the current width,
    then at the other one (one resize a page). Returns (pages measured, findings)."""
    hallazgos: list[str] = []
    medidas = 0

    def abrir(url: str) -> _Respuesta:
        nonlocal medidas
        try:
            respuesta = page.goto(f"{page.base_url}{url}")
        except PlaywrightError:  # a file (PDF, spreadsheet, calendar) downloads instead
            return _Respuesta(200, "application/octet-stream")
        tipo = respuesta.headers.get("content-type", "")
        if respuesta.status != 200 or "text/html" not in tipo:
            return _Respuesta(respuesta.status, tipo)
        medidas += 1
        actual = page.viewport_size["width"]
        for ancho in sorted(ANCHOS, key=lambda a: a != actual):
            if ancho != actual:
                page.set_viewport_size({"width": ancho, "height": 800})
            medida = page.evaluate(_MEDIR)
            if medida["documento"] > medida["vista"]:
                nombre = url.strip("/").replace("/", "_").replace("?", "_") or "inicio"
                page.screenshot(path=CAPTURAS / f"{quien}-{nombre}-{ancho}.png"[:200])
                hallazgos.append(
                    f"[{quien}] {url} a {ancho} px mide {medida['documento']} px: "
                    + "; ".join(medida["culpables"])
                )
        return _Respuesta(respuesta.status, tipo, respuesta.body())

    rastrear(None, inicio, get=abrir)
    return medidas, hallazgos


def test_ninguna_pagina_es_mas_ancha_que_un_telefono(pagina, client, demo_transaccional):
    """Given the demo, when each role (and a visitor of the public offer) opens every page it
    reaches at 390 and 320 px, then no document is wider than the viewport."""
    from nucleo.models import Usuario

    CAPTURAS.mkdir(parents=True, exist_ok=True)
    hallazgos: list[str] = []
    revisadas = 0

    pagina.set_viewport_size({"width": ANCHOS[0], "height": 800})
    medidas, hallados = _recorrer(pagina, "visitante", "/oferta/")
    revisadas += medidas
    hallazgos += hallados

    for usuario in ROLES:
        client.force_login(Usuario.objects.get(username=usuario))
        pagina.context.clear_cookies()
        pagina.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": pagina.base_url,
                }
            ]
        )
        medidas, hallados = _recorrer(pagina, usuario, "/")
        revisadas += medidas
        hallazgos += hallados
        client.logout()

    assert revisadas > 100
    assert not hallazgos, f"{len(hallazgos)} páginas más anchas que el teléfono:\n" + "\n".join(
        hallazgos
    )


def test_el_menu_cabe_en_dos_filas_a_1280_y_marca_la_pagina_actual(pagina, demo_transaccional):
    """Given the articulator (the role with the most sections), when she opens the panorama on a
    1280 px screen, then the main menu takes at most two rows, every section is still one click
    away (the secondary ones under «Más») and «Panorama regional» is marked as the current page."""
    from tests.conftest import ingresar

    pagina.set_viewport_size({"width": 1280, "height": 800})
    ingresar(pagina, "articuladora")
    pagina.wait_for_url(f"{pagina.base_url}/")
    pagina.goto(f"{pagina.base_url}/mesas/panorama/")

    filas = pagina.evaluate(
        "() => new Set([...document.querySelectorAll('#menu .navbar-nav.me-auto > li')]"
        ".map((li) => Math.round(li.getBoundingClientRect().top))).size"
    )
    assert filas <= 2, f"el menú ocupa {filas} filas a 1280 px"
    menu = pagina.get_by_role("navigation", name="Navegación principal")
    for seccion in ("Inicio", "Mesas", "Acuerdos", "Informes", "Solicitudes de empresas"):
        assert menu.get_by_role("link", name=seccion, exact=True).is_visible(), seccion
    menu.get_by_role("button", name="Más", exact=True).click()
    for seccion in ("Panorama regional", "Oferta programática", "Directorio", "Personas"):
        assert menu.get_by_role("link", name=seccion, exact=True).is_visible(), seccion
    actual = menu.locator("[aria-current=page]")
    assert actual.all_inner_texts() == ["Panorama regional"]
    pagina.screenshot(path=CAPTURAS / "menu-1280.png")
