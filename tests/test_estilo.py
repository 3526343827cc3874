"""One style (STYLE.md): states compared through their TextChoices, presentation in templates."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.template.loader import render_to_string

from mesas.selectors.panorama import FilaPanorama

RAIZ = Path(__file__).resolve().parents[1]
APPS = ["nucleo", "omil", "convenios", "empresas", "mesas", "informes"]
# Names that hold a state or a kind: `sesion.estado`, `tipo`, `r.rol`, `a.respuesta`…
CAMPOS = {"estado", "tipo", "rol", "respuesta", "vigencia"}


def _valores_de_choices() -> set[str]:
    valores = set()
    for app in APPS:
        for modelo in apps.get_app_config(app).get_models():
            for campo in modelo._meta.get_fields():
                for valor, _ in getattr(campo, "flatchoices", None) or []:
                    if isinstance(valor, str) and valor:
                        valores.add(valor)
    for app in APPS:  # TextChoices that no field uses yet
        modulo = apps.get_app_config(app).models_module
        for objeto in vars(modulo).values():
            if isinstance(objeto, type) and issubclass(objeto, models.TextChoices):
                valores |= set(objeto.values)
    return valores


def _nombre(nodo) -> str | None:
    if isinstance(nodo, ast.Attribute):
        return nodo.attr
    if isinstance(nodo, ast.Name):
        return nodo.id
    if isinstance(nodo, ast.Call) and getattr(nodo.func, "attr", None) == "get":  # d.get("x")
        argumento = nodo.args[0] if nodo.args else None
        return argumento.value if isinstance(argumento, ast.Constant) else None
    return None


def comparaciones_con_literales(archivo: Path, valores: set[str]) -> list[str]:
    halladas = []
    for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8"))):
        if not isinstance(nodo, ast.Compare):
            continue
        lados = [nodo.left, *nodo.comparators]
        nombres = {_nombre(lado) for lado in lados} & CAMPOS
        literales = [
            lado.value
            for lado in lados
            if isinstance(lado, ast.Constant) and isinstance(lado.value, str)
        ]
        if nombres and any(literal in valores for literal in literales):
            nombre = archivo.relative_to(RAIZ) if archivo.is_relative_to(RAIZ) else archivo.name
            halladas.append(f"{nombre}:{nodo.lineno} {ast.unparse(nodo)}")
    return halladas


@pytest.mark.parametrize("app", APPS)
def test_los_estados_se_comparan_con_sus_textchoices(app):
    valores = _valores_de_choices()

    halladas = [
        hallada
        for archivo in sorted((RAIZ / app).rglob("*.py"))
        if "migrations" not in archivo.parts
        for hallada in comparaciones_con_literales(archivo, valores)
    ]

    assert not halladas, "Compare con la TextChoices, no con un texto:\n" + "\n".join(halladas)


def test_la_revision_detecta_un_estado_escrito_a_mano(tmp_path):
    archivo = tmp_path / "vista.py"
    archivo.write_text(
        'def f(sesion, mesa):\n    return sesion.estado == "programada" or mesa.tipo != "x"\n'
    )

    halladas = comparaciones_con_literales(archivo, _valores_de_choices())

    assert halladas == ["vista.py:2 sesion.estado == 'programada'"]


def test_el_panorama_elige_sus_colores_en_la_plantilla():
    assert not hasattr(FilaPanorama, "clase_badge")
    assert not hasattr(FilaPanorama, "clase_fila")

    atrasada = render_to_string(
        "mesas/_nivel_panorama.html", {"nivel": "atrasada", "etiqueta": "Atrasada"}
    )
    al_dia = render_to_string("mesas/_nivel_panorama.html", {"nivel": "ok", "etiqueta": "Al día"})

    assert 'class="badge text-bg-danger">Atrasada</span>' in atrasada
    assert 'class="badge text-bg-success">Al día</span>' in al_dia


def test_el_panel_del_inicio_pinta_cada_mesa_atrasada_con_su_color():
    """The home's panel used a colour attribute the rows no longer have: «Atrasada» came out
    white on white."""
    from types import SimpleNamespace

    mesa = SimpleNamespace(get_absolute_url="/mesas/1/", comuna=SimpleNamespace(nombre="Concón"))
    fila = SimpleNamespace(nivel="atrasada", etiqueta="Atrasada", mesa=mesa, motivos=["sin acta"])

    html = render_to_string(
        "mesas/paneles/panorama.html", {"p": {"filas": [fila], "atrasadas": [fila], "al_dia": 0}}
    )

    assert 'class="badge text-bg-danger">Atrasada</span>' in html


def zonas_escritas_a_mano(archivo: Path) -> list[str]:
    """ZoneInfo("America/Santiago") and the like: copies of settings.TIME_ZONE."""
    return [
        f"{archivo.relative_to(RAIZ)}:{nodo.lineno} {ast.unparse(nodo)}"
        for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8")))
        if isinstance(nodo, ast.Call)
        and _nombre(nodo.func) == "ZoneInfo"
        and any(isinstance(a, ast.Constant) for a in nodo.args)
    ]


@pytest.mark.parametrize("app", APPS)
def test_la_zona_horaria_por_defecto_sale_de_settings(app):
    halladas = [
        hallada
        for archivo in sorted((RAIZ / app).rglob("*.py"))
        if "migrations" not in archivo.parts
        for hallada in zonas_escritas_a_mano(archivo)
    ]

    assert not halladas, "Use django.utils.timezone / settings.TIME_ZONE:\n" + "\n".join(halladas)


def test_la_zona_de_las_comunas_continentales_es_la_del_proyecto(settings):
    from nucleo import territorio

    assert territorio.ZONA_POR_DEFECTO == settings.TIME_ZONE


FORMATOS_DE_FECHA = ("%d-%m-%Y", "%d/%m/%Y")
SEPARADORES = {(",", "."), (".", ",")}


def formatos_escritos_a_mano(archivo: Path) -> list[str]:
    """f"{dia:%d-%m-%Y}", dia.strftime("%d-%m-%Y") and f"{n:,}".replace(",", "."): copies of
    what Django's formats (config/formats/es_CL, through nucleo.formato) already write."""
    halladas = []
    for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8"))):
        if isinstance(nodo, ast.FormattedValue) and nodo.format_spec is not None:
            formato = "".join(
                p.value for p in ast.walk(nodo.format_spec) if isinstance(p, ast.Constant)
            )
            mala = any(f in formato for f in FORMATOS_DE_FECHA)
        elif isinstance(nodo, ast.Call) and _nombre(nodo.func) == "strftime":
            mala = any(
                isinstance(a, ast.Constant) and any(f in str(a.value) for f in FORMATOS_DE_FECHA)
                for a in nodo.args
            )
        elif isinstance(nodo, ast.Call) and _nombre(nodo.func) == "replace":
            argumentos = tuple(a.value for a in nodo.args if isinstance(a, ast.Constant))
            mala = argumentos in SEPARADORES
        else:
            continue
        if mala:
            nombre = archivo.relative_to(RAIZ) if archivo.is_relative_to(RAIZ) else archivo.name
            halladas.append(f"{nombre}:{nodo.lineno} {ast.unparse(nodo)}")
    return halladas


