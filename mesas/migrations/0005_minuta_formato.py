from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mesas", "0004_version_mesa_serie"),
    ]

    operations = [
        migrations.AddField(
            model_name="minuta",
            name="formato",
            field=models.CharField(
                choices=[
                    ("pdf", "Archivo PDF"),
                    ("docx", "Archivo DOCX"),
                    ("odt", "Archivo ODT"),
                    ("texto", "Texto escrito"),
                ],
                default="texto",
                max_length=5,
                verbose_name="tipo de documento",
            ),
        ),
        migrations.AddField(
            model_name="historicalminuta",
            name="formato",
            field=models.CharField(
                choices=[
                    ("pdf", "Archivo PDF"),
                    ("docx", "Archivo DOCX"),
                    ("odt", "Archivo ODT"),
                    ("texto", "Texto escrito"),
                ],
                default="texto",
                max_length=5,
                verbose_name="tipo de documento",
            ),
        ),
    ]
