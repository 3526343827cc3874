"""Overdue lines of action are said in words on every plan page, and the signed plan follows
the workflow: the page offers the upload only when the service accepts it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nucleo.models import Rol
from omil import services
from omil.models import LineaAccion, PlanComunal
from tests.factories import (
    LineaAccionFactory,
    PlanComunalFactory,
    omil_de,
    pdf_subido,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

Estado = PlanComunal.Estado
AYER = timezone.localdate() - timedelta(days=1)
MANANA = timezone.localdate() + timedelta(days=1)


@pytest.fixture
def omil_limache():
    return usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))


def _plan_con_una_atrasada(**kwargs) -> PlanComunal:
    plan = PlanComunalFactory(anio=AYER.year, **kwargs)
    LineaAccionFactory(plan=plan, actividad="Feria laboral inclusiva", plazo=AYER)
    LineaAccionFactory(plan=plan, actividad="Taller de apresto", plazo=MANANA)
    LineaAccionFactory(
        plan=plan,
        actividad="Derivaciones a EDLI",
        plazo=AYER,
        estado=LineaAccion.Estado.CUMPLIDA,
    )
    return plan


# --- Overdue lines ------------------------------------------------------------------------------


def test_el_plan_muestra_atrasada_con_texto_y_la_cuenta_en_su_avance(client, omil_limache):
    plan = _plan_con_una_atrasada(estado=Estado.APROBADO)
    client.force_login(omil_limache)

    contenido = client.get(plan.get_absolute_url()).content.decode()

    filas = {
        actividad: contenido.split(f">{actividad}</th>")[1].split("</tr>")[0]
        for actividad in ("Feria laboral inclusiva", "Taller de apresto", "Derivaciones a EDLI")
    }
    assert '<span class="badge text-bg-danger">Atrasada</span>' in filas["Feria laboral inclusiva"]
    assert "Pendiente, plazo vencido" in filas["Feria laboral inclusiva"]
    assert "Atrasada" not in filas["Taller de apresto"]
    assert "Atrasada" not in filas["Derivaciones a EDLI"]
    assert "Avance del plan: 3 líneas, 1 cumplida, <strong>1 atrasada</strong>" in contenido


def test_la_lista_de_planes_dice_cuantas_lineas_estan_atrasadas(client, omil_limache):
    _plan_con_una_atrasada()
    PlanComunalFactory(comuna_id="05109", anio=AYER.year)
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    contenido = client.get(reverse("omil:plan_list")).content.decode()

    fila_limache = contenido.split(">Limache</a>")[1].split("</tr>")[0]
    fila_vina = contenido.split(">Viña del Mar</a>")[1].split("</tr>")[0]
    assert '<span class="badge text-bg-danger">1 atrasada</span>' in fila_limache
    assert "Ninguna" in fila_vina


def test_la_comparacion_marca_la_linea_que_hoy_esta_atrasada(client, omil_limache):
    plan = PlanComunalFactory(anio=AYER.year)
    atrasada = LineaAccionFactory(plan=plan, actividad="Feria laboral", plazo=AYER)
    al_dia = LineaAccionFactory(plan=plan, actividad="Taller", plazo=MANANA)
    plan.lineas_snapshot = [
        {"id": linea.pk, "actividad": linea.actividad} for linea in (atrasada, al_dia)
    ]
    plan.save()
    a, b = plan.history.earliest("history_date"), plan.history.latest("history_date")
    client.force_login(omil_limache)

    contenido = client.get(
        reverse("omil:plan_comparar", args=[plan.pk]), {"a": a.history_id, "b": b.history_id}
    ).content.decode()

    feria = contenido.split("Agregada:</strong> Feria laboral")[1].split("</p>")[0]
    taller = contenido.split("Agregada:</strong> Taller")[1].split("</p>")[0]
    assert '<span class="badge text-bg-danger">Atrasada</span>' in feria
    assert "Atrasada" not in taller


def test_el_panel_de_inicio_de_la_omil_cuenta_las_atrasadas(client, omil_limache):
    if AYER.year != timezone.localdate().year:
        pytest.skip("on the first of January this year's plan has no overdue line yet")
    _plan_con_una_atrasada()
    client.force_login(omil_limache)

    contenido = client.get(reverse("nucleo:inicio")).content.decode()

    assert '<span class="badge text-bg-danger">1 atrasada</span>' in contenido


# --- The signed plan follows the workflow ----------------------------------------------------


@pytest.mark.parametrize("estado", [Estado.BORRADOR, Estado.ENVIADO, Estado.OBSERVADO])
def test_el_plan_firmado_no_se_carga_antes_de_la_aprobacion(omil_limache, estado):
    plan = PlanComunalFactory(estado=estado)

    with pytest.raises(ValidationError, match="cuando SENCE ha aprobado el plan"):
        services.plan_subir_documento(plan=plan, archivo=pdf_subido(), por=omil_limache)

    plan.refresh_from_db()
    assert (plan.documento.name, plan.version) == ("", 1)
    assert plan.history.count() == 1


def test_el_plan_aprobado_recibe_su_version_firmada(omil_limache):
    plan = PlanComunalFactory(estado=Estado.APROBADO)

    services.plan_subir_documento(plan=plan, archivo=pdf_subido("Plan.pdf"), por=omil_limache)

    plan.refresh_from_db()
    assert plan.documento_nombre == "Plan.pdf"


@pytest.mark.parametrize(
    ("estado", "ofrece"),
    [
        (Estado.BORRADOR, False),
        (Estado.ENVIADO, False),
        (Estado.OBSERVADO, False),
        (Estado.APROBADO, True),
    ],
)
def test_la_pagina_ofrece_cargar_el_plan_firmado_solo_si_el_servicio_lo_acepta(
    client, omil_limache, estado, ofrece
):
    plan = PlanComunalFactory(estado=estado, observaciones="Corregir metas")
    client.force_login(omil_limache)

    contenido = client.get(plan.get_absolute_url()).content.decode()

    assert (reverse("omil:plan_documento", args=[plan.pk]) in contenido) is ofrece
    assert ("El plan firmado se carga cuando SENCE aprueba el plan" in contenido) is not ofrece


def test_cargar_el_plan_firmado_de_un_plan_observado_desde_la_web_se_explica(client, omil_limache):
    plan = PlanComunalFactory(estado=Estado.OBSERVADO)
    client.force_login(omil_limache)

    respuesta = client.post(
        reverse("omil:plan_documento", args=[plan.pk]), {"archivo": pdf_subido()}, follow=True
    )

    assert "cuando SENCE ha aprobado el plan" in respuesta.content.decode()
    plan.refresh_from_db()
    assert not plan.documento


def test_la_pagina_del_plan_sigue_su_estado(client, omil_limache):
    observado = PlanComunalFactory(estado=Estado.OBSERVADO, observaciones="Corregir metas")
    enviado = PlanComunalFactory(comuna_id="05109", estado=Estado.ENVIADO)
    client.force_login(omil_limache)

    pagina = client.get(observado.get_absolute_url()).content.decode()
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))
    en_revision = client.get(enviado.get_absolute_url()).content.decode()

    assert "Observaciones de SENCE" in pagina and "Corregir metas" in pagina
    assert "Reenviar a SENCE" in pagina
    assert "El plan está en revisión de SENCE." in en_revision