@pytest.mark.parametrize("app", APPS)
def test_numeros_y_fechas_salen_de_los_formatos_de_django(app):
    halladas = [
        hallada
        for archivo in sorted((RAIZ / app).rglob("*.py"))
        if "migrations" not in archivo.parts
        for hallada in formatos_escritos_a_mano(archivo)
    ]

    assert not halladas, "Use nucleo.formato (fecha, numero, clp):\n" + "\n".join(halladas)


def test_la_revision_detecta_fechas_y_miles_escritos_a_mano(tmp_path):
    archivo = tmp_path / "cifras.py"
    archivo.write_text(
        "def f(dia, n):\n"
        '    a = f"el {dia:%d-%m-%Y}"\n'
        '    b = dia.strftime("%d/%m/%Y")\n'
        '    c = f"${n:,}".replace(",", ".")\n'
        '    return a, b, c, f"{dia:%H:%M}", dia.isoformat().replace("-", "")\n'
    )

    halladas = formatos_escritos_a_mano(archivo)

    assert sorted(h.split(" ")[0] for h in halladas) == [
        "cifras.py:2",
        "cifras.py:3",
        "cifras.py:4",
    ]


PLANTILLAS = RAIZ / "templates"
_COMPARACION = re.compile(
    r"""(?P<izq>[\w.]+)\s*(?:==|!=)\s*(?P<q>['"])(?P<lit>[^'"]*)(?P=q)"""
    r"""|(?P<q2>['"])(?P<lit2>[^'"]*)(?P=q2)\s*(?:==|!=)\s*(?P<der>[\w.]+)"""
    r"""|(?P<campo>[\w.]+)\s+(?:not\s+)?in\s+['"]"""
)


