"""Company visits follow the same calendar rules as sessions: holidays flagged, one visit per
company and day."""

from datetime import date, time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from empresas import services
from empresas.services.visitas import feriado_de_visita
from nucleo import calendario
from nucleo.models import Rol
from tests.factories import EmpresaFactory, rut_valido, usuario_con_rol
from tests.factories.empresas import InvitacionVisitaFactory, VisitaEmpresaFactory

pytestmark = pytest.mark.django_db


def _planificar(empresa, ejecutivo, dia: date, hora: time = time(10)):
    return services.visita_planificar(
        empresa=empresa,
        inicio=calendario.en_zona(dia, hora, empresa.comuna.zona_horaria),
        objetivo="Contratación inclusiva",
        participantes=[ejecutivo],
        instituciones=[],
        por=ejecutivo,
    )


def test_visita_el_01_01_2027_queda_marcada_como_feriado():
    empresa = EmpresaFactory(rut=rut_valido(76123456))
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)

    visita = _planificar(empresa, ejecutivo, date(2027, 1, 1))

    assert feriado_de_visita(empresa, visita.inicio) == "Año Nuevo"


def test_dos_visitas_a_la_misma_empresa_el_mismo_dia_se_rechazan():
    empresa = EmpresaFactory(rut=rut_valido(76123456))
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    _planificar(empresa, ejecutivo, date(2027, 3, 3))

    with pytest.raises(ValidationError) as error:
        _planificar(empresa, ejecutivo, date(2027, 3, 3), time(16))

    assert "ya tiene una visita el 03-03-2027 a las 10:00" in error.value.message_dict["inicio"][0]
    assert empresa.visitas.count() == 1


def test_mover_una_visita_al_dia_de_otra_se_rechaza():
    empresa = EmpresaFactory(rut=rut_valido(76123456))
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    _planificar(empresa, ejecutivo, date(2027, 3, 3))
    otra = _planificar(empresa, ejecutivo, date(2027, 3, 4))

    with pytest.raises(ValidationError, match="ya tiene una visita"):
        services.visita_actualizar(
            visita=otra,
            version=otra.version,
            inicio=calendario.en_zona(date(2027, 3, 3), time(15)),
            objetivo=otra.objetivo,
            participantes=[ejecutivo],
            instituciones=[],
            por=ejecutivo,
        )


def test_el_correo_de_la_visita_dice_el_feriado_y_la_hora_del_lugar():
    empresa = EmpresaFactory(rut=rut_valido(76123456))
    visita = VisitaEmpresaFactory(
        empresa=empresa, inicio=calendario.en_zona(date(2027, 1, 1), time(10))
    )
    invitacion = InvitacionVisitaFactory(visita=visita)

    texto = render_to_string(
        "correo/empresas_invitacion_visita.txt",
        {"invitacion": invitacion, "visita": visita, "empresa": empresa},
    )

    assert "viernes 1 de enero de 2027, 10:00 (hora de Santiago)" in texto
    assert "Atención: ese día es feriado (Año Nuevo)." in texto
    assert mail.outbox == []


def test_la_visita_se_planifica_y_modifica_en_la_hora_de_la_comuna_de_la_empresa(client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.urls import reverse

    from empresas.models import VisitaEmpresa
    from nucleo.models import Comuna

    isla = ZoneInfo("Pacific/Easter")
    empresa = EmpresaFactory(rut=rut_valido(76123456), comuna=Comuna.objects.get(codigo="05201"))
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    client.force_login(ejecutivo)
    datos = {
        "empresa": empresa.pk,
        "inicio": "2027-03-10T10:00",
        "duracion_minutos": "90",
        "objetivo": "Contratación inclusiva",
        "participantes": [ejecutivo.pk],
    }

    formulario = client.get(reverse("empresas:visita_create"), {"empresa": empresa.pk})
    client.post(reverse("empresas:visita_create"), datos)

    visita = VisitaEmpresa.objects.get(empresa=empresa)
    assert "hora de <strong>Isla de Pascua</strong>" in formulario.content.decode()
    assert visita.inicio.astimezone(isla) == datetime(2027, 3, 10, 10, 0, tzinfo=isla)

    edicion = client.get(reverse("empresas:visita_update", args=[visita.pk]))
    client.post(
        reverse("empresas:visita_update", args=[visita.pk]),
        {**datos, "inicio": "2027-03-11T09:30", "version": visita.version},
    )

    visita.refresh_from_db()
    import re

    assert re.search(r'name="inicio"[^>]*value="2027-03-10T10:00"', edicion.content.decode()), (
        re.findall(r'<input[^>]*name="inicio"[^>]*>', edicion.content.decode())
    )
    assert visita.inicio.astimezone(isla) == datetime(2027, 3, 11, 9, 30, tzinfo=isla)
