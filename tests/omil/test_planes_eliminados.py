import pytest
from django.urls import reverse

from nucleo.models import Rol
from omil.models import PlanComunal
from tests.factories import PlanComunalFactory, omil_de, usuario_con_rol

pytestmark = pytest.mark.django_db


def test_la_omil_elimina_su_borrador_y_sence_lo_restaura(client):
    omil = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))
    plan = PlanComunalFactory()
    client.force_login(omil)

    client.post(reverse("omil:plan_eliminar", args=[plan.pk]), REMOTE_ADDR="200.9.8.7")

    assert not PlanComunal.objects.exists()
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert "Planes eliminados (1)" in client.get(reverse("omil:plan_list")).content.decode()

    client.force_login(usuario_con_rol(Rol.ARTICULADOR))
    client.post(reverse("omil:plan_restaurar", args=[plan.pk]))

    assert list(PlanComunal.objects.all()) == [plan]
    eliminado = PlanComunal.history.filter(id=plan.pk, history_change_reason="Eliminado").get()
    assert (eliminado.history_user, eliminado.ip) == (omil, "200.9.8.7")


def test_un_plan_aprobado_no_se_elimina(client):
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802")))
    plan = PlanComunalFactory(estado=PlanComunal.Estado.APROBADO)

    respuesta = client.post(reverse("omil:plan_eliminar", args=[plan.pk]), follow=True)

    assert "Solo se puede eliminar un plan en borrador u observado" in respuesta.content.decode()
    assert PlanComunal.objects.filter(pk=plan.pk).exists()


def test_eliminar_permite_un_plan_nuevo_y_restaurar_no_duplica(client):
    omil = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))
    client.force_login(omil)
    viejo = PlanComunalFactory()
    client.post(reverse("omil:plan_eliminar", args=[viejo.pk]))
    PlanComunalFactory()

    respuesta = client.post(reverse("omil:plan_restaurar", args=[viejo.pk]), follow=True)

    assert "Ya hay otro plan 2026 de Limache" in respuesta.content.decode()
    assert PlanComunal.todos.get(pk=viejo.pk).eliminado_at is not None