def estados_escritos_en_plantilla(archivo: Path, valores: set[str]) -> list[str]:
    """`{% if sesion.estado == "suspendida" %}`, `estado != 'x'`, `a.estado in "a b"`: compare
    with `opciones.Sesion.Estado.SUSPENDIDA` (nucleo.context_processors.opciones) instead."""
    halladas = []
    for numero, linea in enumerate(archivo.read_text(encoding="utf-8").splitlines(), start=1):
        for etiqueta in re.findall(r"{%\s*(?:el)?if\b(.*?)%}", linea):
            for m in _COMPARACION.finditer(etiqueta):
                nombre = (m["izq"] or m["der"] or m["campo"]).rsplit(".", 1)[-1]
                literal = m["lit"] if m["lit"] is not None else m["lit2"]
                if nombre in CAMPOS and (m["campo"] or literal in valores):
                    ruta = archivo.relative_to(RAIZ) if archivo.is_relative_to(RAIZ) else archivo
                    halladas.append(f"{ruta}:{numero} {m.group(0)}")
    return halladas


def test_las_plantillas_comparan_estados_con_sus_textchoices():
    valores = _valores_de_choices()

    halladas = [
        hallada
        for archivo in sorted(PLANTILLAS.rglob("*.*"))
        if archivo.suffix in {".html", ".txt"}
        for hallada in estados_escritos_en_plantilla(archivo, valores)
    ]

    assert not halladas, (
        "Compare con opciones.<Modelo>.<Choices>.<MIEMBRO>, no con un texto:\n"
        + "\n".join(halladas)
    )


def test_la_revision_detecta_un_estado_escrito_en_una_plantilla(tmp_path):
    archivo = tmp_path / "pagina.html"
    archivo.write_text(
        '{% if sesion.estado == "suspendida" %}a{% elif "realizada" != s.estado %}b{% endif %}\n'
        "{% if a.estado in 'invitada confirmada' %}c{% endif %}\n"
        "{% if sesion.estado == opciones.Sesion.Estado.SUSPENDIDA %}d{% endif %}\n"
        '{% if nivel == "ok" %}e{% endif %}\n'
    )

    halladas = estados_escritos_en_plantilla(archivo, _valores_de_choices())

    assert [h.split(" ", 1)[1] for h in halladas] == [
        'sesion.estado == "suspendida"',
        '"realizada" != s.estado',
        "a.estado in '",
    ]


def test_las_plantillas_reciben_las_textchoices(rf):
    from django.template import engines

    plantilla = engines["django"].from_string(
        "{% if e == opciones.Sesion.Estado.SUSPENDIDA %}suspendida{% endif %}"
        "{% if v == opciones.Vigencia.VIGENTE %} vigente{% endif %}"
    )

    texto = plantilla.render({"e": "suspendida", "v": "vigente"}, request=rf.get("/"))

    assert texto == "suspendida vigente"
