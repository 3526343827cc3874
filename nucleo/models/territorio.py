"""Chile's territory with its official CUT codes: regions, provinces, comunas."""

from django.core.exceptions import ValidationError
from django.db import models


class Region(models.Model):
    codigo = models.CharField("código CUT", max_length=2, primary_key=True)
    nombre = models.CharField(max_length=80)
    nombre_corto = models.CharField("nombre corto", max_length=60)
    abreviatura = models.CharField(max_length=10)
    codigo_iso = models.CharField("código ISO 3166-2", max_length=6)

    class Meta:
        verbose_name = "región"
        verbose_name_plural = "regiones"
        ordering = ["codigo"]

    def __str__(self) -> str:
        return self.nombre


class Provincia(models.Model):
    codigo = models.CharField("código CUT", max_length=3, primary_key=True)
    nombre = models.CharField(max_length=80)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provincias")

    class Meta:
        verbose_name = "provincia"
        verbose_name_plural = "provincias"
        ordering = ["codigo"]

    def __str__(self) -> str:
        return self.nombre


class Comuna(models.Model):
    codigo = models.CharField("código CUT", max_length=5, primary_key=True)
    nombre = models.CharField(max_length=80)
    provincia = models.ForeignKey(Provincia, on_delete=models.PROTECT, related_name="comunas")
    # Denormalised from the province (fixed public data) so that scope filters need one join less.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="comunas")
    # IANA zone of the place: a session's time is the wall-clock time where it happens.
    zona_horaria = models.CharField(
        "zona horaria", max_length=40, default="America/Santiago", editable=False
    )

    class Meta:
        verbose_name = "comuna"
        verbose_name_plural = "comunas"
        ordering = ["nombre"]

    def __str__(self) -> str:
        return self.nombre

    def clean(self) -> None:
        if self.provincia_id and self.region_id and self.provincia.region_id != self.region_id:
            raise ValidationError({"region": "La región no corresponde a la provincia."})
