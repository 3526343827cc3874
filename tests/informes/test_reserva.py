"""The report lease: a report being built is held by its worker; a stuck one (lease expired) is
taken back by the sweeper or replaced when a user asks again; a failed one can be asked again."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from informes import services
from informes.models import Informe
from nucleo.models import Region, Rol
from tests.factories import InformeFactory, usuario_con_rol

pytestmark = pytest.mark.django_db
HOY = date(2026, 11, 25)


@pytest.fixture
def valparaiso():
    return Region.objects.get(codigo="05")


def solicitar(region):
    return services.informe_solicitar(
        tipo="mensual", region=region, periodo="2026-10", por=usuario_con_rol(Rol.DIRECTOR), hoy=HOY
    )


def generando(region, *, reserva: timedelta, intentos: int = 1) -> Informe:
    return InformeFactory(
        region=region,
        periodo="2026-10",
        estado=Informe.Estado.GENERANDO,
        intentos=intentos,
        iniciado_at=timezone.now() - timedelta(minutes=5),
        reservado_por="otro-host:123:abcd",
        reservado_hasta=timezone.now() + reserva,
    )


def test_pedir_de_nuevo_un_informe_atascado_crea_otra_version(
    valparaiso, django_capture_on_commit_callbacks
):
    atascado = generando(valparaiso, reserva=-timedelta(seconds=30))

    with django_capture_on_commit_callbacks(execute=True):
        nuevo, creado = solicitar(valparaiso)

    atascado.refresh_from_db()
    nuevo.refresh_from_db()
    assert creado
    assert nuevo.version == atascado.version + 1
    assert nuevo.estado == Informe.Estado.LISTO
    assert atascado.estado == Informe.Estado.FALLIDO
    assert "se interrumpió" in atascado.error


def test_pedir_de_nuevo_un_informe_con_reserva_vigente_se_une(valparaiso):
    en_curso = generando(valparaiso, reserva=timedelta(seconds=30))

    informe, creado = solicitar(valparaiso)

    assert (informe, creado) == (en_curso, False)


def test_pedir_de_nuevo_un_informe_fallido_crea_otra_version(
    valparaiso, django_capture_on_commit_callbacks
):
    fallido = InformeFactory(region=valparaiso, periodo="2026-10", estado=Informe.Estado.FALLIDO)

    with django_capture_on_commit_callbacks(execute=True):
        nuevo, creado = solicitar(valparaiso)

    assert creado
    assert nuevo.version == fallido.version + 1
    nuevo.refresh_from_db()
    assert nuevo.estado == Informe.Estado.LISTO


def test_una_tarea_repetida_no_construye_lo_que_otro_trabajador_tiene_reservado(valparaiso):
    en_curso = generando(valparaiso, reserva=timedelta(seconds=30))

    with pytest.raises(services.InformeOcupado) as ocupado:
        services.informe_generar(informe_id=en_curso.pk)

    assert 25 < ocupado.value.segundos <= 31
    en_curso.refresh_from_db()
    assert (en_curso.estado, en_curso.intentos) == (Informe.Estado.GENERANDO, 1)


def test_el_barrido_retoma_un_informe_cuya_reserva_vencio(valparaiso):
    atascado = generando(valparaiso, reserva=-timedelta(seconds=1))
    vigente = generando(Region.objects.get(codigo="13"), reserva=timedelta(seconds=30))

    assert services.informes_reencolar_pendientes() == 1  # in-process: built right away

    atascado.refresh_from_db()
    vigente.refresh_from_db()
    assert (atascado.estado, atascado.intentos) == (Informe.Estado.LISTO, 2)
    assert atascado.reservado_hasta is None
    assert vigente.estado == Informe.Estado.GENERANDO


def test_tras_tres_trabajadores_muertos_el_informe_queda_fallido(valparaiso):
    atascado = generando(valparaiso, reserva=-timedelta(seconds=1), intentos=3)

    assert services.informes_reencolar_pendientes() == 0

    atascado.refresh_from_db()
    assert atascado.estado == Informe.Estado.FALLIDO
    assert "3 intento(s)" in atascado.error
    assert "Regenerar" in atascado.error


def test_el_barrido_corre_cada_minuto_en_beat(settings):
    tarea = settings.CELERY_BEAT_SCHEDULE["informes-reencolar-pendientes"]

    assert tarea["task"] == "informes.tasks.reencolar_informes_pendientes"
    assert str(tarea["schedule"].minute) == str(set(range(60)))
    assert settings.INFORMES_RESERVA_SEGUNDOS + 60 <= 120
