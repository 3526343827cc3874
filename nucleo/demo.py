"""Demo data of nucleo: institutions and users (DESIGN §6).

`seed_demo` calls `sembrar(ctx)` of every installed app's `demo` module, lowest layer first; each
app adds its own data on top of what the apps below it left in `ctx`.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import make_password

from nucleo.models import Comuna, Institucion, Membresia, Region, Rol, ServicioPublico, Usuario

VALPARAISO = "05"
BIOBIO = "08"
SERVICIOS_CON_REPRESENTANTE = ["senda", "senadis", "sernameg", "seremi-economia"]

# (username, first_name, last_name, institution key, role, cargo)
USUARIOS_DEMO = [
    (
        "articuladora",
        "Paula",
        "Araya Fuentes",
        ("sence", VALPARAISO),
        Rol.ARTICULADOR,
        "Articuladora regional, Red de Empleadores",
    ),
    (
        "director",
        "Rodrigo",
        "Díaz Morales",
        ("sence", VALPARAISO),
        Rol.DIRECTOR,
        "Director regional",
    ),
    (
        "ejecutivo",
        "Felipe",
        "Soto Rojas",
        ("sence", VALPARAISO),
        Rol.EJECUTIVO,
        "Ejecutivo de empresas, Subunidad de Empresas",
    ),
    (
        "omil.limache",
        "Carolina",
        "Muñoz Vega",
        ("omil", "05802"),
        Rol.ENCARGADO_OMIL,
        "Encargada OMIL Limache",
    ),
    (
        "omil.vina",
        "Javiera",
        "Reyes Contreras",
        ("omil", "05109"),
        Rol.ENCARGADO_OMIL,
        "Encargada OMIL Viña del Mar",
    ),
    (
        "senda",
        "Marcela",
        "Castro Pizarro",
        ("senda", VALPARAISO),
        Rol.REPRESENTANTE,
        "Coordinadora regional Previene",
    ),
    (
        "senadis",
        "Andrés",
        "Tapia Núñez",
        ("senadis", VALPARAISO),
        Rol.REPRESENTANTE,
        "Profesional de inclusión laboral",
    ),
    (
        "sernameg",
        "Daniela",
        "Vargas Silva",
        ("sernameg", VALPARAISO),
        Rol.REPRESENTANTE,
        "Encargada regional Mujeres Jefas de Hogar",
    ),
    (
        "seremi",
        "Cristián",
        "Herrera Lagos",
        ("seremi-economia", VALPARAISO),
        Rol.REPRESENTANTE,
        "Profesional de apoyo técnico",
    ),
    (
        "articuladora.biobio",
        "Francisca",
        "Sepúlveda Ortiz",
        ("sence", BIOBIO),
        Rol.ARTICULADOR,
        "Articuladora regional",
    ),
]

NOMBRES = [
    "Camila",
    "Valentina",
    "Fernanda",
    "Constanza",
    "Catalina",
    "Ignacia",
    "María José",
    "Sebastián",
    "Matías",
    "Nicolás",
    "Diego",
    "Tomás",
    "Benjamín",
    "Gonzalo",
    "Claudia",
    "Patricio",
    "Verónica",
    "Alejandro",
    "Lorena",
    "Mauricio",
]
APELLIDOS = [
    "González",
    "Muñoz",
    "Rojas",
    "Díaz",
    "Pérez",
    "Soto",
    "Contreras",
    "Silva",
    "Martínez",
    "Sepúlveda",
    "Morales",
    "Rodríguez",
    "López",
    "Fuentes",
    "Hernández",
    "Torres",
    "Araya",
    "Flores",
    "Espinoza",
    "Valenzuela",
    "Castillo",
    "Tapia",
    "Reyes",
]


@dataclass
class Contexto:
    """What each app's demo leaves for the ones above it."""

    nacional: bool
    anios: int
    hoy: date
    rng: random.Random
    escribir: Callable[[str], None]
    regiones: list[str] = field(default_factory=list)
    usuarios: dict[str, Usuario] = field(default_factory=dict)
    # ("sence", "05") -> SENCE Valparaíso; ("omil", "05802") -> OMIL Limache
    instituciones: dict[tuple[str, str], Institucion] = field(default_factory=dict)
    password_hash: str = ""


def _slug(texto: str) -> str:
    sin_tildes = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return "".join(c for c in sin_tildes.lower() if c.isalnum())


def _telefono(rng: random.Random) -> str:
    return f"+56 32 2{rng.randint(100000, 999999)}"


