"""The shared reading of django-simple-history records (nucleo.historial.versiones)."""

from datetime import UTC, date, datetime

import pytest
from django.core.files.base import ContentFile

from mesas.models import Acuerdo, Minuta
from nucleo.historial import LARGO_TEXTO, Cambio, versiones
from tests.factories import AcuerdoFactory, MinutaFactory, oficina

pytestmark = pytest.mark.django_db


def test_cada_cambio_lleva_la_etiqueta_del_campo_y_valores_como_se_leen():
    acuerdo = AcuerdoFactory(fecha_limite=date(2026, 6, 30))
    acuerdo.estado = Acuerdo.Estado.CUMPLIDO
    acuerdo.cumplido_at = datetime(2026, 7, 2, 16, 30, tzinfo=UTC)
    acuerdo.fecha_limite = date(2026, 7, 31)
    acuerdo.save()

    ultima, primera = versiones(
        acuerdo.history.all(),
        etiquetas={
            "institucion_responsable": "Institución responsable",
            "cumplido_at": "Cumplido el",
        },
    )

    assert (ultima.titulo, ultima.accion, ultima.inicial) == ("Versión 2", "Modificación", False)
    assert ultima.cambios == [
        Cambio("Fecha límite", "30-06-2026", "31-07-2026"),
        Cambio("Estado", "Pendiente", "Cumplido"),
        Cambio("Cumplido el", "—", "02-07-2026 12:30"),  # Santiago's winter time, UTC-4
    ]
    assert (primera.titulo, primera.accion, primera.inicial) == ("Versión 1", "Creación", True)
    iniciales = {c.campo: c.despues for c in primera.cambios}
    assert iniciales["Institución responsable"] == str(oficina("senadis"))
    assert iniciales["Estado"] == "Pendiente"
    assert "Created at" not in iniciales and "ID" not in iniciales


def test_un_archivo_se_muestra_por_su_nombre_original_y_no_por_su_ruta():
    minuta = MinutaFactory(texto="Borrador")
    minuta.archivo.save("3f2a9c.pdf", ContentFile(b"%PDF-1.7"), save=False)
    minuta.nombre_original = "Acta de marzo.pdf"
    minuta.texto, minuta.formato = "", Minuta.Formato.PDF  # a version is a file or a text
    minuta.save()

    ultima = versiones(
        Minuta.history.filter(id=minuta.pk),
        excluidos=("sesion", "tamano", "content_type", "texto", "formato"),
        archivos={"archivo": "nombre_original"},
    )[0]

    assert ultima.cambios == [Cambio("Archivo", "—", "Acta de marzo.pdf")]


def test_un_texto_largo_se_corta_donde_cambio():
    inicio, final = "Se revisó la derivación de casos. " * 20, " Sin otros temas." * 20
    minuta = MinutaFactory(texto=f"{inicio}Acuerdo original.{final}")
    minuta.texto = f"{inicio}Acuerdo corregido.{final}"
    minuta.save()

    [cambio] = versiones(Minuta.history.filter(id=minuta.pk), campos=["texto"])[0].cambios

    assert cambio.antes.startswith("…") and "Acuerdo original." in cambio.antes
    assert cambio.despues.startswith("…") and "Acuerdo corregido." in cambio.despues
    assert len(cambio.despues) <= LARGO_TEXTO + 1


def test_varios_objetos_se_comparan_cada_uno_con_su_registro_anterior():
    primera = MinutaFactory(nota="Borrador")
    MinutaFactory(sesion=primera.sesion, numero=2, nota="Final")
    primera.nota = "Borrador revisado"
    primera._change_reason = "Nota corregida"
    primera.save()

    lista = versiones(
        Minuta.history.filter(sesion_id=primera.sesion_id),
        campos=["nota"],
        titulo=lambda registro: f"Versión {registro.numero} de la minuta",
    )

    assert [(v.titulo, v.accion, v.cambios) for v in lista] == [
        (
            "Versión 1 de la minuta",
            "Nota corregida",
            [Cambio("Nota de la versión", "Borrador", "Borrador revisado")],
        ),
        ("Versión 2 de la minuta", "Creación", [Cambio("Nota de la versión", "—", "Final")]),
        ("Versión 1 de la minuta", "Creación", [Cambio("Nota de la versión", "—", "Borrador")]),
    ]
