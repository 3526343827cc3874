"""Reading a spreadsheet of companies (.xlsx or .csv) into rows with their status and errors.

Nothing here writes: services.importacion_* store the upload and save the valid rows.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError

from empresas import rut as rut_chileno
from empresas.models import Empresa, Rubro, Tamano
from nucleo.archivos import MB

MAX_FILAS = 5000
TAMANO_MAXIMO = 5 * MB
PERMITIDAS = frozenset({"xlsx", "csv"})

# column -> accepted headers (compared without accents, case or spaces)
COLUMNAS = {
    "rut": ["rut", "rut empresa", "rut de la empresa"],
    "razon_social": ["razon social", "razon_social", "nombre legal"],
    "nombre_fantasia": ["nombre de fantasia", "nombre fantasia", "nombre_fantasia", "fantasia"],
    "rubro": ["rubro", "sector", "actividad"],
    "tamano": ["tamano", "tamano empresa", "tamano de la empresa"],
    "comuna": ["comuna", "codigo comuna", "cut comuna", "comuna cut"],
    "direccion": ["direccion", "domicilio"],
    "telefono": ["telefono", "fono"],
    "email": ["email", "correo", "correo electronico", "e-mail"],
    "miembro_red_desde": ["miembro red desde", "miembro de la red desde", "miembro_red_desde"],
}
OBLIGATORIAS = ["rut", "razon_social", "comuna"]
ENCABEZADOS_PLANTILLA = [
    "RUT",
    "Razón social",
    "Nombre de fantasía",
    "Rubro",
    "Tamaño",
    "Comuna",
    "Dirección",
    "Teléfono",
    "Correo",
    "Miembro de la red desde",
]


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
        return rut_chileno.formatear(self.valores.get("rut", ""))


@dataclass
class Analisis:
    filas: list[Fila]

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
    return " ".join(texto.lower().replace("_", " ").replace("-", " ").split())


_ALIAS = {_clave(alias): columna for columna, alias in COLUMNAS.items() for alias in alias}


def _texto(valor) -> str:
    if valor is None:
        return ""
    if isinstance(valor, datetime):
        return valor.date().isoformat()
    if isinstance(valor, date):
        return valor.isoformat()
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    return str(valor).strip()


def _leer_csv(archivo) -> list[list[str]]:
    crudo = archivo.read()
    if b"\x00" in crudo[:4096]:
        raise ValidationError("El archivo no es una planilla CSV de texto.", code="contenido")
    try:
        texto = crudo.decode("utf-8-sig")
    except UnicodeDecodeError:
        texto = crudo.decode("latin-1")
    muestra = texto[:4096]
    try:
        dialecto = csv.Sniffer().sniff(muestra, delimiters=",;\t")
    except csv.Error:
        dialecto = csv.excel
    filas = []
    for fila in csv.reader(io.StringIO(texto), dialecto):
        filas.append(fila)
        if len(filas) > MAX_FILAS + 1:
            break
    return filas


def _leer_xlsx(archivo) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        libro = load_workbook(archivo, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(
            "No se pudo leer la planilla Excel: puede estar dañada.", code="danado"
        ) from error
    try:
        hoja = libro.worksheets[0]
        filas = []
        for fila in hoja.iter_rows(values_only=True):
            filas.append(list(fila))
            if len(filas) > MAX_FILAS + 1:
                break
        return filas
    finally:
        libro.close()


def leer_filas(archivo, extension: str) -> tuple[list[str], list[list[str]]]:
    """Header (column keys) and data rows; ValidationError for a malformed file."""
    archivo.seek(0)
    crudas = _leer_xlsx(archivo) if extension == "xlsx" else _leer_csv(archivo)
    archivo.seek(0)
    crudas = [f for f in crudas if any(_texto(v) for v in f)]
    if not crudas:
        raise ValidationError("La planilla está vacía.", code="vacia")
    encabezado = [_ALIAS.get(_clave(v), "") for v in crudas[0]]
    faltan = [c for c in OBLIGATORIAS if c not in encabezado]
    if faltan:
        nombres = {"rut": "RUT", "razon_social": "Razón social", "comuna": "Comuna"}
        raise ValidationError(
            "La primera fila debe tener los títulos de las columnas. Faltan: "
            + ", ".join(nombres[c] for c in faltan)
            + ". Descarga la plantilla para ver el formato.",
            code="columnas",
        )
    datos = crudas[1:]
    if len(datos) > MAX_FILAS:
        raise ValidationError(
            f"La planilla tiene más de {MAX_FILAS:,} filas. Divídela en partes más "
            "pequeñas.".replace(",", "."),
            code="filas",
        )
    if not datos:
        raise ValidationError("La planilla solo tiene títulos: no hay empresas.", code="vacia")
    return encabezado, [[_texto(v) for v in fila] for fila in datos]


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


def analizar(encabezado: list[str], filas: list[list[str]], *, comunas: dict[str, str]) -> Analisis:
    """Each row's status. `comunas` maps CUT codes and accent-free names to the CUT code the user
    may register companies in."""
    vistas: dict[str, int] = {}
    resultado = []
    for indice, valores_fila in enumerate(filas, start=2):
        valores = {
            columna: (valores_fila[i] if i < len(valores_fila) else "")
            for i, columna in enumerate(encabezado)
            if columna
        }
        fila = Fila(numero=indice, valores=valores)
        try:
            fila.datos["rut"] = rut_chileno.normalizar(valores.get("rut", ""))
        except ValidationError as error:
            fila.errores.append(f"RUT «{valores.get('rut', '')}»: {error.messages[0]}")
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
            vistas[rut] = indice
        if fila.errores:
            fila.estado = Estado.ERROR
        resultado.append(fila)
    existentes = set(Empresa.objects.filter(rut__in=list(vistas)).values_list("rut", flat=True))
    for fila in resultado:
        if fila.estado == Estado.NUEVA and fila.datos["rut"] in existentes:
            fila.estado = Estado.EXISTE
    return Analisis(filas=resultado)


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
