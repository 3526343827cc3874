"""Factories of the mesas app."""

from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from mesas.models import Acuerdo, Asistencia, Integrante, Mesa, Minuta, PuntoTabla, Sesion
from mesas.reglas import ZONA
from nucleo.models import Comuna, Region
from tests.factories.nucleo import oficina, omil_de

__all__ = [
    "AcuerdoFactory",
    "AsistenciaFactory",
    "IntegranteFactory",
    "MesaComunalFactory",
    "MesaRegionalFactory",
    "MinutaFactory",
    "PuntoTablaFactory",
    "SesionFactory",
    "en_santiago",
    "mesa_comunal",
    "mesa_regional",
]


def en_santiago(dia: date, hora: time = time(10, 0)) -> datetime:
    return timezone.make_aware(datetime.combine(dia, hora), ZONA)


class MesaRegionalFactory(DjangoModelFactory):
    class Meta:
        model = Mesa
        django_get_or_create = ["tipo", "region"]

    tipo = Mesa.Tipo.REGIONAL
    region = factory.LazyFunction(lambda: Region.objects.get(codigo="05"))
    nombre = factory.LazyAttribute(
        lambda o: f"Mesa Intersectorial Regional de {o.region.nombre_corto}"
    )
    coordinadora = factory.LazyAttribute(lambda o: oficina("sence", o.region.codigo))
    fecha_inicio = date(2016, 12, 26)
    poblaciones = factory.LazyFunction(lambda: ["discapacidad", "mujeres"])


class MesaComunalFactory(DjangoModelFactory):
    class Meta:
        model = Mesa
        django_get_or_create = ["tipo", "comuna"]

    tipo = Mesa.Tipo.COMUNAL
    comuna = factory.LazyFunction(lambda: Comuna.objects.get(codigo="05802"))
    region = factory.LazyAttribute(lambda o: o.comuna.region)
    nombre = factory.LazyAttribute(lambda o: f"Mesa Intersectorial Comunal de {o.comuna.nombre}")
    coordinadora = factory.LazyAttribute(lambda o: omil_de(o.comuna.codigo))
    fecha_inicio = date(2017, 5, 1)
    poblaciones = factory.LazyFunction(lambda: ["discapacidad"])


class IntegranteFactory(DjangoModelFactory):
    class Meta:
        model = Integrante

    mesa = factory.SubFactory(MesaRegionalFactory)
    institucion = factory.LazyFunction(lambda: oficina("senadis"))
    persona = None
    rol = Integrante.Rol.TITULAR


def mesa_regional(region: str = "05", miembros: tuple[str, ...] = ("senadis",)) -> Mesa:
    """The regional mesa with SENCE coordinating and the given services as members."""
    mesa = MesaRegionalFactory(region=Region.objects.get(codigo=region))
    Integrante.objects.get_or_create(
        mesa=mesa, institucion=mesa.coordinadora, persona=None, defaults={"rol": "coordinacion"}
    )
    for servicio in miembros:
        Integrante.objects.get_or_create(
            mesa=mesa, institucion=oficina(servicio, region), persona=None
        )
    return mesa


def mesa_comunal(comuna: str = "05802", miembros: tuple[str, ...] = ()) -> Mesa:
    mesa = MesaComunalFactory(comuna=Comuna.objects.get(codigo=comuna))
    Integrante.objects.get_or_create(
        mesa=mesa, institucion=mesa.coordinadora, persona=None, defaults={"rol": "coordinacion"}
    )
    for servicio in miembros:
        Integrante.objects.get_or_create(
            mesa=mesa, institucion=oficina(servicio, mesa.region_id), persona=None
        )
    return mesa


class SesionFactory(DjangoModelFactory):
    class Meta:
        model = Sesion

    mesa = factory.SubFactory(MesaRegionalFactory)
    tipo = "ordinaria"
    inicio = factory.LazyFunction(lambda: en_santiago(timezone.localdate() + timedelta(days=10)))
    fin = factory.LazyAttribute(lambda o: o.inicio + timedelta(hours=2))
    lugar = "Dirección Regional SENCE, Valparaíso"
    estado = "programada"


class PuntoTablaFactory(DjangoModelFactory):
    class Meta:
        model = PuntoTabla

    sesion = factory.SubFactory(SesionFactory)
    orden = factory.Sequence(lambda n: n + 1)
    titulo = factory.Sequence(lambda n: f"Tema {n}")


class AsistenciaFactory(DjangoModelFactory):
    class Meta:
        model = Asistencia

    sesion = factory.SubFactory(SesionFactory)
    institucion = factory.LazyFunction(lambda: oficina("senadis"))
    persona = None
    email = "senadis@ejemplo.cl"


class MinutaFactory(DjangoModelFactory):
    class Meta:
        model = Minuta

    sesion = factory.SubFactory(SesionFactory, estado="realizada")
    numero = 1
    texto = "Minuta de la sesión."

    class Params:
        # A version that is an uploaded file (and so has no text): MinutaFactory(con_archivo=True)
        con_archivo = factory.Trait(
            texto="",
            formato=Minuta.Formato.PDF,
            archivo=factory.django.FileField(filename="acta.pdf", data=b"%PDF-1.7 acta"),
            nombre_original="acta.pdf",
            content_type="application/pdf",
        )


class AcuerdoFactory(DjangoModelFactory):
    class Meta:
        model = Acuerdo

    sesion = factory.SubFactory(SesionFactory)
    mesa = factory.LazyAttribute(lambda o: o.sesion.mesa)
    texto = factory.Sequence(lambda n: f"Acuerdo número {n}")
    institucion_responsable = factory.LazyFunction(lambda: oficina("senadis"))
    fecha_limite = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
