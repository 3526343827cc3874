"""A company asks the network for a joint visit (issue 18): the public form, its spam defences,
and the ejecutivo who turns the request into a planned visit."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from empresas import services
from empresas.forms import SolicitudVisitaForm
from empresas.models import Empresa, SolicitudVisita, VisitaEmpresa
from nucleo.models import Comuna, Rol
from tests.factories import EmpresaFactory, oficina, usuario_con_rol

pytestmark = pytest.mark.django_db

URL = "/oferta/empresas/solicitar-visita/"


@pytest.fixture(autouse=True)
def sence_valparaiso():
    """Companies ask from the regions whose SENCE office is in the app."""
    return oficina("sence")


def marca(segundos_atras: int = 60) -> str:
    """The form's signed timestamp, as if the page had been opened `segundos_atras` ago."""
    firmante = signing.TimestampSigner(salt=SolicitudVisitaForm.SAL)
    firmante.timestamp = lambda: signing.b62_encode(
        int(timezone.now().timestamp()) - segundos_atras
    )
    return firmante.sign("solicitud")


def datos(**cambios) -> dict:
    return {
        "razon_social": "Viñedos del Valle SpA",
        "rut": "76.123.456-0",
        "rubro": "agricola",
        "tamano": "mediana",
        "comuna": "05802",
        "necesidades": ["vacantes", "discapacidad"],
        "detalle": "Diez temporeros para la vendimia.",
        "contacto_nombre": "Ana Rojas",
        "contacto_email": "ana@vinedos.cl",
        "contacto_telefono": "+56 9 1234 5678",
        "sitio": "",
        "marca": marca(),
    } | cambios


def test_una_empresa_envia_la_solicitud_y_recibe_confirmacion(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(URL, datos())

    assert respuesta.status_code == 302
    assert respuesta.url == reverse("oferta_empresas:solicitud_enviada")
    solicitud = SolicitudVisita.objects.get()
    assert solicitud.rut == "76123456-0"
    assert solicitud.estado == SolicitudVisita.Estado.PENDIENTE
    assert solicitud.ip == "127.0.0.1"
    assert [m.to for m in mail.outbox] == [["ana@vinedos.cl"]]
    assert "Viñedos del Valle SpA" in mail.outbox[0].body


def test_los_ejecutivos_de_la_region_reciben_el_aviso_de_la_solicitud(
    client, django_capture_on_commit_callbacks
):
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO, email="ejecutivo@sence.cl")
    usuario_con_rol(Rol.ARTICULADOR, email="articuladora@sence.cl")
    usuario_con_rol(Rol.EJECUTIVO, oficina("sence", "08"), email="biobio@sence.cl")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, datos())

    solicitud = SolicitudVisita.objects.get()
    avisos = [m for m in mail.outbox if m.to != ["ana@vinedos.cl"]]
    assert [m.to for m in avisos] == [[ejecutivo.email]]
    aviso = avisos[0]
    assert "Viñedos del Valle SpA" in aviso.subject
    assert solicitud.get_absolute_url() in aviso.body
    assert "SENADIS" in aviso.body  # the need→service rule's suggestion
    assert "ana@vinedos.cl" not in aviso.body  # the contact stays in the app
    assert "1234 5678" not in aviso.body


def test_sin_ejecutivos_el_aviso_va_a_la_articuladora(django_capture_on_commit_callbacks):
    articuladora = usuario_con_rol(Rol.ARTICULADOR, email="articuladora@sence.cl")

    with django_capture_on_commit_callbacks(execute=True):
        _solicitud()

    assert [articuladora.email] in [m.to for m in mail.outbox]


