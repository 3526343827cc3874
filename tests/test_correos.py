"""Every e-mail the product sends, rendered by the code that sends it, with every link in it
(body and .ics) pointing at the configured site URL and answering 200 or 302 there."""

import os
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import resolve
from django.utils import timezone
from icalendar import Calendar

from nucleo.models import Rol, Usuario

pytestmark = pytest.mark.django_db

SITIO = "http://127.0.0.1:8101"  # what `make run PORT=8101` sets
PLANTILLAS = Path(settings.BASE_DIR) / "templates" / "correo"
# E-mails that carry no link on purpose: a notice with nothing to do in the app, and the
# answers to a company (the public has no account to open).
SIN_ENLACES = {
    "empresas_visita_suspendida",
    "empresas_solicitud_recibida",
    "empresas_solicitud_aceptada",
}


def _datos():
    """One of each thing that sends mail, made with the factories (a small region)."""
    from datetime import date, time

    from omil.models import TransicionPlan
    from tests.factories import (
        AsistenciaFactory,
        SesionFactory,
        en_santiago,
        mesa_regional,
        oficina,
        omil_de,
        usuario_con_rol,
    )
    from tests.factories.convenios import ConvenioFactory
    from tests.factories.empresas import InvitacionVisitaFactory, VisitaEmpresaFactory
    from tests.factories.omil import PlanComunalFactory

    articuladora = usuario_con_rol(
        Rol.ARTICULADOR, username="articuladora", email="articuladora@sence.cl"
    )
    usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), email="omil@limache.cl")
    senadis = oficina("senadis")
    usuario_con_rol(Rol.REPRESENTANTE, senadis, email="andres@senadis.cl")
    mesa = mesa_regional()
    hoy = timezone.localdate()
    sesion = SesionFactory(mesa=mesa, inicio=en_santiago(hoy + timedelta(days=10)))
    AsistenciaFactory(sesion=sesion, institucion=senadis, email="andres@senadis.cl")
    realizada = SesionFactory(
        mesa=mesa, estado="realizada", inicio=en_santiago(hoy - timedelta(days=5), time(10))
    )
    visita = VisitaEmpresaFactory()
    InvitacionVisitaFactory(visita=visita, institucion=senadis)
    ConvenioFactory(fecha_termino=hoy + timedelta(days=30))
    plan = PlanComunalFactory(anio=date.today().year)
    for desde, hacia in (("borrador", "enviado"), ("enviado", "observado")):
        TransicionPlan.objects.create(
            plan=plan, desde=desde, hacia=hacia, por=articuladora, version=1
        )
    return sesion, realizada


def _enviar_mesas(sesion, realizada):
    from mesas import services
    from mesas.models import Sesion

    enviados = {}
    mail.outbox.clear()
    services.invitaciones_enviar(sesion=sesion)
    enviados["mesas_invitacion"] = list(mail.outbox)

    mail.outbox.clear()
    services.actualizacion_enviar(sesion=sesion)
    enviados["mesas_cambio"] = list(mail.outbox)

    mail.outbox.clear()
    services.recordatorio_enviar(asistencia=sesion.asistencias.get())
    enviados["mesas_recordatorio"] = list(mail.outbox)

    mail.outbox.clear()
    Sesion.objects.filter(pk=sesion.pk).update(estado="suspendida")
    sesion.refresh_from_db()
    services.actualizacion_enviar(sesion=sesion)
    enviados["mesas_suspension"] = list(mail.outbox)

    mail.outbox.clear()
    services.recordatorio_minuta_enviar(sesion=realizada)
    enviados["mesas_minuta_pendiente"] = list(mail.outbox)
    return enviados


def _enviar_empresas():
    from empresas import tasks
    from empresas.models import InvitacionVisita

    enviados = {}
    invitacion = InvitacionVisita.objects.get()
    mail.outbox.clear()
    tasks.enviar_invitacion(invitacion.pk)
    enviados["empresas_invitacion_visita"] = list(mail.outbox)
    mail.outbox.clear()
    tasks.avisar_suspension(invitacion.pk)
    enviados["empresas_visita_suspendida"] = list(mail.outbox)
    return enviados


