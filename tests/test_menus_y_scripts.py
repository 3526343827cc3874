"""What a signed-in page loads and how its navbar works (issue 19: a phone on 3G waits for every
script). htmx only on the pages with hx- attributes (`{% block htmx %}`, _partials/htmx.html);
Bootstrap's JS without Popper, the navbar's «Más» and user menus being disclosure buttons of our
own (static/js/foco.js) that open with the mouse and the keyboard at 1280 and 390 px."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import ingresar

PLANTILLAS = settings.BASE_DIR / "templates"
CAPTURAS = Path("var/capturas/menus")
BLOQUE = '{% block htmx %}{% include "_partials/htmx.html" %}{% endblock %}'
# A page whose panels are known at runtime only (the home): htmx when one of them says so.
BLOQUE_CONDICIONAL = re.compile(
    r'{% block htmx %}{% if [\w.]+ %}{% include "_partials/htmx.html" %}{% endif %}{% endblock %}'
)
ATRIBUTO_HX = re.compile(r"\shx-[a-z-]+=")
INCLUDE = re.compile(r'{%\s*include\s+"([^"#]+)(?:#([\w-]+))?"')
INCLUDE_VARIABLE = re.compile(r"{%\s*include\s+[\w.]+")  # a template known at runtime only
PARTIAL = re.compile(r"{%\s*partial\s+([\w-]+)\s*%}")
EXTENDS = re.compile(r'{%\s*extends\s+"([^"]+)"')


def _textos() -> dict[str, str]:
    return {str(p.relative_to(PLANTILLAS)): p.read_text() for p in PLANTILLAS.rglob("*.html")}


def _partial(texto: str, nombre: str) -> str:
    """The body of `{% partialdef nombre %}` (django-template-partials), nested ones included."""
    inicio = re.search(r"{%\s*partialdef\s+" + re.escape(nombre) + r"(\s+inline)?\s*%}", texto)
    if not inicio:
        return ""
    profundidad, posicion = 1, inicio.end()
    for marca in re.finditer(r"{%\s*(end)?partialdef\b[^%]*%}", texto[posicion:]):
        profundidad += -1 if marca.group(1) else 1
        if profundidad == 0:
            return texto[posicion : posicion + marca.start()]
    return ""


def _usa_htmx(nombre: str, textos: dict[str, str], vistos: set, partial: str = "") -> bool:
    """Whether the template (or one partial of it), or what it includes at any depth, has an
    hx- attribute; an include whose template is a variable (the home page's panels) may."""
    if (nombre, partial) in vistos or nombre not in textos:
        return False
    vistos.add((nombre, partial))
    texto = _partial(textos[nombre], partial) if partial else textos[nombre]
    return (
        bool(ATRIBUTO_HX.search(texto) or INCLUDE_VARIABLE.search(texto))
        or any(_usa_htmx(nombre, textos, vistos, otro) for otro in PARTIAL.findall(texto))
        or any(_usa_htmx(i, textos, vistos, parte) for i, parte in INCLUDE.findall(texto))
    )


def _ancestros(nombre: str, textos: dict[str, str]) -> list[str]:
    """The template and the ones it extends, up to base.html (left out); [] if not a page."""
    cadena = []
    while nombre in textos and nombre != "base.html":
        cadena.append(nombre)
        padre = EXTENDS.search(textos[nombre])
        nombre = padre.group(1) if padre else ""
    return cadena if nombre == "base.html" else []


def test_cargan_htmx_las_paginas_con_atributos_hx_y_solo_ellas():
    textos = _textos()
    paginas = {nombre: _ancestros(nombre, textos) for nombre in textos}
    paginas = {nombre: cadena for nombre, cadena in paginas.items() if cadena}

    sin_htmx, de_mas = [], []
    for nombre, cadena in paginas.items():
        usa = any(_usa_htmx(plantilla, textos, set()) for plantilla in cadena)
        carga = any(BLOQUE in textos[p] or BLOQUE_CONDICIONAL.search(textos[p]) for p in cadena)
        if usa and not carga:
            sin_htmx.append(nombre)
        if carga and not usa:
            de_mas.append(nombre)

    assert len(paginas) > 50
    assert "mesas/acuerdo_list.html" in paginas  # hx- only through mesas/_acuerdo.html
    assert "empresas/visita_historial.html" in paginas  # a partial of a page with hx-, without
    assert not sin_htmx, f"Con atributos hx- y sin {BLOQUE}: {sin_htmx}"
    assert not de_mas, f"Cargan htmx sin usarlo: {de_mas}"


def test_ninguna_pagina_carga_popper():
    referencias = [
        str(archivo)
        for carpeta in (PLANTILLAS, settings.BASE_DIR / "static")
        for archivo in carpeta.rglob("*")
        if archivo.is_file() and "bootstrap.bundle" in archivo.read_text(errors="ignore")
    ]

    assert not (settings.BASE_DIR / "static/vendor/bootstrap/bootstrap.bundle.min.js").exists()
    assert not referencias


@pytest.mark.django_db
def test_el_ingreso_no_carga_scripts(client):
    respuesta = client.get("/cuenta/login/")

    assert respuesta.status_code == 200
    assert "<script" not in respuesta.content.decode()


@pytest.mark.django_db
def test_el_inicio_carga_htmx_solo_si_un_panel_lo_usa(client):
    """The home's panels are known at runtime: a service with a visit invitation to answer in
    place gets htmx; the same service without one, and SENCE's articulator, do without."""
    from nucleo.models import Rol
    from tests.factories import InvitacionVisitaFactory, oficina, usuario_con_rol

    senadis = oficina("senadis")
    representante = usuario_con_rol(Rol.REPRESENTANTE, senadis)

    def carga_htmx(usuario) -> bool:
        client.force_login(usuario)
        return "htmx.min" in client.get("/").content.decode()

    assert not carga_htmx(representante)
    assert not carga_htmx(usuario_con_rol(Rol.ARTICULADOR))
    InvitacionVisitaFactory(institucion=senadis)
    assert carga_htmx(representante)


# --- In the browser -------------------------------------------------------------------------


def _barra(pagina, ancho: int):
    """The navbar of the home page, signed in as the articulator (the one with «Más»), with its
    links showing: on a phone, after tapping the toggler."""
    pagina.set_viewport_size({"width": ancho, "height": 900})
    ingresar(pagina, "articuladora")
    pagina.wait_for_url(f"{pagina.base_url}/")
    barra = pagina.get_by_role("navigation", name="Navegación principal")
    if ancho < 992:
        expect(barra.get_by_role("link", name="Acuerdos", exact=True)).to_be_hidden()
        barra.get_by_role("button", name="Abrir menú").click()
        expect(pagina.locator("#menu")).to_have_class(re.compile(r"(^| )show( |$)"))
    expect(barra.get_by_role("link", name="Acuerdos", exact=True)).to_be_visible()
    return barra


def _foco(pagina) -> str:
    return pagina.evaluate("() => document.activeElement.textContent.trim()")


@pytest.mark.parametrize("ancho", [1280, 390])
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_transaccional")
def test_los_menus_de_la_barra_se_abren_con_el_raton(pagina, ancho):
    # Given the articulator's navbar at that width.
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    barra = _barra(pagina, ancho)
    mas = barra.get_by_role("button", name="Más", exact=True)
    usuario = barra.locator("[aria-controls=menu-usuario]")
    personas = barra.get_by_role("link", name="Personas", exact=True)
    cerrar_sesion = barra.get_by_role("button", name="Cerrar sesión")
    expect(personas).to_be_hidden()

    # When «Más» is clicked, then its links show and the button says it is expanded.
    mas.click()
    expect(personas).to_be_visible()
    expect(mas).to_have_attribute("aria-expanded", "true")
    pagina.screenshot(path=CAPTURAS / f"mas-{ancho}.png")

    # When the user menu is clicked, then it opens and «Más» closes.
    usuario.click()
    expect(cerrar_sesion).to_be_visible()
    expect(personas).to_be_hidden()
    expect(mas).to_have_attribute("aria-expanded", "false")
    pagina.screenshot(path=CAPTURAS / f"usuario-{ancho}.png")

    # When the page is clicked elsewhere, then the menu closes.
    pagina.get_by_role("heading", level=1).click()
    expect(cerrar_sesion).to_be_hidden()
    expect(usuario).to_have_attribute("aria-expanded", "false")

    # When a link of «Más» is followed, then its page opens.
    mas.click()
    destino = personas.get_attribute("href")
    personas.click()
    pagina.wait_for_url(f"{pagina.base_url}{destino}")


@pytest.mark.parametrize("ancho", [1280, 390])
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_transaccional")
def test_los_menus_de_la_barra_se_abren_con_el_teclado(pagina, ancho):
    # Given the articulator's navbar at that width, and the focus on «Más» reached with Tab.
    errores = []
    pagina.on("pageerror", lambda error: errores.append(str(error)))
    barra = _barra(pagina, ancho)
    mas = barra.get_by_role("button", name="Más", exact=True)
    usuario = barra.locator("[aria-controls=menu-usuario]")
    primero = barra.locator("#menu-mas .dropdown-item").first
    for _ in range(40):
        if _foco(pagina) == "Más":
            break
        pagina.keyboard.press("Tab")
    assert _foco(pagina) == "Más"

    # When Enter is pressed, then the menu opens; the down arrow goes to its first link.
    pagina.keyboard.press("Enter")
    expect(primero).to_be_visible()
    pagina.keyboard.press("ArrowDown")
    expect(primero).to_be_focused()

    # When Escape is pressed, then the menu closes and the focus is back on «Más».
    pagina.keyboard.press("Escape")
    expect(primero).to_be_hidden()
    expect(mas).to_be_focused()
    expect(mas).to_have_attribute("aria-expanded", "false")

    # When Tab leaves the open menu, then it closes: the next control is the user menu.
    pagina.keyboard.press("Space")
    enlaces = barra.locator("#menu-mas .dropdown-item").count()
    for _ in range(enlaces + 1):
        pagina.keyboard.press("Tab")
    expect(usuario).to_be_focused()
    expect(primero).to_be_hidden()

    # When the user menu opens with Space, then «Cerrar sesión» is reachable with the arrows.
    pagina.keyboard.press("Space")
    cerrar_sesion = barra.get_by_role("button", name="Cerrar sesión")
    expect(cerrar_sesion).to_be_visible()
    for _ in range(20):
        pagina.keyboard.press("ArrowDown")
    expect(cerrar_sesion).to_be_focused()

    # When Home and End are pressed, then the focus goes to the first and the last item.
    items = barra.locator("#menu-usuario :is(a, button).dropdown-item")
    pagina.keyboard.press("Home")
    expect(items.first).to_be_focused()
    pagina.keyboard.press("End")
    expect(cerrar_sesion).to_be_focused()
    pagina.keyboard.press("Escape")
    expect(usuario).to_be_focused()

    # And no key raised a script error (Bootstrap's own dropdown handler saw our menus' keys).
    assert errores == []

    # When «Más»'s first link is chosen with Enter, then its page opens.
    mas.focus()
    destino = primero.get_attribute("href")
    pagina.keyboard.press("Enter")
    pagina.keyboard.press("ArrowDown")
    pagina.keyboard.press("Enter")
    pagina.wait_for_url(f"{pagina.base_url}{destino}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_transaccional")
def test_htmx_solo_donde_hay_atributos_hx_y_sus_acciones_andan(pagina):
    # Given the articulator; the list of mesas has no hx- attribute and does without htmx.
    ingresar(pagina, "articuladora")
    pagina.wait_for_url(f"{pagina.base_url}/")
    pagina.goto(f"{pagina.base_url}/mesas/")
    assert pagina.evaluate("() => typeof window.htmx") == "undefined"
    assert pagina.evaluate("() => typeof window.bootstrap.Collapse") == "function"

    # When an agreement is marked as fulfilled on the agreements page.
    pagina.goto(f"{pagina.base_url}/mesas/acuerdos/?estado=pendiente")
    assert pagina.evaluate("() => typeof window.htmx") == "object"
    historial = pagina.locator(".celda-acuerdo:has(form[hx-post]) a").first.get_attribute("href")
    celda = pagina.locator(f'.celda-acuerdo:has(a[href="{historial}"])')
    with pagina.expect_request(re.compile(r"/acuerdos/\d+/cumplir/")) as peticion:
        celda.get_by_role("button", name="Marcar cumplido").click()

    # Then htmx sent it and swapped the cell in place, without reloading the page.
    assert peticion.value.headers.get("hx-request") == "true"
    expect(celda.locator(".badge")).to_have_text("Cumplido")
    expect(celda.get_by_role("button", name="Marcar cumplido")).to_have_count(0)
    assert pagina.url.endswith("/mesas/acuerdos/?estado=pendiente")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_transaccional")
def test_un_mensaje_se_cierra_con_su_boton(pagina):
    # Given a message waiting for the articulator (an agreement fulfilled without htmx).
    ingresar(pagina, "articuladora")
    pagina.wait_for_url(f"{pagina.base_url}/")
    pagina.goto(f"{pagina.base_url}/mesas/acuerdos/?estado=pendiente")
    formulario = pagina.locator("form[hx-post]").first
    respuesta = pagina.request.post(
        f"{pagina.base_url}{formulario.get_attribute('action')}",
        form={
            "csrfmiddlewaretoken": formulario.locator("[name=csrfmiddlewaretoken]").input_value(),
            "volver": "/",
        },
        max_redirects=0,
    )
    assert respuesta.status == 302
    pagina.goto(f"{pagina.base_url}/")
    aviso = pagina.get_by_text("Acuerdo marcado como cumplido.")
    expect(aviso).to_be_visible()

    # When its close button is clicked, then it goes away.
    pagina.get_by_role("button", name="Cerrar", exact=True).click()
    expect(aviso).to_have_count(0)