def test_una_comuna_de_una_region_sin_sence_en_la_aplicacion_se_explica(client):
    """A request from there would reach nobody: the form says where to write instead."""
    pagina = client.get(URL).content.decode()

    respuesta = client.post(URL, datos(comuna="13101"))  # Santiago: no SENCE office here

    assert 'value="13101"' not in pagina
    assert 'value="05802"' in pagina
    assert respuesta.status_code == 200
    assert "Aún no recibimos solicitudes de esa comuna" in respuesta.content.decode()
    assert not SolicitudVisita.objects.exists()


def test_el_formulario_publico_no_pide_ingresar(client):
    respuesta = client.get(URL, {"comuna": "05802"})

    assert respuesta.status_code == 200
    assert 'value="05802" selected' in respuesta.content.decode()


def test_un_rut_con_digito_verificador_malo_se_explica(client):
    respuesta = client.post(URL, datos(rut="76.123.456-1"))

    assert respuesta.status_code == 200
    assert "dígito verificador no corresponde" in respuesta.content.decode()
    assert not SolicitudVisita.objects.exists()


def test_sin_necesidades_se_pide_marcar_una(client):
    respuesta = client.post(URL, datos(necesidades=[]))

    assert "Marca al menos una necesidad." in respuesta.content.decode()
    assert not SolicitudVisita.objects.exists()


def test_el_campo_trampa_lleno_rechaza_la_solicitud(client):
    respuesta = client.post(URL, datos(sitio="http://spam.example"))

    assert respuesta.status_code == 200
    assert "No pudimos recibir la solicitud" in respuesta.content.decode()
    assert not SolicitudVisita.objects.exists()


def test_un_formulario_enviado_en_menos_de_unos_segundos_se_rechaza(client):
    respuesta = client.post(URL, datos(marca=marca(segundos_atras=0)))

    assert "demasiado rápido" in respuesta.content.decode()
    assert not SolicitudVisita.objects.exists()


def test_una_marca_falsa_o_vencida_se_rechaza(client):
    falsa = client.post(URL, datos(marca="1234:abc")).content.decode()
    vencida = client.post(URL, datos(marca=marca(segundos_atras=3 * 3600))).content.decode()

    assert "Recarga la página" in falsa
    assert "demasiado tiempo" in vencida
    assert not SolicitudVisita.objects.exists()


def test_mas_de_cinco_solicitudes_por_hora_desde_una_direccion_se_rechazan(client):
    for n in range(5):
        assert client.post(URL, datos(razon_social=f"Empresa {n}")).status_code == 302

    respuesta = client.post(URL, datos(razon_social="La sexta"))

    assert respuesta.status_code == 200
    assert "varias solicitudes desde esta conexión" in respuesta.content.decode()
    assert SolicitudVisita.objects.count() == 5
    # Another address is not affected.
    otra = client.post(URL, datos(razon_social="Otra"), REMOTE_ADDR="10.1.2.3")
    assert otra.status_code == 302


def _solicitud(**cambios) -> SolicitudVisita:
    return services.solicitud_recibir(
        datos={k: v for k, v in datos(**cambios).items() if k not in ("sitio", "marca")}
        | {"comuna": Comuna.objects.get(codigo="05802")},
        ip="127.0.0.1",
    )


def test_aceptar_crea_la_empresa_planifica_la_visita_y_avisa_la_fecha(
    django_capture_on_commit_callbacks,
):
    solicitud = _solicitud()
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    senadis = oficina("senadis")
    inicio = timezone.now() + timedelta(days=10)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        visita = services.solicitud_aceptar(
            solicitud=solicitud,
            inicio=inicio,
            objetivo="Vacantes y contratación inclusiva",
            participantes=[ejecutivo],
            instituciones=[senadis],
            por=ejecutivo,
        )

    empresa = Empresa.objects.get(rut="76123456-0")
    assert visita.empresa == empresa
    assert visita.estado == VisitaEmpresa.Estado.PLANIFICADA
    assert {n.tipo for n in empresa.necesidades.all()} == {"vacantes", "discapacidad"}
    assert empresa.contactos.get().email == "ana@vinedos.cl"
    solicitud.refresh_from_db()
    assert (solicitud.estado, solicitud.visita, solicitud.atendida_por) == (
        SolicitudVisita.Estado.ACEPTADA,
        visita,
        ejecutivo,
    )
    a_la_empresa = [m for m in mail.outbox if m.to == ["ana@vinedos.cl"]]
    assert len(a_la_empresa) == 1
    assert timezone.localtime(inicio).strftime("%d-%m-%Y") in a_la_empresa[0].body


