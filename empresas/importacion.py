"""Reading a spreadsheet of companies (.xlsx or .csv) into rows with their status and errors.

The file is read by `nucleo.archivos.planillas` (encodings, visible sheet, bounds, row numbers
as the user sees them); here each of its columns is mapped to a field (suggested from the
header, fixable by the user) and each row is checked. Nothing here writes:
services.importacion_* store the upload and save the valid rows.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from empresas import rut as rut_chileno
from empresas.models import Empresa, Rubro, Tamano
from nucleo.archivos import MB
from nucleo.archivos.planillas import leer_planilla

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


def _texto(valor) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, datetime):
        return valor.date().isoformat()
    if isinstance(valor, date):
        return valor.isoformat()
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    return str(valor).strip()


def _posicion_titulos(filas: list[tuple[int, list]]) -> int:
    """Which of the first non-blank rows holds the titles: the first naming two or more fields
    (a sheet may start with a heading such as «Listado de empresas»); else the first one."""
    for posicion, (_numero, valores) in enumerate(filas[: FILAS_ANTES_DE_TITULOS + 1]):
        if len({c for c in mapeo_sugerido([_texto(v) for v in valores]) if c}) >= 2:
            return posicion
    return 0


def leer_filas(archivo, extension: str) -> Lectura:
    """The file's columns (title, sample values) and data rows below the titles row;
    ValidationError when the file cannot be read or has no data. Columns are not checked here:
    the user maps them in the preview."""
    planilla = leer_planilla(archivo, extension, max_filas=MAX_FILAS)
    if not planilla.filas:
        raise ValidationError("La planilla está vacía.", code="vacia")
    posicion = _posicion_titulos(planilla.filas)
    fila_titulos, titulos = planilla.filas[posicion]
    datos = [(n, [_texto(v) for v in valores]) for n, valores in planilla.filas[posicion + 1 :]]
    if not datos:
        raise ValidationError("La planilla solo tiene títulos: no hay empresas.", code="vacia")
    titulos = [_texto(v) for v in titulos]
    ancho = max(
        (i + 1 for fila in [titulos, *(v for _, v in datos)] for i, x in enumerate(fila) if x),
        default=0,
    )
    columnas = [
        Columna(
            indice=i,
            titulo=titulos[i] if i < len(titulos) else "",
            muestras=[v[i] for _, v in datos if i < len(v) and v[i]][:3],
        )
        for i in range(ancho)
    ]
    filas = [(n, (v + [""] * ancho)[:ancho]) for n, v in datos]
    return Lectura(columnas=columnas, filas=filas, fila_titulos=fila_titulos)


def _elegir(valor: str, opciones, nombre: str) -> tuple[str | None, str | None]:
    clave = _clave(valor)
    for codigo, etiqueta in opciones:
        if clave in {_clave(codigo), _clave(etiqueta)}:
            return codigo, None
    for codigo, etiqueta in opciones:
        if clave and clave in _clave(etiqueta):
            return codigo, None
    return None, f"{nombre} «{valor}» no se reconoce."


def _fecha(valor: str) -> tuple[date | None, str | None]:
    for formato in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(valor, formato).date(), None
        except ValueError:
            continue
    return None, f"La fecha «{valor}» no es válida (usa dd-mm-aaaa)."


def _limpiar_rut(texto: str) -> str:
    """What spreadsheets do to a RUT, undone: any dash (‐ – — −, full-width…) as "-", no
    spaces of any kind, no leading zeros ("076.123.411" is 76.123.411)."""
    texto = unicodedata.normalize("NFKC", texto)
    texto = "".join(
        "-" if unicodedata.category(c) == "Pd" or c == "\u2212" else c
        for c in texto
        if not c.isspace()
    )
    return texto.lstrip("0.") or texto


def _rut(valores: dict[str, str], con_dv: bool) -> tuple[str | None, str | None]:
    """The stored RUT of a row, from one column or from body + check-digit columns."""
    rut = valores.get("rut", "")
    limpio = _limpiar_rut(rut)
    if not con_dv:
        try:
            return rut_chileno.normalizar(limpio), None
        except ValidationError as error:
            return None, f"RUT «{rut}»: {error.messages[0]}"
    dv = _limpiar_rut(valores.get("dv", "")).replace("-", "").upper()
    completo = re.search(r"-[0-9Kk]$", limpio) is not None
    rut = limpio
    if not dv and not completo:
        return None, f"Falta el dígito verificador del RUT «{rut}» (columna del DV vacía)."
    if dv and completo and rut[-1].upper() != dv:
        return None, (
            f"El RUT «{rut}» trae el dígito verificador {rut[-1].upper()} y la columna del DV "
            f"dice {dv}: no coinciden."
        )
    texto = rut if completo else f"{rut}-{dv}"
    try:
        return rut_chileno.normalizar(texto), None
    except ValidationError as error:
        return None, f"RUT «{rut}» con DV «{dv}»: {error.messages[0]}"


def analizar(lectura: Lectura, mapeo: list[str] | None, *, comunas: dict[str, str]) -> Analisis:
    """Each row's status under a column mapping (one field key or "" per column; None for the
    suggested one). `comunas` maps CUT codes and accent-free names to the CUT code the user
    may register companies in. With an unusable mapping no row is analysed."""
    if mapeo is None:
        mapeo = lectura.mapeo_sugerido()
    mapeo = [(c if c in CAMPOS else "") for c in mapeo][: len(lectura.columnas)]
    mapeo += [""] * (len(lectura.columnas) - len(mapeo))
    columnas = [
        Columna(indice=c.indice, titulo=c.titulo, muestras=c.muestras, campo=campo)
        for c, campo in zip(lectura.columnas, mapeo, strict=True)
    ]
    errores = errores_de_mapeo(mapeo)
    if errores:
        return Analisis(
            filas=[], columnas=columnas, errores_mapeo=errores, fila_titulos=lectura.fila_titulos
        )
    con_dv = "dv" in mapeo
    vistas: dict[str, int] = {}
    resultado = []
    for numero, valores_fila in lectura.filas:
        valores = {campo: valores_fila[i] for i, campo in enumerate(mapeo) if campo}
        fila = Fila(numero=numero, valores=valores)
        fila.datos["rut"], error = _rut(valores, con_dv)
        if error:
            fila.errores.append(error)
        razon = valores.get("razon_social", "")
        if not razon:
            fila.errores.append("Falta la razón social.")
        fila.datos["razon_social"] = razon[:200]
        fila.datos["nombre_fantasia"] = valores.get("nombre_fantasia", "")[:200]
        comuna = valores.get("comuna", "")
        codigo = comunas.get(comuna.zfill(5) if comuna.isdigit() else _clave(comuna))
        if not comuna:
            fila.errores.append("Falta la comuna.")
        elif codigo is None:
            fila.errores.append(
                f"La comuna «{comuna}» no existe o no está en tu territorio (usa el nombre o el "
                "código CUT)."
            )
        fila.datos["comuna_id"] = codigo
        for columna, opciones, nombre, defecto in [
            ("rubro", Rubro.choices, "El rubro", Rubro.OTRO),
            ("tamano", Tamano.choices, "El tamaño", Tamano.PEQUENA),
        ]:
            if valores.get(columna):
                elegido, error = _elegir(valores[columna], opciones, nombre)
                if error:
                    fila.errores.append(error)
                fila.datos[columna] = elegido
            else:
                fila.datos[columna] = defecto
        fila.datos["direccion"] = valores.get("direccion", "")[:200]
        fila.datos["telefono"] = valores.get("telefono", "")[:30]
        fila.datos["email"] = valores.get("email", "")
        if fila.datos["email"] and "@" not in fila.datos["email"]:
            fila.errores.append(f"El correo «{fila.datos['email']}» no es válido.")
        if valores.get("miembro_red_desde"):
            fecha, error = _fecha(valores["miembro_red_desde"])
            if error:
                fila.errores.append(error)
            fila.datos["miembro_red_desde"] = fecha
        rut = fila.datos.get("rut")
        if rut and rut in vistas:
            fila.errores.append(f"RUT repetido en la planilla (ya está en la fila {vistas[rut]}).")
        elif rut:
            vistas[rut] = numero
        if fila.errores:
            fila.estado = Estado.ERROR
        resultado.append(fila)
    existentes = set(Empresa.objects.filter(rut__in=list(vistas)).values_list("rut", flat=True))
    for fila in resultado:
        if fila.estado == Estado.NUEVA and fila.datos["rut"] in existentes:
            fila.estado = Estado.EXISTE
    return Analisis(filas=resultado, columnas=columnas, fila_titulos=lectura.fila_titulos)


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
