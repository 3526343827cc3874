import pytest
from django.urls import reverse

from nucleo.models import Rol
from omil.models import PlanComunal
from tests.factories import (
    LineaAccionFactory,
    PlanComunalFactory,
    oficina,
    omil_de,
    pdf_subido,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def omil_limache():
    return usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))


@pytest.fixture
def omil_vina():
    return usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05109"))


def _datos_formulario(plan, filas: list[dict], version: int | None = None) -> dict:
    datos = {
        "version": version or plan.version,
        "poblaciones_foco": ["discapacidad"],
        "diagnostico": "Diagnóstico actualizado",
        "lineas-TOTAL_FORMS": len(filas),
        "lineas-INITIAL_FORMS": sum(1 for f in filas if f.get("id")),
        "lineas-MIN_NUM_FORMS": 0,
        "lineas-MAX_NUM_FORMS": 1000,
    }
    for i, fila in enumerate(filas):
        for clave, valor in fila.items():
            datos[f"lineas-{i}-{clave}"] = valor
    return datos


def _fila(actividad: str, **extra) -> dict:
    return {
        "actividad": actividad,
        "meta_numero": 10,
        "meta_unidad": "personas",
        "plazo": "2026-08-31",
        "estado": "pendiente",
        **extra,
    }


@pytest.mark.parametrize(
    "url",
    [
        "omil:plan_detail",
        "omil:plan_edit",
        "omil:plan_historial",
        "omil:plan_descargar",
    ],
)
def test_omil_de_otra_comuna_recibe_404_en_paginas_del_plan(client, omil_vina, url):
    plan = PlanComunalFactory()
    client.force_login(omil_vina)

    respuesta = client.get(reverse(url, args=[plan.pk]))

    assert respuesta.status_code == 404


@pytest.mark.parametrize("url", ["omil:plan_edit", "omil:plan_enviar", "omil:plan_documento"])
def test_omil_de_otra_comuna_recibe_404_al_enviar_formularios(client, omil_vina, url):
    plan = PlanComunalFactory()
    LineaAccionFactory(plan=plan)
    client.force_login(omil_vina)

    respuesta = client.post(
        reverse(url, args=[plan.pk]), _datos_formulario(plan, [_fila("Intrusa")])
    )

    assert respuesta.status_code == 404
    plan.refresh_from_db()
    assert plan.estado == "borrador"
    assert plan.version == 1
    assert plan.diagnostico != "Diagnóstico actualizado"


def test_omil_no_puede_usar_la_url_de_aprobar(client, omil_limache):
    plan = PlanComunalFactory(estado="enviado")
    client.force_login(omil_limache)

    respuesta = client.post(reverse("omil:plan_aprobar", args=[plan.pk]))

    assert respuesta.status_code == 403
    plan.refresh_from_db()
    assert plan.estado == "enviado"


def test_editar_plan_agrega_dos_lineas_en_un_formulario(client, omil_limache):
    plan = PlanComunalFactory()
    senda = oficina("senda")
    client.force_login(omil_limache)

    respuesta = client.post(
        reverse("omil:plan_edit", args=[plan.pk]),
        _datos_formulario(plan, [_fila("Taller", servicios=[senda.pk]), _fila("Feria")]),
    )

    assert respuesta.status_code == 302
    assert list(plan.lineas.values_list("actividad", flat=True)) == ["Taller", "Feria"]
    assert plan.lineas.first().servicios.get() == senda


def test_edicion_concurrente_muestra_mensaje_y_conserva_lo_escrito(client, omil_limache):
    plan = PlanComunalFactory()
    client.force_login(omil_limache)
    client.post(
        reverse("omil:plan_edit", args=[plan.pk]), _datos_formulario(plan, [_fila("Primera")])
    )

    respuesta = client.post(
        reverse("omil:plan_edit", args=[plan.pk]),
        _datos_formulario(plan, [_fila("Mi línea que no quiero perder")], version=1),
    )

    contenido = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Otra persona guardó cambios en este registro" in contenido
    assert "Mi línea que no quiero perder" in contenido
    assert list(plan.lineas.values_list("actividad", flat=True)) == ["Primera"]


