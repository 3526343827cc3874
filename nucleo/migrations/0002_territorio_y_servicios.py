from django.db import migrations

from nucleo.territorio import cargar_datos_referencia


def cargar(apps, schema_editor):
    cargar_datos_referencia(apps)


def descargar(apps, schema_editor):
    for modelo in ["Programa", "ServicioPublico", "Comuna", "Provincia", "Region"]:
        apps.get_model("nucleo", modelo).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("nucleo", "0001_initial")]

    operations = [migrations.RunPython(cargar, descargar)]
