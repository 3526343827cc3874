"""Issue 15: each place's zone and holidays, no duplicate sessions, answers that belong to one
date and place (cases of «Calendars and invitations»)."""

from datetime import UTC, date, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from mesas import services
from mesas.models import Asistencia, Integrante
from mesas.selectors.agenda import reemplazantes_posibles
from nucleo import calendario, firmas
from nucleo.models import Rol
from tests.factories import (
    AsistenciaFactory,
    SesionFactory,
    UsuarioFactory,
    en_santiago,
    mesa_comunal,
    mesa_regional,
    oficina,
    usuario_con_rol,
)
from tests.factories.nucleo import MembresiaFactory

pytestmark = pytest.mark.django_db


def _articuladora(region: str = "05"):
    return usuario_con_rol(Rol.ARTICULADOR, institucion=oficina("sence", region))


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_serie_de_isla_de_pascua_queda_a_las_10_en_la_isla():
    # given the communal mesa of Isla de Pascua (CUT 05201)
    mesa = mesa_comunal("05201")

    # when "primer lunes de cada mes, 10:00" is scheduled from 01-03-2027
    serie = services.serie_crear(
        mesa=mesa,
        regla="primer lunes de cada mes, 10:00",
        desde=date(2027, 3, 1),
        cantidad=2,
        lugar="Municipalidad de Isla de Pascua",
        por=_articuladora(),
    )

    # then each session is 10:00 on the island, on both sides of the April DST change
    inicios = [s.inicio for s in serie.sesiones.order_by("inicio")]
    assert [calendario.hora_local(i, "Pacific/Easter").time() for i in inicios] == [time(10)] * 2
    assert [i.astimezone(UTC).hour for i in inicios] == [15, 16]


def test_mesa_regional_usa_la_zona_de_la_capital_regional():
    from mesas.reglas import zona_de_mesa

    assert zona_de_mesa(mesa_regional("05", miembros=())) == "America/Santiago"
    assert zona_de_mesa(mesa_regional("12", miembros=())) == "America/Punta_Arenas"
    assert zona_de_mesa(mesa_comunal("05201")) == "Pacific/Easter"


def test_la_hora_de_la_regla_gana_a_la_del_formulario_al_crear_la_serie():
    mesa = mesa_regional()

    serie = services.serie_crear(
        mesa=mesa,
        regla="último jueves de cada mes a las 3 de la tarde",
        desde=date(2027, 1, 1),
        cantidad=2,
        hora=time(10),
        lugar="SENCE",
        por=_articuladora(),
    )

    assert serie.hora == time(15)
    assert {calendario.hora_local(s.inicio).time() for s in serie.sesiones.all()} == {time(15)}


def test_serie_sobre_sesiones_existentes_no_las_duplica():
    # given a regional mesa with its six monthly sessions already scheduled
    mesa = mesa_regional()
    existentes = [date(2026, 12, 31), date(2027, 1, 28), date(2027, 2, 25)]
    existentes += [date(2027, 3, 25), date(2027, 4, 29), date(2027, 5, 27)]
    for dia in existentes:
        SesionFactory(mesa=mesa, inicio=en_santiago(dia), fin=en_santiago(dia, time(12)))

    # when the pre-filled rule is accepted from 01-12-2026 for twelve sessions
    services.serie_crear(
        mesa=mesa,
        regla="último jueves de cada mes, 10:00",
        desde=date(2026, 12, 1),
        cantidad=12,
        lugar="SENCE",
        por=_articuladora(),
    )

    # then each date appears once: the six clashing ones were skipped
    dias = [calendario.hora_local(s.inicio).date() for s in mesa.sesiones.order_by("inicio")]
    assert len(dias) == len(set(dias)) == 12
    assert dias[:6] == existentes


