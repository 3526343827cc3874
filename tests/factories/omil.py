"""Factories of the omil app."""

import io
from datetime import date

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from nucleo.models import Comuna
from omil.models import LineaAccion, PlanComunal

__all__ = ["LineaAccionFactory", "PlanComunalFactory", "pdf_subido"]


class PlanComunalFactory(DjangoModelFactory):
    """A draft plan of Limache for 2026 unless told otherwise."""

    class Meta:
        model = PlanComunal

    comuna = factory.LazyFunction(lambda: Comuna.objects.get(codigo="05802"))
    anio = 2026
    poblaciones_foco = factory.LazyFunction(lambda: ["discapacidad"])
    diagnostico = "Baja participación laboral de personas con discapacidad en la comuna."


class LineaAccionFactory(DjangoModelFactory):
    class Meta:
        model = LineaAccion

    plan = factory.SubFactory(PlanComunalFactory)
    orden = factory.Sequence(lambda n: n + 1)
    actividad = factory.Sequence(lambda n: f"Taller de apresto laboral {n}")
    meta_numero = 20
    meta_unidad = "personas"
    plazo = factory.LazyAttribute(lambda o: date(o.plan.anio, 10, 31))


def pdf_subido(nombre: str = "plan firmado.pdf") -> SimpleUploadedFile:
    """A real one-page PDF, as a browser would upload it."""
    from pypdf import PdfWriter

    escritor = PdfWriter()
    escritor.add_blank_page(width=595, height=842)
    contenido = io.BytesIO()
    escritor.write(contenido)
    return SimpleUploadedFile(nombre, contenido.getvalue(), content_type="application/pdf")
