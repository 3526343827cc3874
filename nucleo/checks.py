"""System checks of our own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def cache_compartida(app_configs, **kwargs):
    """Several web processes need one cache: each process's own memory would keep a home page
    summary for up to five minutes after another process changed the data behind it."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return [
            Warning(
                "La caché está en la memoria de cada proceso web.",
                hint="Defina CACHE_URL=redis://…/1 (como docker-compose.yml) para que los "
                "procesos compartan la caché y un cambio se vea al instante en todos.",
                id="nucleo.W001",
            )
        ]
    return []