def test_sesion_suelta_en_un_dia_con_sesion_se_rechaza():
    mesa = mesa_regional()
    SesionFactory(mesa=mesa, inicio=en_santiago(date(2027, 3, 4)))

    with pytest.raises(ValidationError, match="ya tiene una sesión el 04-03-2027"):
        services.sesion_programar(
            mesa=mesa,
            inicio=en_santiago(date(2027, 3, 4), time(16)),
            lugar="SENCE",
            por=_articuladora(),
        )


def test_mover_una_sesion_a_un_dia_con_otra_sesion_se_rechaza():
    mesa = mesa_regional()
    SesionFactory(mesa=mesa, inicio=en_santiago(date(2027, 3, 4)))
    otra = SesionFactory(mesa=mesa, inicio=en_santiago(date(2027, 3, 11)))

    with pytest.raises(ValidationError, match="ya tiene una sesión el 04-03-2027"):
        services.sesion_actualizar(
            sesion=otra,
            version=otra.version,
            tipo=otra.tipo,
            titulo="",
            inicio=en_santiago(date(2027, 3, 4), time(15)),
            fin=en_santiago(date(2027, 3, 4), time(17)),
            lugar=otra.lugar,
            enlace_video="",
            por=_articuladora(),
        )


def _sesion_confirmada():
    mesa = mesa_regional()
    sesion = SesionFactory(
        mesa=mesa,
        inicio=en_santiago(date(2026, 12, 10), time(10)),
        fin=en_santiago(date(2026, 12, 10), time(12)),
    )
    asistencia = AsistenciaFactory(
        sesion=sesion, institucion=oficina("senadis"), invitacion_enviada_at=sesion.created_at
    )
    return sesion, asistencia


def test_mover_la_sesion_reinicia_la_respuesta_y_mata_el_enlace_anterior():
    # given an invitee who confirmed through the e-mail link for 10-12 10:00
    sesion, asistencia = _sesion_confirmada()
    enlace_viejo = _token(services.enlace_respuesta(asistencia, "confirmada"))
    services.asistencia_responder(
        asistencia=asistencia, respuesta="confirmada", por=None, via="correo"
    )
    uid, secuencia = sesion.uid, sesion.version

    # when the session moves to 11-12 11:00
    services.sesion_actualizar(
        sesion=sesion,
        version=sesion.version,
        tipo=sesion.tipo,
        titulo="",
        inicio=en_santiago(date(2026, 12, 11), time(11)),
        fin=en_santiago(date(2026, 12, 11), time(13)),
        lugar=sesion.lugar,
        enlace_video="",
        por=_articuladora(),
    )

    # then the answer is back to "invitada" and the old link answers a clear Spanish page
    asistencia.refresh_from_db()
    assert asistencia.estado == Asistencia.Estado.INVITADA
    assert asistencia.respuesta == ""
    with pytest.raises(firmas.EnlaceInvalido, match="cambió de fecha, lugar o enlace"):
        services.leer_enlace(enlace_viejo)

    # and the update e-mail carries new links and the same UID with a higher SEQUENCE
    sesion.refresh_from_db()
    mail.outbox.clear()
    assert services.actualizacion_enviar(sesion=sesion) == 1
    mensaje = mail.outbox[0]
    assert "11-12-2026" in mensaje.subject
    nuevo = next(_token(linea) for linea in mensaje.body.split() if "/invitacion/" in linea)
    assert services.leer_enlace(nuevo)[0].pk == asistencia.pk
    evento = Calendar.from_ical(mensaje.attachments[0][1]).walk("VEVENT")[0]
    assert str(evento["uid"]) == uid
    assert int(evento["sequence"]) > secuencia


def test_cambiar_el_lugar_tambien_reinicia_la_respuesta():
    sesion, asistencia = _sesion_confirmada()
    services.asistencia_responder(
        asistencia=asistencia, respuesta="rechazada", por=None, via="correo"
    )

    services.sesion_actualizar(
        sesion=sesion,
        version=sesion.version,
        tipo=sesion.tipo,
        titulo="",
        inicio=sesion.inicio,
        fin=sesion.fin,
        lugar="Otra sala",
        enlace_video="",
        por=_articuladora(),
    )

    asistencia.refresh_from_db()
    assert asistencia.estado == Asistencia.Estado.INVITADA


