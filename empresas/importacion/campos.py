"""The fields a spreadsheet's columns map to, the suggested mapping from its titles, the
row and analysis shapes, and the template offered for download."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from empresas import rut as rut_chileno
from nucleo.archivos import MB

MAX_FILAS = 5000


FILAS_ANTES_DE_TITULOS = 10  # headings above the titles row that are looked past


TAMANO_MAXIMO = 5 * MB


PERMITIDAS = frozenset({"xlsx", "csv"})


@dataclass(frozen=True)
class Campo:
    etiqueta: str
    alias: tuple[str, ...]  # accepted headers, compared by _clave (no accents, case, dots)


CAMPOS = {
    "rut": Campo(
        "RUT",
        (
            "rut",
            "rut empresa",
            "rut de la empresa",
            "rut sin dv",
            "rut sin digito",
            "rut sin digito verificador",
            "numero rut",
            "n rut",
            "rol unico tributario",
        ),
    ),
    "dv": Campo(
        "Dígito verificador del RUT",
        (
            "dv",
            "dv rut",
            "digito",
            "digito verificador",
            "digito verificador rut",
            "digito verificador del rut",
            "dig verificador",
            "dig verif",
            "verificador",
        ),
    ),
    "razon_social": Campo(
        "Razón social", ("razon social", "nombre legal", "nombre empresa", "empresa")
    ),
    "nombre_fantasia": Campo(
        "Nombre de fantasía",
        ("nombre de fantasia", "nombre fantasia", "fantasia", "nombre comercial"),
    ),
    "rubro": Campo("Rubro", ("rubro", "sector", "actividad", "giro")),
    "tamano": Campo("Tamaño", ("tamano", "tamano empresa", "tamano de la empresa")),
    "comuna": Campo("Comuna", ("comuna", "codigo comuna", "cut comuna", "comuna cut")),
    "direccion": Campo("Dirección", ("direccion", "domicilio")),
    "telefono": Campo("Teléfono", ("telefono", "fono", "celular")),
    "email": Campo("Correo", ("email", "correo", "correo electronico", "e mail", "mail")),
    "miembro_red_desde": Campo(
        "Miembro de la red desde",
        ("miembro red desde", "miembro de la red desde", "en la red desde"),
    ),
}


OBLIGATORIAS = ["rut", "razon_social", "comuna"]


ENCABEZADOS_PLANTILLA = [c.etiqueta for k, c in CAMPOS.items() if k != "dv"]


class Estado:
    NUEVA = "nueva"
    EXISTE = "existe"
    ERROR = "error"


ETIQUETAS = {
    Estado.NUEVA: "Se importará",
    Estado.EXISTE: "Ya registrada: sin cambios",
    Estado.ERROR: "Con errores: no se importará",
}


@dataclass
class Columna:
    """One column of the file: where it is, its title, and the field it feeds ("" = unused)."""

    indice: int
    titulo: str
    muestras: list[str] = field(default_factory=list)
    campo: str = ""

    @property
    def letra(self) -> str:
        return get_column_letter(self.indice + 1)


@dataclass
class Lectura:
    """The file as read: its columns and its data rows (number as seen, texts)."""

    columnas: list[Columna]
    filas: list[tuple[int, list[str]]]
    fila_titulos: int = 1

    def mapeo_sugerido(self) -> list[str]:
        return mapeo_sugerido([c.titulo for c in self.columnas])


@dataclass
class Fila:
    numero: int
    valores: dict[str, str]
    datos: dict = field(default_factory=dict)
    errores: list[str] = field(default_factory=list)
    estado: str = Estado.NUEVA

    @property
    def etiqueta(self) -> str:
        return ETIQUETAS[self.estado]

    @property
    def rut_mostrado(self) -> str:
        return rut_chileno.formatear(self.datos.get("rut") or self.valores.get("rut", ""))


@dataclass
class Analisis:
    filas: list[Fila]
    columnas: list[Columna] = field(default_factory=list)
    fila_titulos: int = 1
    errores_mapeo: list[str] = field(default_factory=list)

    @property
    def mapeo(self) -> list[str]:
        return [c.campo for c in self.columnas]

    @property
    def columnas_sin_usar(self) -> list[Columna]:
        return [c for c in self.columnas if not c.campo]

    def con_estado(self, estado: str) -> list[Fila]:
        return [f for f in self.filas if f.estado == estado]

    @property
    def nuevas(self) -> list[Fila]:
        return self.con_estado(Estado.NUEVA)

    @property
    def existentes(self) -> list[Fila]:
        return self.con_estado(Estado.EXISTE)

    @property
    def con_errores(self) -> list[Fila]:
        return self.con_estado(Estado.ERROR)


def _clave(texto) -> str:
    texto = unicodedata.normalize("NFKD", str(texto or "")).encode("ascii", "ignore").decode()
    texto = re.sub(r"[^\w\s]", " ", texto.lower().replace(".", "")).replace("_", " ")
    return " ".join(texto.split())


_ALIAS = {_clave(alias): campo for campo, c in CAMPOS.items() for alias in c.alias}


def mapeo_sugerido(titulos: list[str]) -> list[str]:
    """The field each title names, or "" when not recognised; a field goes to its first column
    only (a second "RUT" column is shown as unused, never merged)."""
    usados: set[str] = set()
    mapeo = []
    for titulo in titulos:
        campo = _ALIAS.get(_clave(titulo), "")
        if campo in usados:
            campo = ""
        usados.add(campo)
        mapeo.append(campo)
    return mapeo


def errores_de_mapeo(mapeo: list[str]) -> list[str]:
    errores = []
    faltan = [CAMPOS[c].etiqueta for c in OBLIGATORIAS if c not in mapeo]
    if faltan:
        errores.append(
            "No se reconocieron las columnas obligatorias: "
            + ", ".join(faltan)
            + ". Indica en la tabla de columnas cuál de tu planilla corresponde a cada una."
        )
    repetidos = sorted({c for c in mapeo if c and mapeo.count(c) > 1})
    for campo in repetidos:
        errores.append(
            f"«{CAMPOS[campo].etiqueta}» está asignado a más de una columna; elige solo una."
        )
    return errores


def plantilla_csv() -> str:
    salida = io.StringIO()
    escritor = csv.writer(salida, delimiter=";")
    escritor.writerow(ENCABEZADOS_PLANTILLA)
    escritor.writerow(
        [
            "76.123.456-0",
            "Comercial Los Aromos SpA",
            "Los Aromos",
            "Comercio mayorista y minorista",
            "Pequeña empresa",
            "Limache",
            "Av. Urmeneta 123",
            "+56 33 241 1234",
            "contacto@losaromos.cl",
            "01-03-2024",
        ]
    )
    return "\ufeff" + salida.getvalue()