def _crear_instituciones(ctx: Contexto) -> None:
    servicios = {s.codigo: s for s in ServicioPublico.objects.all()}
    regiones = {r.codigo: r for r in Region.objects.filter(codigo__in=ctx.regiones)}
    nuevas = []
    for codigo_region in ctx.regiones:
        region = regiones[codigo_region]
        for codigo, servicio in servicios.items():
            nombre = (
                f"Dirección Regional SENCE {region.nombre_corto}"
                if codigo == ServicioPublico.SENCE
                else f"{servicio.sigla} {region.nombre_corto}"
            )
            nuevas.append(
                Institucion(
                    tipo=Institucion.Tipo.REGIONAL,
                    nombre=nombre,
                    servicio=servicio,
                    region=region,
                    direccion=f"Calle {ctx.rng.choice(APELLIDOS)} {ctx.rng.randint(100, 2500)}",
                    telefono=_telefono(ctx.rng),
                    email=f"{codigo.split('-')[0]}.{_slug(region.nombre_corto)}@demo.gob.cl",
                )
            )
    comunas = Comuna.objects.filter(region_id__in=ctx.regiones).order_by("codigo")
    for comuna in comunas:
        nuevas.append(
            Institucion(
                tipo=Institucion.Tipo.OMIL,
                nombre=f"OMIL {comuna.nombre}",
                region_id=comuna.region_id,
                comuna=comuna,
                direccion=f"Municipalidad de {comuna.nombre}, {ctx.rng.choice(APELLIDOS)} "
                f"{ctx.rng.randint(10, 900)}",
                telefono=_telefono(ctx.rng),
                email=f"omil@{_slug(comuna.nombre)}.demo.cl",
            )
        )
    Institucion.objects.bulk_create(nuevas, batch_size=1000)
    for institucion in Institucion.objects.filter(region_id__in=ctx.regiones).select_related(
        "servicio"
    ):
        clave = (
            ("omil", institucion.comuna_id)
            if institucion.tipo == Institucion.Tipo.OMIL
            else (institucion.servicio.codigo, institucion.region_id)
        )
        ctx.instituciones[clave] = institucion


def _crear_usuarios(ctx: Contexto) -> None:
    filas = [
        (username, nombre, apellido, clave, rol, cargo)
        for username, nombre, apellido, clave, rol, cargo in USUARIOS_DEMO
    ]
    if ctx.nacional:
        # Every region gets its SENCE team and service representatives; every comuna its OMIL.
        for region in ctx.regiones:
            for rol, codigo in [
                (Rol.ARTICULADOR, "sence"),
                (Rol.DIRECTOR, "sence"),
                (Rol.EJECUTIVO, "sence"),
                *[(Rol.REPRESENTANTE, s) for s in SERVICIOS_CON_REPRESENTANTE],
            ]:
                username = f"{rol.value if codigo == 'sence' else codigo}.{region}"
                filas.append(
                    (
                        username,
                        ctx.rng.choice(NOMBRES),
                        ctx.rng.choice(APELLIDOS),
                        (codigo, region),
                        rol,
                        rol.label,
                    )
                )
        for clave in sorted(k for k in ctx.instituciones if k[0] == "omil"):
            filas.append(
                (
                    f"omil.{clave[1]}",
                    ctx.rng.choice(NOMBRES),
                    ctx.rng.choice(APELLIDOS),
                    clave,
                    Rol.ENCARGADO_OMIL,
                    "Encargado/a OMIL",
                )
            )
    usuarios = [
        Usuario(
            username=username,
            first_name=nombre,
            last_name=apellido,
            email=f"{username}@demo.gob.cl",
            telefono=f"+56 9 {ctx.rng.randint(5000, 9999)} {ctx.rng.randint(1000, 9999)}",
            password=ctx.password_hash,
        )
        for username, nombre, apellido, *_ in filas
    ]
    Usuario.objects.bulk_create(usuarios, batch_size=1000)
    por_nombre = {u.username: u for u in Usuario.objects.filter(username__in=[f[0] for f in filas])}
    Membresia.objects.bulk_create(
        [
            Membresia(
                usuario=por_nombre[username],
                institucion=ctx.instituciones[clave],
                rol=rol,
                cargo=cargo,
            )
            for username, _, _, clave, rol, cargo in filas
        ],
        batch_size=1000,
    )
    ctx.usuarios.update(por_nombre)
    Usuario.objects.create_superuser(
        "admin", "admin@demo.gob.cl", password=None, first_name="Administración"
    )
    Usuario.objects.filter(username="admin").update(password=ctx.password_hash)
    ctx.usuarios["admin"] = Usuario.objects.get(username="admin")


def sembrar(ctx: Contexto) -> None:
    ctx.password_hash = make_password(settings.DEMO_PASSWORD)
    ctx.regiones = (
        list(Region.objects.values_list("codigo", flat=True))
        if ctx.nacional
        else [VALPARAISO, BIOBIO]
    )
    _crear_instituciones(ctx)
    _crear_usuarios(ctx)
    from nucleo.demo_publico import publicar

    publicar(ctx.regiones)
    ctx.escribir(
        f"nucleo: {len(ctx.instituciones)} instituciones en {len(ctx.regiones)} regiones, "
        f"{len(ctx.usuarios)} usuarios."
    )
