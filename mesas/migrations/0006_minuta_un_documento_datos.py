"""Each minute version becomes one document.

Versions with a file get the file's format. A version that had both a file and a text keeps the
file as its document (it is what was uploaded, often the signed minute) and drops the text from
the live row; the text stays in the version's history (recorded first if the row had none), and
this migration adds a history record that says so. Reversing puts the text back from the record
before that one.
"""

from pathlib import PurePath

from django.db import migrations
from django.utils import timezone

MOTIVO = "Texto retirado: la versión conserva su archivo como documento"
FORMATOS = {"pdf", "docx", "odt"}
POR_TIPO = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
}


def _formato(minuta) -> str:
    for nombre in (minuta.nombre_original, minuta.archivo.name):
        extension = PurePath(nombre or "").suffix.lower().lstrip(".")
        if extension in FORMATOS:
            return extension
    return POR_TIPO.get(minuta.content_type, "pdf")


def separar(apps, schema_editor):
    Minuta = apps.get_model("mesas", "Minuta")
    Historica = apps.get_model("mesas", "HistoricalMinuta")
    campos = [f.attname for f in Minuta._meta.concrete_fields]
    for minuta in Minuta.objects.exclude(archivo="").iterator():
        minuta.formato = _formato(minuta)
        if minuta.texto:
            if not Historica.objects.filter(id=minuta.pk).exists():
                # Rows loaded in bulk have no history: record the text before dropping it.
                Historica.objects.create(
                    **{campo: getattr(minuta, campo) for campo in campos},
                    history_date=minuta.created_at,
                    history_type="+",
                    history_change_reason="Estado previo a separar archivo y texto",
                )
            minuta.texto = ""
            minuta.save(update_fields=["formato", "texto"])
            Historica.objects.create(
                **{campo: getattr(minuta, campo) for campo in campos},
                history_date=timezone.now(),
                history_type="~",
                history_change_reason=MOTIVO,
            )
        else:
            minuta.save(update_fields=["formato"])


def juntar(apps, schema_editor):
    Minuta = apps.get_model("mesas", "Minuta")
    Historica = apps.get_model("mesas", "HistoricalMinuta")
    for registro in Historica.objects.filter(history_change_reason=MOTIVO).iterator():
        anterior = (
            Historica.objects.filter(id=registro.id, history_id__lt=registro.history_id)
            .order_by("-history_id")
            .first()
        )
        if anterior is not None and anterior.texto:
            Minuta.objects.filter(pk=registro.id).update(texto=anterior.texto)
        registro.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mesas", "0005_minuta_formato"),
    ]

    operations = [migrations.RunPython(separar, juntar)]