def test_aceptar_vincula_la_empresa_que_ya_esta_en_la_red():
    existente = EmpresaFactory(rut="76123456-0", razon_social="Viñedos (ya en la red)")
    solicitud = _solicitud()
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)

    visita = services.solicitud_aceptar(
        solicitud=solicitud,
        inicio=timezone.now() + timedelta(days=3),
        objetivo="Vacantes",
        participantes=[ejecutivo],
        instituciones=[],
        por=ejecutivo,
    )

    assert visita.empresa == existente
    assert Empresa.objects.count() == 1


def test_una_solicitud_atendida_no_se_acepta_dos_veces():
    solicitud = _solicitud()
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    services.solicitud_descartar(solicitud=solicitud, motivo="Duplicada", por=ejecutivo)

    with pytest.raises(ValidationError, match="ya fue atendida"):
        services.solicitud_aceptar(
            solicitud=solicitud,
            inicio=timezone.now() + timedelta(days=3),
            objetivo="x",
            participantes=[ejecutivo],
            instituciones=[],
            por=ejecutivo,
        )


def test_un_ejecutivo_de_otra_region_no_puede_aceptarla():
    solicitud = _solicitud()
    ajeno = usuario_con_rol(Rol.EJECUTIVO, oficina("sence", "08"))

    with pytest.raises(PermissionDenied):
        services.solicitud_descartar(solicitud=solicitud, motivo="x", por=ajeno)


def test_el_ejecutivo_acepta_desde_la_pagina_en_un_paso(client):
    solicitud = _solicitud()
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    oficina("senadis")
    client.force_login(ejecutivo)

    pagina = client.get(reverse("empresas:solicitud_detail", args=[solicitud.pk]))
    assert "SENADIS" in pagina.content.decode()  # suggested for inclusive hiring
    inicio = timezone.localtime(timezone.now() + timedelta(days=7)).strftime("%d-%m-%Y 10:00")
    respuesta = client.post(
        reverse("empresas:solicitud_detail", args=[solicitud.pk]),
        {
            "inicio": inicio,
            "duracion_minutos": 90,
            "objetivo": "Vacantes",
            "participantes": [ejecutivo.pk],
        },
    )

    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudVisita.Estado.ACEPTADA
    assert respuesta.status_code == 302
    assert respuesta.url == solicitud.visita.get_absolute_url()


def test_la_lista_muestra_las_pendientes_de_la_region(client):
    _solicitud()
    client.force_login(usuario_con_rol(Rol.EJECUTIVO))

    texto = client.get(reverse("empresas:solicitud_list")).content.decode()

    assert "Viñedos del Valle SpA" in texto


def test_aceptar_lee_la_hora_en_la_zona_de_la_comuna_de_la_empresa(client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    solicitud = _solicitud()
    SolicitudVisita.objects.filter(pk=solicitud.pk).update(
        comuna=Comuna.objects.get(codigo="05201")
    )
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    client.force_login(ejecutivo)

    client.post(
        reverse("empresas:solicitud_detail", args=[solicitud.pk]),
        {
            "inicio": "2027-03-10T10:00",
            "duracion_minutos": 90,
            "objetivo": "Vacantes",
            "participantes": [ejecutivo.pk],
        },
    )

    solicitud.refresh_from_db()
    isla = ZoneInfo("Pacific/Easter")
    assert solicitud.visita.inicio.astimezone(isla) == datetime(2027, 3, 10, 10, 0, tzinfo=isla)
