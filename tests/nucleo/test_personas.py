"""People managed in the app: invitations, roles, deactivation (nucleo.personas)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from nucleo.models import Invitacion, Membresia, Rol
from nucleo.personas import services
from tests.factories import (
    CLAVE,
    AcuerdoFactory,
    VisitaEmpresaFactory,
    oficina,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


def enlace_del_correo() -> str:
    return re.search(r"http://\S+/invitacion/\S+/", mail.outbox[-1].body).group(0)


def test_articuladora_invita_y_la_persona_crea_su_cuenta(
    client, django_capture_on_commit_callbacks
):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    client.force_login(articuladora)

    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(
            reverse("nucleo:invitacion_create"),
            {"email": "Nueva@Senda.cl", "institucion": oficina("senda").pk, "rol": "representante"},
        )
    client.logout()
    enlace = enlace_del_correo()
    pagina = client.get(enlace)
    creada = client.post(
        enlace,
        {"first_name": "Nora", "last_name": "Díaz", "username": "nora",
         "password1": "una-clave-larga-9", "password2": "una-clave-larga-9"},
    )  # fmt: skip

    assert respuesta.status_code == 302
    assert mail.outbox[-1].to == ["nueva@senda.cl"]
    assert "vence el" in mail.outbox[-1].body
    assert "Representante de servicio" in pagina.content.decode()
    assert creada.status_code == 302
    membresia = Membresia.objects.get(usuario__username="nora")
    assert membresia.rol == Rol.REPRESENTANTE and membresia.institucion.servicio.codigo == "senda"
    assert Invitacion.objects.get().estado == Invitacion.Estado.ACEPTADA
    assert client.get(reverse("nucleo:inicio")).status_code == 200


def test_enlace_usado_vencido_o_alterado_no_sirve(client):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    invitacion = services.invitacion_crear(
        email="a@b.cl", institucion=oficina("senda"), rol=Rol.REPRESENTANTE, por=articuladora
    )
    token = services.invitacion_token(invitacion)

    alterado = client.get(reverse("nucleo:invitacion_aceptar", args=[token[:-2] + "xx"]))
    Invitacion.objects.filter(pk=invitacion.pk).update(expira_at=timezone.now() - timedelta(1))
    vencido = client.get(reverse("nucleo:invitacion_aceptar", args=[token]))

    assert alterado.status_code == 410
    assert "no es válido" in alterado.content.decode()
    assert vencido.status_code == 410
    assert "venció" in vencido.content.decode()


def test_clave_debil_da_mensaje_en_castellano(client):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    invitacion = services.invitacion_crear(
        email="a@b.cl", institucion=oficina("senda"), rol=Rol.REPRESENTANTE, por=articuladora
    )

    respuesta = client.post(
        reverse("nucleo:invitacion_aceptar", args=[services.invitacion_token(invitacion)]),
        {"first_name": "A", "last_name": "B", "username": "ab",
         "password1": "123", "password2": "123"},
    )  # fmt: skip

    assert respuesta.status_code == 200
    assert "demasiado corta" in respuesta.content.decode()
    assert not Membresia.objects.filter(usuario__username="ab").exists()


def test_encargada_omil_invita_solo_gestores_de_su_omil():
    encargada = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))

    services.invitacion_crear(
        email="g@limache.cl", institucion=omil_de("05802"), rol=Rol.GESTOR_TERRITORIAL,
        por=encargada,
    )  # fmt: skip

    with pytest.raises(PermissionDenied):
        services.invitacion_crear(
            email="x@limache.cl", institucion=omil_de("05802"), rol=Rol.ENCARGADO_OMIL,
            por=encargada,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.invitacion_crear(
            email="g@vina.cl", institucion=omil_de("05109"), rol=Rol.GESTOR_TERRITORIAL,
            por=encargada,
        )  # fmt: skip


def test_rol_que_no_corresponde_a_la_institucion_da_error_en_el_formulario(client):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    respuesta = client.post(
        reverse("nucleo:invitacion_create"),
        {"email": "a@b.cl", "institucion": oficina("senda").pk, "rol": "director"},
    )

    assert respuesta.status_code == 200
    assert "No puedes invitar con ese rol" in respuesta.content.decode()
    assert not Invitacion.objects.exists()


def test_personas_de_otra_region_o_de_otra_omil_dan_404(client):
    de_biobio = usuario_con_rol(Rol.REPRESENTANTE, oficina("senda", "08"))
    membresia_biobio = de_biobio.membresias.get()
    de_vina = usuario_con_rol(Rol.GESTOR_TERRITORIAL, omil_de("05109"))
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    encargada = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))

    client.force_login(articuladora)
    assert client.get(reverse("nucleo:persona_detail", args=[de_biobio.pk])).status_code == 404
    rol = reverse("nucleo:membresia_rol", args=[membresia_biobio.pk])
    assert client.post(rol, {"rol": "representante"}).status_code == 404
    assert de_biobio.email not in client.get(reverse("nucleo:persona_list")).content.decode()
    client.force_login(encargada)
    baja = reverse("nucleo:membresia_desactivar", args=[de_vina.membresias.get().pk])
    assert client.post(baja).status_code == 404
    assert Membresia.objects.filter(activa=True).count() == 4


def test_cambiar_rol_queda_en_el_historial_con_quien_y_desde_donde(client):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    membresia = ejecutivo.membresias.get()
    client.force_login(articuladora)

    client.post(
        reverse("nucleo:membresia_rol", args=[membresia.pk]),
        {"rol": "director"},
        REMOTE_ADDR="10.1.2.3",
    )
    detalle = client.get(reverse("nucleo:persona_detail", args=[ejecutivo.pk])).content.decode()

    membresia.refresh_from_db()
    assert membresia.rol == Rol.DIRECTOR
    ultimo = membresia.history.first()
    assert ultimo.history_user == articuladora and ultimo.ip == "10.1.2.3"
    assert "Director/a regional" in detalle and "10.1.2.3" in detalle


def test_desactivar_cierra_su_sesion_en_la_siguiente_pagina(client):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO, username="saliente")
    client.post(reverse("login"), {"username": "saliente", "password": CLAVE})
    assert client.get(reverse("nucleo:inicio")).status_code == 200

    services.membresia_desactivar(
        membresia=ejecutivo.membresias.get(), reemplazo=None, por=articuladora
    )
    siguiente = client.get(reverse("nucleo:inicio"))

    assert siguiente.status_code == 302 and siguiente.url.startswith(reverse("login"))
    ejecutivo.refresh_from_db()
    assert not ejecutivo.is_active
    assert ejecutivo.membresias.get().history.first().history_user == articuladora


def test_desactivar_pide_a_quien_pasan_sus_invitaciones_pendientes(client):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    otra = usuario_con_rol(Rol.ARTICULADOR)
    invitacion = services.invitacion_crear(
        email="a@b.cl", institucion=oficina("senda"), rol=Rol.REPRESENTANTE, por=otra
    )
    url = reverse("nucleo:membresia_desactivar", args=[otra.membresias.get().pk])
    client.force_login(articuladora)

    pagina = client.get(url).content.decode()
    sin_elegir = client.post(url)
    elegida = client.post(url, {"reemplazo": articuladora.pk})

    assert "1 invitaciones pendientes que envió" in pagina
    assert sin_elegir.status_code == 200
    assert "Elige a quién pasan sus pendientes" in sin_elegir.content.decode()
    assert elegida.status_code == 302
    invitacion.refresh_from_db()
    assert invitacion.invitada_por == articuladora


def test_nadie_se_desactiva_a_si_mismo():
    articuladora = usuario_con_rol(Rol.ARTICULADOR)

    with pytest.raises(ValidationError):
        services.membresia_desactivar(
            membresia=articuladora.membresias.get(), reemplazo=None, por=articuladora
        )


def test_quien_ya_tiene_cuenta_acepta_con_ella_y_suma_el_rol(client):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    representante = usuario_con_rol(Rol.REPRESENTANTE, oficina("senda"))
    invitacion = services.invitacion_crear(
        email=representante.email, institucion=oficina("senadis"), rol=Rol.REPRESENTANTE,
        por=articuladora,
    )  # fmt: skip
    client.force_login(representante)

    client.post(
        reverse("nucleo:invitacion_aceptar", args=[services.invitacion_token(invitacion)]),
        {"accion": "cuenta"},
    )

    assert representante.membresias.filter(activa=True).count() == 2


def test_sin_clave_en_produccion_la_invitacion_no_crea_cuenta_con_clave(client, settings):
    settings.PASSWORD_LOGIN = False
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    invitacion = services.invitacion_crear(
        email="a@b.cl", institucion=oficina("senda"), rol=Rol.REPRESENTANTE, por=articuladora
    )

    respuesta = client.post(
        reverse("nucleo:invitacion_aceptar", args=[services.invitacion_token(invitacion)]),
        {"first_name": "A", "last_name": "B", "username": "ab",
         "password1": "una-clave-larga-9", "password2": "una-clave-larga-9"},
    )  # fmt: skip
    login = client.post(reverse("login"), {"username": "ab", "password": "x"}, follow=True)

    assert "usa ClaveÚnica" in respuesta.content.decode()
    assert not Membresia.objects.filter(usuario__username="ab").exists()
    assert "desactivado" in login.content.decode()


def test_desactivar_pasa_acuerdos_abiertos_y_visitas_a_la_colega(client):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    senadis = oficina("senadis")
    saliente = usuario_con_rol(Rol.REPRESENTANTE, senadis)
    colega = usuario_con_rol(Rol.REPRESENTANTE, senadis)
    abierto = AcuerdoFactory(institucion_responsable=senadis, persona_responsable=saliente)
    cumplido = AcuerdoFactory(
        institucion_responsable=senadis, persona_responsable=saliente, estado="cumplido"
    )
    visita = VisitaEmpresaFactory(participantes=[saliente])
    client.force_login(articuladora)
    url = reverse("nucleo:membresia_desactivar", args=[saliente.membresias.get().pk])

    pagina = client.get(url).content.decode()
    respuesta = client.post(url, {"reemplazo": colega.pk}, follow=True)

    assert "1 acuerdos abiertos a su cargo" in pagina
    assert "1 visitas a empresas planificadas" in pagina
    assert "Pasaron a" in respuesta.content.decode()
    abierto.refresh_from_db()
    cumplido.refresh_from_db()
    assert abierto.persona_responsable == colega
    assert abierto.history.first().history_user == articuladora
    assert cumplido.persona_responsable == saliente  # closed ones keep who did them
    assert list(visita.participantes.all()) == [colega]


def test_el_reemplazo_debe_ser_de_la_misma_institucion(client):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    saliente = usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"))
    AcuerdoFactory(institucion_responsable=oficina("senadis"), persona_responsable=saliente)
    usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"))
    ajena = usuario_con_rol(Rol.REPRESENTANTE, oficina("senda"))

    with pytest.raises(ValidationError):
        services.membresia_desactivar(
            membresia=saliente.membresias.get(), reemplazo=ajena, por=articuladora
        )


def test_sin_clave_en_produccion_no_hay_paginas_para_poner_o_recuperar_contrasena(client, settings):
    settings.PASSWORD_LOGIN = False
    persona = usuario_con_rol(Rol.ARTICULADOR)
    client.force_login(persona)

    inicio = client.get("/").content.decode()
    respuestas = [
        client.get(reverse(nombre)).status_code
        for nombre in ("password_change", "password_reset", "password_reset_done")
    ]
    respuestas.append(client.post(reverse("password_reset"), {"email": "a@b.cl"}).status_code)

    assert respuestas == [404, 404, 404, 404]
    assert reverse("password_change") not in inicio


def test_con_clave_la_pagina_para_cambiarla_sigue_ahi(client):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    inicio = client.get("/").content.decode()

    assert client.get(reverse("password_change")).status_code == 200
    assert reverse("password_change") in inicio
