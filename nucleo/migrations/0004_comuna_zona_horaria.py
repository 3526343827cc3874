from django.db import migrations, models

from nucleo.territorio import asignar_zonas_horarias


def asignar(apps, schema_editor):
    asignar_zonas_horarias(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("nucleo", "0003_lecturas_registradas"),
    ]

    operations = [
        migrations.AddField(
            model_name="comuna",
            name="zona_horaria",
            field=models.CharField(
                default="America/Santiago",
                editable=False,
                max_length=40,
                verbose_name="zona horaria",
            ),
        ),
        migrations.RunPython(asignar, migrations.RunPython.noop),
    ]
