"""Pages of issue 15: the series preview shows clashes, missing days and holiday moves; a single
session on a holiday is flagged; declining by the e-mailed link carries a reason and a
substitute; an old link after a move answers a clear Spanish page."""

import re
from datetime import date, time

import pytest
from django.urls import reverse

from mesas import services
from mesas.models import Asistencia, Sesion
from nucleo import calendario
from nucleo.models import Rol
from tests.factories import (
    AsistenciaFactory,
    SesionFactory,
    en_santiago,
    mesa_comunal,
    mesa_regional,
    oficina,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def articuladora():
    return usuario_con_rol(Rol.ARTICULADOR, username="paula")


def _serie(**extra):
    return {
        "regla": "último jueves de cada mes, 10:00",
        "duracion_minutos": 120,
        "desde": "2026-12-01",
        "cantidad": 6,
        "tipo": "ordinaria",
        "lugar": "Dirección Regional SENCE",
        **extra,
    }


def test_la_vista_previa_muestra_el_choque_y_crear_no_duplica(client, articuladora):
    # given the regional mesa already meets on 31-12-2026 and 28-01-2027
    mesa = mesa_regional()
    for dia in (date(2026, 12, 31), date(2027, 1, 28)):
        SesionFactory(mesa=mesa, inicio=en_santiago(dia))
    client.force_login(articuladora)

    # when the pre-filled rule is previewed from 01-12-2026
    vista = client.post(
        reverse("mesas:serie_preview", args=[mesa.pk]), _serie(), HTTP_HX_REQUEST="true"
    )

    # then the preview shows both clashes, and creating skips them
    contenido = vista.content.decode()
    assert "2 de estas fechas ya tienen sesión de la mesa" in contenido
    assert contenido.count("Ya hay sesión") == 2
    client.post(reverse("mesas:serie_create", args=[mesa.pk]), _serie(accion="crear"))
    dias = [calendario.hora_local(s.inicio).date() for s in Sesion.objects.filter(mesa=mesa)]
    assert len(dias) == len(set(dias)) == 6


def test_dia_31_muestra_los_meses_sin_ese_dia_y_ofrece_el_ultimo(client, articuladora):
    mesa = mesa_regional()
    client.force_login(articuladora)

    vista = client.post(
        reverse("mesas:serie_preview", args=[mesa.pk]),
        _serie(regla="día 31, 10:00", desde="2027-01-01", cantidad=4),
        HTTP_HX_REQUEST="true",
    )

    contenido = vista.content.decode()
    assert "no tienen día 31 y quedan sin sesión: febrero 2027, abril 2027" in contenido
    assert "Usar «último día del mes»" in contenido


def test_un_feriado_regional_ofrece_mismo_dia_antes_y_despues_y_el_siguiente_habil(client):
    # the communal mesa of Arica (CUT 15101), "primer lunes de cada mes, 10:00", June 2027
    mesa = mesa_comunal("15101")
    client.force_login(usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "15")))

    vista = client.post(
        reverse("mesas:serie_preview", args=[mesa.pk]),
        _serie(regla="primer lunes de cada mes, 10:00", desde="2027-06-01", cantidad=1),
        HTTP_HX_REQUEST="true",
    )

    contenido = vista.content.decode()
    assert "Asalto y Toma del Morro de Arica" in contenido
    for etiqueta in ("Mover al 31-05", "Mover al 14-06", "Mover al 08-06"):
        assert etiqueta in contenido


def test_la_regla_con_una_parte_no_entendida_la_nombra(client, articuladora):
    mesa = mesa_regional()
    client.force_login(articuladora)

    vista = client.post(
        reverse("mesas:serie_preview", args=[mesa.pk]),
        _serie(regla="último jueves de cada mes, 10:00 por zoom"),
        HTTP_HX_REQUEST="true",
    )

    assert "No se entendió «por», «zoom»" in vista.content.decode()


def test_sesion_suelta_en_feriado_queda_advertida(client, articuladora):
    mesa = mesa_regional()
    client.force_login(articuladora)

    respuesta = client.post(
        reverse("mesas:sesion_create", args=[mesa.pk]),
        {
            "tipo": "ordinaria",
            "inicio": "01-01-2027 10:00",
            "duracion_minutos": 120,
            "lugar": "SENCE",
        },
        follow=True,
    )

    assert "el 01-01-2027 es feriado (Año Nuevo)" in respuesta.content.decode()


def test_sesion_de_isla_de_pascua_se_ingresa_en_la_hora_de_la_isla(client, articuladora):
    mesa = mesa_comunal("05201")
    client.force_login(articuladora)

    client.post(
        reverse("mesas:sesion_create", args=[mesa.pk]),
        {"tipo": "ordinaria", "inicio": "03-03-2027 10:00", "duracion_minutos": 120, "lugar": "x"},
    )

    sesion = Sesion.objects.get(mesa=mesa)
    assert calendario.hora_local(sesion.inicio, "Pacific/Easter").time() == time(10)
    pagina = client.get(sesion.get_absolute_url()).content.decode()
    assert "10:00 hora de Isla de Pascua · 12:00 en Santiago" in pagina


