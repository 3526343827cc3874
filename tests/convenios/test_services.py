from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from convenios import services
from convenios.models import AlertaConvenio, Convenio, Vigencia
from convenios.services import DatosObligacion
from convenios.tasks import alertar_vencimientos
from nucleo.models import Rol
from nucleo.servicios import ConflictoDeEdicion
from tests.factories import ConvenioFactory, oficina, pdf_subido, usuario_con_rol

pytestmark = pytest.mark.django_db


@pytest.fixture
def articuladora():
    return usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "05"), email="paula@sence.cl")


def _datos(**cambios) -> dict:
    datos = {
        "nombre": "Convenio SENCE–SENDA",
        "tipo": Convenio.Tipo.COLABORACION,
        "estado": Convenio.Estado.FIRMADO,
        "fecha_firma": date(2026, 1, 10),
        "fecha_inicio": date(2026, 1, 15),
        "fecha_termino": date(2027, 1, 14),
        "recursos_comprometidos": 15_000_000,
    }
    datos.update(cambios)
    return datos


def test_articuladora_registra_convenio_con_obligaciones_y_pdf(articuladora):
    sence, senda = oficina("sence"), oficina("senda")

    convenio = services.convenio_crear(
        oficina_sence=sence,
        datos=_datos(),
        instituciones=[senda],
        obligaciones=[
            DatosObligacion(parte=sence, descripcion="Cupos Más Capaz"),
            DatosObligacion(parte=senda, descripcion="Derivar personas"),
        ],
        documento=pdf_subido("convenio firmado.pdf"),
        por=articuladora,
    )

    assert list(convenio.obligaciones.values_list("parte__nombre", "descripcion")) == [
        (sence.nombre, "Cupos Más Capaz"),
        (senda.nombre, "Derivar personas"),
    ]
    assert convenio.documento.name.startswith("convenios/")
    assert convenio.documento_nombre == "convenio firmado.pdf"
    assert convenio.history.count() == 1


def test_termino_antes_del_inicio_se_rechaza(articuladora):
    with pytest.raises(ValidationError) as error:
        services.convenio_crear(
            oficina_sence=oficina("sence"),
            datos=_datos(fecha_termino=date(2025, 12, 31)),
            instituciones=[oficina("senda")],
            obligaciones=[],
            por=articuladora,
        )

    assert error.value.message_dict["fecha_termino"] == [
        "La fecha de término no puede ser anterior a la de inicio de vigencia."
    ]
    assert not Convenio.objects.exists()


def test_monto_negativo_se_rechaza(articuladora):
    with pytest.raises(ValidationError) as error:
        services.convenio_crear(
            oficina_sence=oficina("sence"),
            datos=_datos(recursos_comprometidos=-1),
            instituciones=[oficina("senda")],
            obligaciones=[],
            por=articuladora,
        )

    assert "recursos_comprometidos" in error.value.message_dict
    assert not Convenio.objects.exists()


def test_addendum_sin_convenio_padre_se_rechaza(articuladora):
    with pytest.raises(ValidationError) as error:
        services.convenio_crear(
            oficina_sence=oficina("sence"),
            datos=_datos(tipo=Convenio.Tipo.ADDENDUM),
            instituciones=[oficina("senda")],
            obligaciones=[],
            por=articuladora,
        )

    assert error.value.message_dict["convenio_padre"] == [
        "Un addendum debe indicar el convenio que modifica."
    ]


def test_pdf_falso_se_rechaza_sin_crear_nada(articuladora):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as error:
        services.convenio_crear(
            oficina_sence=oficina("sence"),
            datos=_datos(),
            instituciones=[oficina("senda")],
            obligaciones=[],
            documento=SimpleUploadedFile("convenio.pdf", b"MZ\x90\x00 ejecutable"),
            por=articuladora,
        )

    assert "no es un PDF" in error.value.message_dict["documento"][0]
    assert not Convenio.objects.exists()


def test_representante_no_gestiona_convenios():
    senda = oficina("senda")
    with pytest.raises(PermissionDenied):
        services.convenio_crear(
            oficina_sence=oficina("sence"),
            datos=_datos(),
            instituciones=[senda],
            obligaciones=[],
            por=usuario_con_rol(Rol.REPRESENTANTE, senda),
        )


