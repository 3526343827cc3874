"""A region starts: `manage.py region_alta --region 08 --articulador-email persona@sence.cl`.

Creates (when missing) the regional SENCE directorate, each service's regional office, the OMIL
of every comuna of the region (DPA data), the regional mesa (mesas' registered step), and
invites the first articulador(a). Running it again changes nothing and sends nothing twice.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from nucleo import formato
from nucleo.models import Institucion, Invitacion, Membresia, Region, Rol, ServicioPublico, Usuario
from nucleo.personas import services
from nucleo.registro import pasos_alta_region


class Command(BaseCommand):
    help = "Da de alta una región: instituciones, OMIL de cada comuna, mesa regional e invitación."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="Código CUT de la región, p. ej. 08.")
        parser.add_argument("--articulador-email", required=True)
        parser.add_argument("--articulador-nombre", default="")
        parser.add_argument(
            "--por",
            default="",
            help="Usuario administrador que firma la invitación (por omisión, el primero).",
        )

    def handle(self, *args, **opciones):
        codigo = opciones["region"].strip().zfill(2)
        region = Region.objects.filter(codigo=codigo).first()
        if region is None:
            raise CommandError(f"No existe la región «{codigo}»: use un código CUT de 01 a 16.")
        email = opciones["articulador_email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"El correo «{email}» no es válido.") from None
        administradores = Usuario.objects.filter(is_superuser=True, is_active=True)
        if opciones["por"]:
            administradores = administradores.filter(username=opciones["por"])
        por = administradores.order_by("pk").first()
        if por is None:
            raise CommandError(
                "Falta un administrador que firme la invitación: cree uno con "
                "«manage.py createsuperuser» o indique --por."
            )
        with transaction.atomic():
            sence, oficinas, nuevas = self._instituciones(region)
            self.stdout.write(
                f"{region}: {len(oficinas) + 1} oficinas regionales y "
                f"{Institucion.objects.filter(region=region, tipo='omil').count()} OMIL "
                f"({nuevas} instituciones nuevas)."
            )
            for paso in pasos_alta_region():
                resultado = paso(region=region, sence=sence, oficinas=oficinas, por=por)
                if resultado:
                    self.stdout.write(resultado)
            self._invitar(sence, email, opciones["articulador_nombre"], por)

    def _instituciones(self, region: Region):
        nuevas = 0
        sence, oficinas = None, []
        for servicio in ServicioPublico.objects.order_by("sigla"):
            nombre = (
                f"Dirección Regional SENCE {region.nombre_corto}"
                if servicio.es_sence
                else f"{servicio.sigla} {region.nombre_corto}"
            )
            oficina, creada = Institucion.objects.get_or_create(
                tipo=Institucion.Tipo.REGIONAL,
                servicio=servicio,
                region=region,
                defaults={"nombre": nombre},
            )
            nuevas += creada
            if servicio.es_sence:
                sence = oficina
            else:
                oficinas.append(oficina)
        for comuna in region.comunas.order_by("codigo"):
            _, creada = Institucion.objects.get_or_create(
                tipo=Institucion.Tipo.OMIL,
                comuna=comuna,
                defaults={"region": region, "nombre": f"OMIL {comuna.nombre}"},
            )
            nuevas += creada
        return sence, oficinas, nuevas

    def _invitar(self, sence: Institucion, email: str, nombre: str, por: Usuario) -> None:
        if Membresia.objects.filter(
            institucion=sence, rol=Rol.ARTICULADOR, activa=True, usuario__email__iexact=email
        ).exists():
            self.stdout.write(f"{email} ya es articulador/a de {sence}.")
            return
        pendiente = Invitacion.objects.filter(
            institucion=sence, rol=Rol.ARTICULADOR, email__iexact=email,
            estado=Invitacion.Estado.PENDIENTE,
        ).first()  # fmt: skip
        if pendiente is not None and pendiente.vigente:
            self.stdout.write(
                f"{email} ya tiene una invitación vigente hasta el "
                f"{formato.fecha(pendiente.expira_at)}."
            )
            return
        invitacion = services.invitacion_crear(
            email=email, institucion=sence, rol=Rol.ARTICULADOR, nombre=nombre, por=por
        )
        self.stdout.write(
            f"Invitación enviada a {email} (vence el {formato.fecha(invitacion.expira_at)}):\n"
            f"{services.invitacion_enlace(invitacion)}"
        )
