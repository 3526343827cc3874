import importlib
import random
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from nucleo.demo import Contexto
from nucleo.models import Usuario

SEMILLA = 20161226  # the regional mesa's first session: the demo is the same on every machine


class Command(BaseCommand):
    help = (
        "Carga los datos de demostración (región de Valparaíso y usuarios de prueba). "
        "Con --national, las 16 regiones con varios años de actividad, para mediciones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--national", action="store_true", help="Las 16 regiones y 346 comunas."
        )
        parser.add_argument(
            "--years", type=int, default=1, help="Años de actividad (por defecto 1)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Cargar aunque DEBUG esté desactivado."
        )

    def handle(self, *args, national: bool, years: int, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG está desactivado: esto parece producción. Los datos de demostración tienen "
                "contraseñas conocidas; use --force solo si está seguro."
            )
        if years < 1 or years > 10:
            raise CommandError("--years debe estar entre 1 y 10.")
        if Usuario.objects.filter(username="articuladora").exists():
            self.stdout.write("Los datos de demostración ya están cargados; no se cambió nada.")
            return
        ctx = Contexto(
            nacional=national,
            anios=years,
            # Both scales are built around today: a national demo loaded later must not show
            # sessions of past weeks as still to come (the seed's random choices stay fixed).
            hoy=timezone.localdate(),
            rng=random.Random(SEMILLA),
            escribir=lambda texto: self.stdout.write(f"  {texto}"),
        )
        inicio = time.perf_counter()
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    modulo = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                modulo.sembrar(ctx)
        self.stdout.write(
            self.style.SUCCESS(
                f"Datos de demostración cargados en {time.perf_counter() - inicio:.1f} s. "
                f"Contraseña de todos los usuarios: {settings.DEMO_PASSWORD}"
            )
        )
