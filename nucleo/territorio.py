"""Chile's political-administrative division (regions, provinces, comunas) and the national
catalogue of services and programmes: reference data loaded by migration 0002."""

import csv
from pathlib import Path

from django.conf import settings

DATOS = Path(__file__).resolve().parent / "data" / "dpa-chile"

SERVICIOS = [
    # (codigo, sigla, nombre)
    ("sence", "SENCE", "Servicio Nacional de Capacitación y Empleo"),
    (
        "senda",
        "SENDA",
        "Servicio Nacional para la Prevención y Rehabilitación del Consumo de Drogas y Alcohol",
    ),
    ("senadis", "SENADIS", "Servicio Nacional de la Discapacidad"),
    ("sernameg", "SERNAMEG", "Servicio Nacional de la Mujer y la Equidad de Género"),
    (
        "seremi-economia",
        "SEREMI de Economía",
        "Secretaría Regional Ministerial de Economía, Fomento y Turismo",
    ),
]

PROGRAMAS = [
    # (codigo del servicio, nombre, población objetivo)
    (
        "sence",
        "Más Capaz",
        "Mujeres, jóvenes y personas con discapacidad con baja participación laboral",
    ),
    ("sence", "Fortalecimiento OMIL", "Oficinas Municipales de Intermediación Laboral"),
    ("sence", "Bolsa Nacional de Empleo", "Personas que buscan empleo y empresas con vacantes"),
    ("senda", "Previene", "Comunidades en prevención del consumo de drogas y alcohol"),
    ("senda", "Programa de Integración Social", "Personas en rehabilitación del consumo de drogas"),
    (
        "senadis",
        "Estrategia de Desarrollo Local Inclusivo (EDLI)",
        "Municipios y personas con discapacidad",
    ),
    ("senadis", "Oficina de Discapacidad", "Personas con discapacidad de la comuna"),
    ("sernameg", "Mujeres Jefas de Hogar", "Mujeres jefas de hogar económicamente activas"),
    (
        "seremi-economia",
        "Apoyo técnico a emprendimiento",
        "Emprendedores y micro y pequeñas empresas",
    ),
]


# Continental Chile: the project's one default zone (settings.TIME_ZONE), not a copy of it.
ZONA_POR_DEFECTO = settings.TIME_ZONE
# Chile's zones by place (IANA): Easter Island has its own; Magallanes (since 2016) and Aysén
# (since 2025) keep summer time all year.
ZONA_POR_COMUNA = {"05201": "Pacific/Easter"}
ZONA_POR_REGION = {"11": "America/Coyhaique", "12": "America/Punta_Arenas"}


def zona_horaria_de(codigo_comuna: str) -> str:
    """The IANA zone of a comuna, from its CUT code (the region is its first two digits)."""
    return ZONA_POR_COMUNA.get(
        codigo_comuna, ZONA_POR_REGION.get(codigo_comuna[:2], ZONA_POR_DEFECTO)
    )


def asignar_zonas_horarias(apps) -> int:
    """Sets each comuna's zone from its code (migration 0004, and the loader). Idempotent."""
    Comuna = apps.get_model("nucleo", "Comuna")
    n = 0
    for region, zona in ZONA_POR_REGION.items():
        n += Comuna.objects.filter(region_id=region).update(zona_horaria=zona)
    for codigo, zona in ZONA_POR_COMUNA.items():
        n += Comuna.objects.filter(codigo=codigo).update(zona_horaria=zona)
    return n


def leer(nombre: str) -> list[dict[str, str]]:
    with (DATOS / nombre).open(encoding="utf-8", newline="") as archivo:
        return list(csv.DictReader(archivo))


def cargar_datos_referencia(apps) -> None:
    """Loads territory, services and programmes into empty tables (migration 0002, and tests
    that flush the database)."""
    Region = apps.get_model("nucleo", "Region")
    Provincia = apps.get_model("nucleo", "Provincia")
    Comuna = apps.get_model("nucleo", "Comuna")
    ServicioPublico = apps.get_model("nucleo", "ServicioPublico")
    Programa = apps.get_model("nucleo", "Programa")

    Region.objects.bulk_create(
        Region(
            codigo=fila["id"],
            nombre=fila["name"],
            nombre_corto=fila["short_name"],
            abreviatura=fila["abbreviation"],
            codigo_iso=fila["iso_code"],
        )
        for fila in leer("regiones.csv")
    )
    provincias = leer("provincias.csv")
    Provincia.objects.bulk_create(
        Provincia(codigo=f["id"], nombre=f["name"], region_id=f["region_id"]) for f in provincias
    )
    region_de = {f["id"]: f["region_id"] for f in provincias}
    Comuna.objects.bulk_create(
        Comuna(
            codigo=f["id"],
            nombre=f["name"],
            provincia_id=f["province_id"],
            region_id=region_de[f["province_id"]],
        )
        for f in leer("comunas.csv")
    )
    if any(f.name == "zona_horaria" for f in Comuna._meta.get_fields()):
        asignar_zonas_horarias(apps)
    servicios = {}
    for codigo, sigla, nombre in SERVICIOS:
        servicios[codigo] = ServicioPublico.objects.create(
            codigo=codigo, sigla=sigla, nombre=nombre
        )
    Programa.objects.bulk_create(
        Programa(servicio=servicios[codigo], nombre=nombre, poblacion_objetivo=poblacion)
        for codigo, nombre, poblacion in PROGRAMAS
    )