def test_edicion_concurrente_se_rechaza(articuladora):
    convenio = ConvenioFactory()
    services.convenio_editar(
        convenio=Convenio.objects.get(pk=convenio.pk),
        version=1,
        datos={"nombre": "Primero"},
        instituciones=[oficina("senadis")],
        obligaciones=[],
        por=articuladora,
    )

    with pytest.raises(ConflictoDeEdicion):
        services.convenio_editar(
            convenio=Convenio.objects.get(pk=convenio.pk),
            version=1,
            datos={"nombre": "Segundo"},
            instituciones=[oficina("senadis")],
            obligaciones=[],
            por=articuladora,
        )

    convenio.refresh_from_db()
    assert convenio.nombre == "Primero"
    assert convenio.history.count() == 2


@pytest.mark.parametrize(
    ("estado", "inicio", "termino", "esperado"),
    [
        ("firmado", date(2026, 1, 1), date(2026, 12, 31), Vigencia.VIGENTE),
        ("firmado", date(2025, 1, 1), date(2025, 12, 31), Vigencia.VENCIDO),
        ("firmado", date(2026, 7, 1), date(2027, 6, 30), Vigencia.POR_INICIAR),
        ("en_preparacion", None, None, Vigencia.EN_PREPARACION),
        ("terminado", date(2026, 1, 1), date(2026, 12, 31), Vigencia.TERMINADO),
    ],
)
def test_vigencia_se_deriva_de_las_fechas(estado, inicio, termino, esperado):
    from convenios.selectors import anotar_vigencia

    convenio = ConvenioFactory(estado=estado, fecha_inicio=inicio, fecha_termino=termino)
    hoy = date(2026, 6, 1)

    assert convenio.vigencia(hoy) == esperado
    assert anotar_vigencia(Convenio.objects.all(), hoy).get().vigencia_hoy == esperado


def test_alertas_de_90_y_30_dias_se_envian_una_sola_vez(
    articuladora, django_capture_on_commit_callbacks
):
    hoy = date.today()
    a_90 = ConvenioFactory(fecha_termino=hoy + timedelta(days=85), nombre="Con SENDA")
    a_30 = ConvenioFactory(fecha_termino=hoy + timedelta(days=20), nombre="Con SERNAMEG")
    ConvenioFactory(fecha_termino=hoy + timedelta(days=200))
    ConvenioFactory(fecha_termino=hoy + timedelta(days=10), estado="terminado")

    with django_capture_on_commit_callbacks(execute=True):
        alertar_vencimientos.delay()
    with django_capture_on_commit_callbacks(execute=True):
        alertar_vencimientos.delay()

    assert sorted(AlertaConvenio.objects.values_list("convenio__nombre", "dias")) == [
        ("Con SENDA", 90),
        ("Con SERNAMEG", 30),
    ]
    assert len(mail.outbox) == 2
    assert all(m.to == ["paula@sence.cl"] for m in mail.outbox)
    asuntos = sorted(m.subject for m in mail.outbox)
    assert "«Con SENDA» vence en 85 días" in asuntos[0]
    assert "«Con SERNAMEG» vence en 20 días" in asuntos[1]
    assert AlertaConvenio.objects.filter(enviada_at__isnull=True).count() == 0
    assert a_90.alertas.get().destinatarios == "paula@sence.cl"
    assert a_30.alertas.count() == 1


def test_alerta_de_30_dias_llega_despues_de_la_de_90(
    articuladora, django_capture_on_commit_callbacks
):
    hoy = date.today()
    ConvenioFactory(fecha_termino=hoy + timedelta(days=90))

    with django_capture_on_commit_callbacks(execute=True):
        services.convenios_alertar_vencimientos(hoy=hoy)
        services.convenios_alertar_vencimientos(hoy=hoy + timedelta(days=59))
        services.convenios_alertar_vencimientos(hoy=hoy + timedelta(days=60))
        services.convenios_alertar_vencimientos(hoy=hoy + timedelta(days=61))

    assert sorted(AlertaConvenio.objects.values_list("dias", flat=True)) == [30, 90]
    assert len(mail.outbox) == 2