def test_crear_plan_para_otra_comuna_se_rechaza(client, omil_limache):
    client.force_login(omil_limache)

    respuesta = client.post(reverse("omil:plan_create"), {"comuna": "05109", "anio": 2026})

    assert respuesta.status_code == 200
    assert "Solo puedes crear el plan de la comuna de tu OMIL" in respuesta.content.decode()
    assert not PlanComunal.objects.exists()


def test_crear_plan_duplicado_muestra_mensaje(client, omil_limache):
    PlanComunalFactory(anio=2026)
    client.force_login(omil_limache)

    respuesta = client.post(reverse("omil:plan_create"), {"comuna": "05802", "anio": 2026})

    assert "Ya existe un plan comunal de Limache para 2026" in respuesta.content.decode()
    assert PlanComunal.objects.count() == 1


def test_aprobar_borrador_desde_la_web_muestra_mensaje(client):
    plan = PlanComunalFactory()
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    respuesta = client.post(reverse("omil:plan_aprobar", args=[plan.pk]), follow=True)

    assert "No se puede aprobar un plan en borrador" in respuesta.content.decode()
    plan.refresh_from_db()
    assert plan.estado == "borrador"


def test_plan_firmado_se_descarga_con_su_nombre(client, omil_limache):
    plan = PlanComunalFactory(estado="aprobado")
    client.force_login(omil_limache)
    client.post(reverse("omil:plan_documento", args=[plan.pk]), {"archivo": pdf_subido()})

    respuesta = client.get(reverse("omil:plan_descargar", args=[plan.pk]))

    assert respuesta.status_code == 200
    assert 'filename="plan firmado.pdf"' in respuesta["Content-Disposition"]
    assert b"".join(respuesta.streaming_content).startswith(b"%PDF-")


def test_detalle_muestra_avance_de_cada_linea(client, omil_limache):
    plan = PlanComunalFactory(estado="aprobado")
    LineaAccionFactory(plan=plan, actividad="Derivaciones a EDLI", meta_numero=40, avance=10)
    client.force_login(usuario_con_rol(Rol.DIRECTOR))

    contenido = client.get(reverse("omil:plan_detail", args=[plan.pk])).content.decode()

    assert 'value="25"' in contenido
    assert "10 de 40 personas (25 %)" in contenido


def test_representante_ve_el_plan_en_que_participa_su_servicio(client):
    senadis = oficina("senadis")
    con_senadis = LineaAccionFactory()
    con_senadis.servicios.add(senadis)
    otro = PlanComunalFactory(comuna_id="05109")
    client.force_login(usuario_con_rol(Rol.REPRESENTANTE, senadis))

    visible = client.get(reverse("omil:plan_detail", args=[con_senadis.plan.pk]))
    oculto = client.get(reverse("omil:plan_detail", args=[otro.pk]))

    assert visible.status_code == 200
    assert oculto.status_code == 404


def test_comparar_dos_versiones_en_la_web(client, omil_limache):
    plan = PlanComunalFactory(diagnostico="Original")
    client.force_login(omil_limache)
    client.post(reverse("omil:plan_edit", args=[plan.pk]), _datos_formulario(plan, [_fila("A")]))
    a, b = plan.history.order_by("history_date")

    respuesta = client.get(
        reverse("omil:plan_comparar", args=[plan.pk]), {"a": a.history_id, "b": b.history_id}
    )

    contenido = respuesta.content.decode()
    assert "Cambios entre la versión 1 y la versión 2" in contenido
    assert "Diagnóstico actualizado" in contenido
    assert "Agregada:</strong> A" in contenido


def test_lista_avisa_a_la_omil_sin_plan_del_anio_y_pagina_de_a_25(client, omil_limache):
    from django.utils import timezone

    este_anio = timezone.localdate().year
    client.force_login(omil_limache)
    sin_plan = client.get(reverse("omil:plan_list")).content.decode()
    for anio in range(este_anio - 26, este_anio + 1):
        PlanComunalFactory(anio=anio)
    con_planes = client.get(reverse("omil:plan_list")).content.decode()
    segunda = client.get(reverse("omil:plan_list"), {"pagina": 2}).content.decode()

    assert f"Limache aún no tiene plan comunal {este_anio}" in sin_plan
    assert "aún no tiene plan comunal" not in con_planes
    assert "27 planes; del 1 al 25" in con_planes and "27 planes; del 26 al 27" in segunda
    assert f">{este_anio}</td>" in con_planes and f">{este_anio - 26}</td>" in segunda
