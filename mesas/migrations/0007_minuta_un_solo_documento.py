from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mesas", "0006_minuta_un_documento_datos"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="minuta",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("archivo", ""),
                        ("formato", "texto"),
                        models.Q(("texto", ""), _negated=True),
                    ),
                    models.Q(
                        models.Q(("formato", "texto"), _negated=True),
                        models.Q(("archivo", ""), _negated=True),
                        ("texto", ""),
                    ),
                    _connector="OR",
                ),
                name="minuta_un_solo_documento",
                violation_error_message="Cada versión de la minuta es un archivo o un texto escrito, no ambos.",
            ),
        ),
    ]
