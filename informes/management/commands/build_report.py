import resource
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from informes import documento, figures
from informes.periodos import MENSUAL, SEMESTRAL, Periodo
from nucleo.models import Region


class Command(BaseCommand):
    help = (
        "Genera un informe sin worker ni registro en la base, con el mismo código que las tareas, "
        "e imprime el tiempo de cada fase (cifras, HTML, WeasyPrint) y las consultas."
    )

    def add_arguments(self, parser):
        parser.add_argument("tipo", choices=[MENSUAL, SEMESTRAL])
        parser.add_argument("--region", required=True, help="Código CUT, por ejemplo 05")
        parser.add_argument("--period", required=True, help="2026-10 o 2026-S1")
        parser.add_argument("-o", "--output", required=True, help="Archivo PDF de salida")
        parser.add_argument("--html", help="Guardar también el HTML intermedio")
        parser.add_argument("--excel", help="Guardar también el anexo Excel")

    def handle(self, *args, tipo, region, period, output, html, excel, **options):
        try:
            periodo = Periodo.desde_texto(tipo, period)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        region_obj = Region.objects.filter(codigo=region).first()
        if region_obj is None:
            raise CommandError(f"No existe la región {region}.")

        class InformeSuelto:  # what the templates read, without a database row
            version = 0
            region = region_obj

        reset_queries()
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as consultas:
            cifras = figures.calcular(region_obj, periodo, hoy=timezone.localdate())
        t1 = time.perf_counter()
        sha256 = documento.huella(cifras)
        contenido = documento.html_de(InformeSuelto, cifras, sha256)
        t2 = time.perf_counter()
        pdf = documento.pdf_de(contenido)
        t3 = time.perf_counter()
        Path(output).write_bytes(pdf)
        if html:
            Path(html).write_text(contenido, encoding="utf-8")
        if excel:
            Path(excel).write_bytes(documento.excel_de(InformeSuelto, cifras, sha256))
        pico = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"cifras:      {t1 - t0:7.3f} s  ({len(consultas)} consultas)\n"
            f"html:        {t2 - t1:7.3f} s\n"
            f"weasyprint:  {t3 - t2:7.3f} s\n"
            f"total:       {t3 - t0:7.3f} s  ·  {len(pdf) / 1024:.0f} KiB  ·  memoria máxima "
            f"{pico:.0f} MiB\n"
            f"sha256:      {sha256}\n"
            f"→ {output}"
        )
