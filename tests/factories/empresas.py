"""Factories of the empresas app."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from empresas.models import (
    AcuerdoVisita,
    Contacto,
    Empresa,
    EncuentroEmpresarial,
    InvitacionVisita,
    Necesidad,
    ParticipacionEncuentro,
    Rubro,
    Tamano,
    TipoNecesidad,
    VisitaEmpresa,
)
from empresas.rut import digito_verificador
from nucleo.models import Comuna, Region, Rol
from tests.factories.nucleo import oficina, usuario_con_rol

__all__ = [
    "AcuerdoVisitaFactory",
    "ContactoFactory",
    "EmpresaFactory",
    "EncuentroFactory",
    "InvitacionVisitaFactory",
    "NecesidadFactory",
    "ParticipacionEncuentroFactory",
    "VisitaEmpresaFactory",
    "rut_valido",
]


def rut_valido(numero: int) -> str:
    """The stored form of a valid RUT with body `numero`: 76123456 -> "76123456-0"."""
    return f"{numero}-{digito_verificador(numero)}"


class EmpresaFactory(DjangoModelFactory):
    """A company in Limache (Valparaíso) unless told otherwise."""

    class Meta:
        model = Empresa

    rut = factory.Sequence(lambda n: rut_valido(76_500_000 + n))
    razon_social = factory.Sequence(lambda n: f"Empresa de Prueba {n} SpA")
    rubro = Rubro.COMERCIO
    tamano = Tamano.PEQUENA
    comuna = factory.LazyFunction(lambda: Comuna.objects.get(codigo="05802"))
    direccion = "Av. Urmeneta 100"


class ContactoFactory(DjangoModelFactory):
    class Meta:
        model = Contacto

    empresa = factory.SubFactory(EmpresaFactory)
    nombre = "Ana Rojas"
    cargo = "Jefa de Recursos Humanos"
    email = "ana.rojas@empresa.cl"


class NecesidadFactory(DjangoModelFactory):
    class Meta:
        model = Necesidad

    empresa = factory.SubFactory(EmpresaFactory)
    tipo = TipoNecesidad.DISCAPACIDAD


def _ejecutivo():
    return usuario_con_rol(Rol.EJECUTIVO)


class VisitaEmpresaFactory(DjangoModelFactory):
    """A planned visit in a week, planned by a SENCE Valparaíso ejecutivo."""

    class Meta:
        model = VisitaEmpresa
        skip_postgeneration_save = True

    empresa = factory.SubFactory(EmpresaFactory)
    inicio = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
    )
    objetivo = "Conocer las vacantes y presentar la oferta de los servicios"
    planificada_por = factory.LazyFunction(_ejecutivo)

    @factory.post_generation
    def participantes(obj, create, extracted, **kwargs):
        if create:
            obj.participantes.set(extracted or [obj.planificada_por])


class InvitacionVisitaFactory(DjangoModelFactory):
    class Meta:
        model = InvitacionVisita

    visita = factory.SubFactory(VisitaEmpresaFactory)
    institucion = factory.LazyFunction(lambda: oficina("senadis"))


class AcuerdoVisitaFactory(DjangoModelFactory):
    class Meta:
        model = AcuerdoVisita

    visita = factory.SubFactory(VisitaEmpresaFactory)
    texto = "Enviar terna de postulantes"
    institucion = factory.LazyFunction(lambda: oficina("senadis"))
    fecha_limite = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class EncuentroFactory(DjangoModelFactory):
    class Meta:
        model = EncuentroEmpresarial
        skip_postgeneration_save = True

    nombre = factory.Sequence(lambda n: f"Encuentro Empresarial {n}")
    inicio = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    lugar = "Teatro Municipal"
    region = factory.LazyFunction(lambda: Region.objects.get(codigo="05"))
    comuna = factory.LazyFunction(lambda: Comuna.objects.get(codigo="05802"))
    creado_por = factory.LazyFunction(_ejecutivo)

    @factory.post_generation
    def organizadores(obj, create, extracted, **kwargs):
        if create:
            obj.organizadores.set(extracted or [oficina("sence")])


class ParticipacionEncuentroFactory(DjangoModelFactory):
    class Meta:
        model = ParticipacionEncuentro

    encuentro = factory.SubFactory(EncuentroFactory)
    empresa = factory.SubFactory(EmpresaFactory)
