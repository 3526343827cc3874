"""nucleo.servicios: the one helper that applies a form's data, and the lock behind it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from mesas.models import Mesa
from nucleo.servicios import (
    MENSAJE_CONFLICTO,
    ConflictoDeEdicion,
    actualizar_modelo,
    exigir,
)
from tests.factories import mesa_regional

pytestmark = pytest.mark.django_db


def _registros(mesa) -> int:
    return mesa.history.count()


def test_solo_cambia_lo_que_cambio_y_deja_un_registro():
    mesa = mesa_regional()
    version, registros = mesa.version, _registros(mesa)

    _, guardado = actualizar_modelo(
        instancia=mesa,
        campos=["objetivo", "activa"],
        datos={"objetivo": "Nuevo objetivo", "activa": mesa.activa, "nombre": "ignorado"},
        version=version,
    )

    fila = Mesa.objects.get(pk=mesa.pk)
    assert guardado
    assert (fila.objetivo, fila.nombre != "ignorado") == ("Nuevo objetivo", True)
    assert (fila.version, _registros(mesa)) == (version + 1, registros + 1)


def test_sin_cambios_no_escribe_nada():
    mesa = mesa_regional()
    version, registros = mesa.version, _registros(mesa)

    _, guardado = actualizar_modelo(
        instancia=mesa, campos=["objetivo"], datos={"objetivo": mesa.objetivo}, version=version
    )

    assert not guardado
    assert (Mesa.objects.get(pk=mesa.pk).version, _registros(mesa)) == (version, registros)


def test_los_cambios_ya_copiados_por_un_formulario_se_guardan():
    """A ModelForm copies its data onto the instance before the service runs: the change is
    judged against the stored row, not the instance."""
    mesa = mesa_regional()
    mesa.objetivo = "Copiado por el formulario"

    _, guardado = actualizar_modelo(
        instancia=mesa, datos={"objetivo": "Copiado por el formulario"}, version=mesa.version
    )

    assert guardado
    assert Mesa.objects.get(pk=mesa.pk).objetivo == "Copiado por el formulario"


def test_version_vieja_se_rechaza_aunque_no_cambie_nada():
    mesa = mesa_regional()
    vieja = mesa.version
    actualizar_modelo(instancia=Mesa.objects.get(pk=mesa.pk), datos={"objetivo": "Otra persona"})

    with pytest.raises(ConflictoDeEdicion), transaction.atomic():
        actualizar_modelo(instancia=mesa, datos={"objetivo": "Otra persona"}, version=vieja)


def test_guardar_siempre_escribe_una_version_sin_cambios_propios():
    mesa = mesa_regional()
    version, registros = mesa.version, _registros(mesa)

    actualizar_modelo(instancia=mesa, datos={}, version=version, guardar_siempre=True)

    assert (Mesa.objects.get(pk=mesa.pk).version, _registros(mesa)) == (version + 1, registros + 1)


def test_un_save_con_version_vieja_en_cualquier_parte_es_un_error_de_formulario():
    """django-concurrency's check runs in save() itself (CONCURRENCY_CALLBACK): whatever path
    saves a stale copy gets the Spanish ValidationError, and the row keeps the newer data."""
    mesa = mesa_regional()
    copia = Mesa.objects.get(pk=mesa.pk)
    mesa.objetivo = "Primero"
    mesa.save()

    copia.objetivo = "Segundo"
    with pytest.raises(ValidationError) as error, transaction.atomic():
        copia.save()

    assert error.value.messages == [MENSAJE_CONFLICTO]
    assert Mesa.objects.get(pk=mesa.pk).objetivo == "Primero"


def test_la_validacion_del_modelo_corre_antes_de_guardar():
    mesa = mesa_regional()

    with pytest.raises(ValidationError), transaction.atomic():
        actualizar_modelo(instancia=mesa, datos={"fecha_inicio": None}, version=mesa.version)

    assert Mesa.objects.get(pk=mesa.pk).fecha_inicio is not None


def test_exigir_niega_con_403_y_su_mensaje():
    exigir(True)

    with pytest.raises(PermissionDenied, match="Solo la OMIL"):
        exigir(False, "Solo la OMIL de Limache puede cambiarlo.")
