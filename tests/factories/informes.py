"""Factories of the informes app."""

import factory
from factory.django import DjangoModelFactory

from informes.models import Informe
from nucleo.models import Region

__all__ = ["InformeFactory"]


class InformeFactory(DjangoModelFactory):
    class Meta:
        model = Informe

    tipo = Informe.Tipo.MENSUAL
    region = factory.LazyFunction(lambda: Region.objects.get(codigo="05"))
    periodo = "2026-10"