def _enviar_solicitudes():
    """A company's request for a joint visit: received, then planned."""
    from empresas import tasks
    from empresas.models import SolicitudVisita, VisitaEmpresa
    from nucleo.models import Comuna

    visita = VisitaEmpresa.objects.get()
    solicitud = SolicitudVisita.objects.create(
        rut="76123456-0",
        razon_social="Conservas del Pacífico SpA",
        rubro=visita.empresa.rubro,
        tamano=visita.empresa.tamano,
        comuna=Comuna.objects.get(codigo="05802"),
        contacto_nombre="Rosa Díaz",
        contacto_email="rosa@conservas.cl",
    )
    enviados = {}
    mail.outbox.clear()
    tasks.enviar_solicitud_recibida(solicitud.pk)
    enviados["empresas_solicitud_recibida"] = list(mail.outbox)
    mail.outbox.clear()
    tasks.avisar_solicitud_nueva(solicitud.pk)
    enviados["empresas_solicitud_nueva"] = list(mail.outbox)
    SolicitudVisita.objects.filter(pk=solicitud.pk).update(visita=visita)
    mail.outbox.clear()
    tasks.enviar_solicitud_aceptada(solicitud.pk)
    enviados["empresas_solicitud_aceptada"] = list(mail.outbox)
    return enviados


def _enviar_convenios():
    from convenios.models import AlertaConvenio, Convenio
    from convenios.services import alerta_enviar

    convenio = Convenio.objects.get()
    alerta = AlertaConvenio.objects.create(
        convenio=convenio, dias=30, fecha_termino=convenio.fecha_termino
    )
    mail.outbox.clear()
    alerta_enviar(alerta_id=alerta.pk)
    return {"convenios_alerta_vencimiento": list(mail.outbox)}


def _enviar_omil():
    from omil.models import TransicionPlan
    from omil.services import plan_notificar_transicion

    mail.outbox.clear()
    for transicion in TransicionPlan.objects.all():
        plan_notificar_transicion(transicion_id=transicion.pk)
    return {"omil_plan_transicion": list(mail.outbox)}


def _enviar_nucleo():
    from nucleo.models import Invitacion, Membresia
    from nucleo.personas.tasks import enviar_invitacion

    articuladora = Usuario.objects.get(username="articuladora")
    institucion = Membresia.objects.filter(usuario=articuladora).first().institucion
    invitacion = Invitacion.objects.create(
        email="nueva.persona@ejemplo.cl",
        institucion=institucion,
        rol=Rol.EJECUTIVO,
        invitada_por=articuladora,
        expira_at=timezone.now() + timedelta(days=7),
    )
    mail.outbox.clear()
    enviar_invitacion(invitacion.pk)
    return {"nucleo_invitacion": list(mail.outbox)}


def _enlaces(mensaje) -> list[str]:
    textos = [mensaje.body] + [contenido for contenido, _ in getattr(mensaje, "alternatives", [])]
    enlaces = [e.rstrip(".,);>\"'") for t in textos for e in re.findall(r"https?://\S+", t)]
    for _nombre, contenido, _tipo in mensaje.attachments:
        if _nombre.endswith(".ics"):
            for evento in Calendar.from_ical(contenido).walk("VEVENT"):
                if evento.get("url"):
                    enlaces.append(str(evento["url"]))
    return enlaces


def test_cada_enlace_de_cada_correo_funciona_en_la_url_configurada(settings, client):
    # given the app served at another port than the default
    settings.SITE_URL = SITIO
    sesion, realizada = _datos()

    # when every e-mail the product sends is sent by its own code
    enviados = _enviar_mesas(sesion, realizada)
    for enviar in (
        _enviar_empresas,
        _enviar_solicitudes,
        _enviar_convenios,
        _enviar_omil,
        _enviar_nucleo,
    ):
        enviados.update(enviar())

    # then every template in templates/correo was exercised
    assert set(enviados) == {p.stem for p in PLANTILLAS.glob("*.txt")}
    # and each link points at the site URL, resolves, and answers 200 or 302
    revisados = 0
    for plantilla, mensajes in enviados.items():
        assert mensajes, f"{plantilla}: no se envió ningún correo"
        for mensaje in mensajes:
            enlaces = _enlaces(mensaje)
            assert enlaces or plantilla in SIN_ENLACES, f"{plantilla}: sin enlaces"
            for enlace in enlaces:
                assert enlace.startswith(SITIO + "/"), f"{plantilla}: {enlace}"
                ruta = enlace.removeprefix(SITIO)
                resolve(ruta.split("?")[0])
                respuesta = client.get(ruta)
                assert respuesta.status_code in (200, 302), (
                    f"{plantilla}: {ruta} respondió {respuesta.status_code}"
                )
                revisados += 1
    assert revisados > 10, revisados
    print(f"{revisados} enlaces revisados en {sum(map(len, enviados.values()))} correos")


def test_make_run_con_otro_puerto_configura_la_url_del_sitio():
    # `make run PORT=8101` with the commands replaced by one that prints the environment

    imprimir = "sh -c 'echo SITE_URL=$$SITE_URL; exit 3' --"
    salida = subprocess.run(
        ["make", "--no-print-directory", "run", "PORT=8101", "UV=true", f"PY={imprimir}"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "SITE_URL"},
        timeout=60,
    )

    assert "SITE_URL=http://127.0.0.1:8101" in salida.stdout