def test_institucion_quitada_de_la_mesa_ya_no_responde_con_su_enlace_viejo():
    sesion, asistencia = _sesion_confirmada()
    enlace = _token(services.enlace_respuesta(asistencia, "confirmada"))
    assert services.leer_enlace(enlace)[0] == asistencia

    Integrante.objects.filter(mesa=sesion.mesa, institucion=asistencia.institucion).update(
        activo=False
    )

    with pytest.raises(firmas.EnlaceInvalido, match="ya no integra"):
        services.leer_enlace(enlace)


def test_rechazar_con_motivo_y_reemplazante_de_la_misma_institucion():
    _, asistencia = _sesion_confirmada()
    colega = usuario_con_rol(Rol.REPRESENTANTE, institucion=asistencia.institucion)

    services.asistencia_responder(
        asistencia=asistencia,
        respuesta="rechazada",
        por=None,
        via="correo",
        motivo="Coincide con una capacitación",
        reemplazante=colega,
    )

    asistencia.refresh_from_db()
    assert asistencia.estado == "rechazada"
    assert asistencia.motivo_rechazo == "Coincide con una capacitación"
    assert asistencia.reemplazante == colega
    assert colega in reemplazantes_posibles(asistencia)


def test_el_reemplazante_debe_ser_de_la_misma_institucion():
    _, asistencia = _sesion_confirmada()
    ajeno = UsuarioFactory()
    MembresiaFactory(usuario=ajeno, institucion=oficina("senda"), rol=Rol.REPRESENTANTE)

    with pytest.raises(ValidationError, match="debe ser de SENADIS"):
        services.asistencia_responder(
            asistencia=asistencia,
            respuesta="rechazada",
            por=None,
            via="correo",
            reemplazante=ajeno,
        )


def test_la_misma_respuesta_dos_veces_deja_una_fila_de_historial():
    _, asistencia = _sesion_confirmada()
    antes = asistencia.history.count()

    for _ in range(3):
        services.asistencia_responder(
            asistencia=asistencia, respuesta="confirmada", por=None, via="correo"
        )

    assert asistencia.history.count() == antes + 1


@pytest.mark.parametrize(
    ("dia", "santiago"),
    [
        # The island and the continent change on the same night: two hours apart all year.
        (date(2027, 4, 3), "12:00"),
        (date(2027, 4, 5), "12:00"),
        (date(2027, 9, 4), "12:00"),
        (date(2027, 9, 6), "12:00"),
    ],
)
def test_correos_de_isla_de_pascua_con_la_hora_de_la_isla(dia, santiago):
    # given a session at 10:00 on the island, on either side of a DST change
    mesa = mesa_comunal("05201", miembros=("senadis",))
    inicio = calendario.en_zona(dia, time(10), "Pacific/Easter")
    sesion = SesionFactory(mesa=mesa, inicio=inicio, fin=inicio + timedelta(hours=2))
    asistencia = AsistenciaFactory(sesion=sesion, institucion=oficina("senadis"))

    # when the invitation and the reminder go out
    mail.outbox.clear()
    services.invitaciones_enviar(sesion=sesion)
    services.recordatorio_enviar(asistencia=asistencia)

    # then both say the island's time, and Santiago's
    for mensaje in mail.outbox:
        assert f"{dia:%d-%m-%Y} 10:00 hora de Isla de Pascua" in mensaje.subject
        assert f"Hora: 10:00 a 12:00 (hora de Isla de Pascua; {santiago} en Santiago)" in (
            mensaje.body
        )
    assert len(mail.outbox) == 2
