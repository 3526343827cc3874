"""The optimistic lock every model with an edit form inherits."""

from concurrency.fields import AutoIncVersionField
from django.db import models


class Versionado(models.Model):
    """Optimistic locking (django-concurrency): every save() adds one to `version`, and a save
    whose instance carries a version that is no longer the stored one is refused (see
    nucleo.servicios) instead of silently overwriting someone else's edit. Every model with an
    edit form inherits this."""

    version = AutoIncVersionField(verbose_name="versión", help_text="")

    class Meta:
        abstract = True
