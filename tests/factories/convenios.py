"""Factories of the convenios app."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from convenios.models import Convenio
from tests.factories.nucleo import oficina

__all__ = ["ConvenioFactory"]


class ConvenioFactory(DjangoModelFactory):
    """A signed collaboration convenio of SENCE Valparaíso with SENADIS (2025–2026)."""

    class Meta:
        model = Convenio
        skip_postgeneration_save = True

    oficina_sence = factory.LazyFunction(lambda: oficina("sence", "05"))
    nombre = factory.Sequence(lambda n: f"Convenio de colaboración N° {n}")
    tipo = Convenio.Tipo.COLABORACION
    estado = Convenio.Estado.FIRMADO
    resolucion_numero = factory.Sequence(lambda n: f"{100 + n}")
    fecha_firma = date(2025, 3, 1)
    fecha_inicio = date(2025, 3, 15)
    fecha_termino = date(2026, 12, 31)
    recursos_comprometidos = 1_234_567

    @factory.post_generation
    def instituciones(obj, create, extracted, **kwargs):
        if create:
            obj.instituciones.set(extracted if extracted is not None else [oficina("senadis")])