def test_rechazar_por_el_enlace_con_motivo_y_reemplazante(client):
    sesion = SesionFactory(mesa=mesa_regional())
    senadis = oficina("senadis")
    titular = usuario_con_rol(Rol.REPRESENTANTE, senadis)
    colega = usuario_con_rol(Rol.REPRESENTANTE, senadis, first_name="Rosa", last_name="Díaz")
    asistencia = AsistenciaFactory(sesion=sesion, institucion=senadis, persona=titular)
    url = services.enlace_respuesta(asistencia, "rechazada")

    pagina = client.get(url).content.decode()
    respuesta = client.post(url, {"motivo": "Licencia médica", "reemplazante": colega.pk})

    assert "Asistirá en su lugar" in pagina and "Rosa Díaz" in pagina
    asistencia.refresh_from_db()
    assert (asistencia.estado, asistencia.motivo_rechazo) == ("rechazada", "Licencia médica")
    assert asistencia.reemplazante == colega
    assert "En su lugar asistirá Rosa Díaz" in respuesta.content.decode()


def test_enlace_de_antes_del_cambio_responde_una_pagina_clara(client, articuladora):
    sesion = SesionFactory(mesa=mesa_regional(), inicio=en_santiago(date(2026, 12, 10)))
    asistencia = AsistenciaFactory(sesion=sesion, institucion=oficina("senadis"))
    url = services.enlace_respuesta(asistencia, "confirmada")
    client.post(url)
    services.sesion_actualizar(
        sesion=sesion,
        version=sesion.version,
        tipo=sesion.tipo,
        titulo="",
        inicio=en_santiago(date(2026, 12, 11), time(11)),
        fin=en_santiago(date(2026, 12, 11), time(13)),
        lugar=sesion.lugar,
        enlace_video="",
        por=articuladora,
    )

    respuesta = client.post(url)

    assert respuesta.status_code == 400
    assert "cambió de fecha, lugar o enlace" in respuesta.content.decode()
    assert Asistencia.objects.get(pk=asistencia.pk).estado == "invitada"


def test_la_pagina_de_la_mesa_de_isla_de_pascua_da_las_horas_de_la_isla(client, articuladora):
    mesa = mesa_comunal("05201")
    inicio = calendario.en_zona(date(2027, 3, 3), time(10), "Pacific/Easter")
    SesionFactory(mesa=mesa, inicio=inicio)
    client.force_login(articuladora)

    pagina = client.get(mesa.get_absolute_url()).content.decode()

    assert "Horas en hora de Isla de Pascua" in pagina
    assert "03-03-2027, 10:00" in pagina


def test_el_calendario_de_quien_trabaja_en_arica_marca_su_feriado_regional(client):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "15")))

    pagina = client.get(reverse("mesas:calendario"), {"mes": "2027-06"}).content.decode()

    assert "Asalto y Toma del Morro de Arica" in pagina


def test_sesiones_y_visitas_responden_con_las_mismas_palabras(client):
    from tests.factories.empresas import InvitacionVisitaFactory, VisitaEmpresaFactory

    senadis = oficina("senadis")
    representante = usuario_con_rol(Rol.REPRESENTANTE, senadis)
    sesion = SesionFactory(mesa=mesa_regional())
    AsistenciaFactory(sesion=sesion, institucion=senadis, persona=representante)
    visita = VisitaEmpresaFactory()
    InvitacionVisitaFactory(visita=visita, institucion=senadis)
    client.force_login(representante)

    paginas = [
        client.get(sesion.get_absolute_url()).content.decode(),
        client.get(visita.get_absolute_url()).content.decode(),
        client.get(
            services.enlace_respuesta(sesion.asistencias.get(), "rechazada")
        ).content.decode(),
    ]

    for pagina in paginas[:2]:
        assert "Confirmar asistencia" in pagina
    for pagina in paginas:
        assert "Avisar que no podrá asistir" in pagina


def test_la_hora_del_formulario_no_contradice_la_regla(client, articuladora):
    """A new user saw «Hora: 10:00» beside a rule that said 15:00: the field starts empty, and
    a rule's own time is the one the series takes."""
    mesa = mesa_regional()
    client.force_login(articuladora)

    pagina = client.get(reverse("mesas:serie_create", args=[mesa.pk])).content.decode()
    client.post(
        reverse("mesas:serie_create", args=[mesa.pk]),
        _serie(regla="primer martes de cada mes, 15:00", hora="", accion="crear"),
    )

    campo = re.search(r'<input[^>]*name="hora"[^>]*>', pagina).group(0)
    assert "value=" not in campo
    horas = {calendario.hora_local(s.inicio).time() for s in Sesion.objects.filter(mesa=mesa)}
    assert horas == {time(15, 0)}
