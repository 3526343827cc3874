"""Company import: upload, analyse, confirm, clean up."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from empresas import permissions, selectors
from empresas.models import (
    Empresa,
    ImportacionEmpresas,
)
from nucleo.archivos import validar_archivo
from nucleo.models import Usuario
from nucleo.servicios import exigir


def _comunas_para_importar(usuario: Usuario) -> dict[str, str]:
    from empresas.importacion import _clave

    comunas = {}
    for codigo, nombre in selectors.comunas_editables(usuario).values_list("codigo", "nombre"):
        comunas[codigo] = codigo
        comunas[_clave(nombre)] = codigo
    return comunas


@transaction.atomic
def importacion_subir(*, archivo, por: Usuario) -> ImportacionEmpresas:
    """Checks the file (type, size, readable titles and rows) and keeps it privately for the
    preview, where its columns are mapped."""
    exigir(permissions.puede_planificar_visitas(por))
    from empresas import importacion

    documento = validar_archivo(
        archivo, permitidas=importacion.PERMITIDAS, tamano_maximo=importacion.TAMANO_MAXIMO
    )
    importacion.leer_filas(archivo, documento.extension)  # readable, with titles and data
    subida = ImportacionEmpresas(archivo=archivo, nombre_original=documento.nombre, subida_por=por)
    subida.full_clean()
    subida.save()
    return subida


def importacion_leer(*, importacion: ImportacionEmpresas, por: Usuario):
    """The stored spreadsheet's columns and rows (see empresas.importacion.leer_filas)."""
    from empresas import importacion as lector

    extension = importacion.archivo.name.rsplit(".", 1)[-1].lower()
    with importacion.archivo.open("rb") as archivo:
        return lector.leer_filas(archivo, extension)


def importacion_analizar(
    *,
    importacion: ImportacionEmpresas,
    por: Usuario,
    mapeo: list[str] | None = None,
    lectura=None,
):
    """Each row's status under `mapeo` (the field of each column; None: as the titles say)."""
    from empresas import importacion as lector

    if lectura is None:
        lectura = importacion_leer(importacion=importacion, por=por)
    return lector.analizar(lectura, mapeo, comunas=_comunas_para_importar(por))


@transaction.atomic
def importacion_confirmar(
    *, importacion: ImportacionEmpresas, por: Usuario, mapeo: list[str] | None = None
):
    """Saves every valid new row in one transaction, reading the columns as `mapeo` says (the
    mapping the user saw in the preview); rows already registered are left as they are, so
    importing the same file again changes nothing."""
    exigir(permissions.puede_confirmar_importacion(por, importacion))
    importacion = ImportacionEmpresas.objects.select_for_update().get(pk=importacion.pk)
    if importacion.estado == ImportacionEmpresas.Estado.IMPORTADA:
        raise ValidationError("Esta planilla ya fue importada.")
    analisis = importacion_analizar(importacion=importacion, por=por, mapeo=mapeo)
    if analisis.errores_mapeo:
        raise ValidationError(analisis.errores_mapeo)
    nuevas = []
    for fila in analisis.nuevas:
        empresa = Empresa(**fila.datos, creada_por=por)
        empresa.full_clean(validate_unique=False)
        nuevas.append(empresa)
    bulk_create_with_history(nuevas, Empresa, batch_size=500, default_user=por)
    importacion.estado = ImportacionEmpresas.Estado.IMPORTADA
    importacion.creadas = len(nuevas)
    importacion.omitidas = len(analisis.existentes)
    importacion.con_errores = len(analisis.con_errores)
    importacion.importada_at = timezone.now()
    # The spreadsheet may hold personal data: keep only the counts once imported.
    archivo = importacion.archivo.name
    importacion.archivo = ""
    importacion.save()
    transaction.on_commit(lambda: default_storage.delete(archivo))
    return analisis


def importaciones_limpiar(*, horas: int = 24) -> int:
    """Deletes spreadsheets uploaded for a preview that nobody confirmed within `horas`."""
    limite = timezone.now() - timedelta(hours=horas)
    abandonadas = ImportacionEmpresas.objects.filter(
        estado=ImportacionEmpresas.Estado.REVISION, created_at__lt=limite
    )
    borradas = 0
    for subida in abandonadas:
        if subida.archivo:
            subida.archivo.delete(save=False)
        subida.delete()
        borradas += 1
    return borradas
