from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from nucleo.models import Comuna, Programa, Rol
from nucleo.servicios import ConflictoDeEdicion
from omil import services
from omil.models import PlanComunal, TransicionPlan
from omil.services import DatosLinea
from tests.factories import (
    LineaAccionFactory,
    PlanComunalFactory,
    oficina,
    omil_de,
    pdf_subido,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

Estado = PlanComunal.Estado


@pytest.fixture
def omil_limache():
    return usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), email="omil@limache.cl")


@pytest.fixture
def articuladora():
    return usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "05"), email="paula@sence.cl")


def _linea(**campos) -> DatosLinea:
    datos = {
        "actividad": "Feria laboral inclusiva",
        "meta_numero": 30,
        "meta_unidad": "personas con discapacidad derivadas",
        "plazo": date(2026, 9, 30),
    }
    datos.update(campos)
    return DatosLinea(**datos)


def _plan_listo(omil_limache) -> PlanComunal:
    plan = PlanComunalFactory()
    LineaAccionFactory(plan=plan)
    return plan


def test_omil_crea_el_plan_de_su_comuna(omil_limache):
    plan = services.plan_crear(comuna=Comuna.objects.get(pk="05802"), anio=2026, por=omil_limache)

    assert plan.estado == Estado.BORRADOR
    assert plan.creado_por == omil_limache
    assert plan.history.count() == 1


def test_omil_no_crea_plan_de_otra_comuna(omil_limache):
    with pytest.raises(PermissionDenied) as error:
        services.plan_crear(comuna=Comuna.objects.get(pk="05109"), anio=2026, por=omil_limache)

    assert "Solo la OMIL de Viña del Mar" in str(error.value)
    assert not PlanComunal.objects.exists()


def test_segundo_plan_de_la_misma_comuna_y_anio_se_rechaza(omil_limache):
    PlanComunalFactory(anio=2026)

    with pytest.raises(ValidationError) as error:
        services.plan_crear(comuna=Comuna.objects.get(pk="05802"), anio=2026, por=omil_limache)

    assert "Ya existe un plan comunal de Limache para 2026" in str(error.value)
    assert PlanComunal.objects.count() == 1


def test_guardar_plan_con_lineas_crea_una_version_con_foto_de_lineas(omil_limache):
    plan = PlanComunalFactory()
    senda = oficina("senda")
    programa = Programa.objects.get(nombre="Previene")

    services.plan_guardar(
        plan=plan,
        version=1,
        poblaciones_foco=["discapacidad", "consumo_drogas"],
        diagnostico="Nuevo diagnóstico",
        lineas=[_linea(servicios=[senda], programa=programa), _linea(actividad="Taller")],
        por=omil_limache,
    )

    plan.refresh_from_db()
    assert plan.version == 2
    assert [linea.actividad for linea in plan.lineas.all()] == ["Feria laboral inclusiva", "Taller"]
    assert plan.lineas.first().servicios.get() == senda
    ultima = plan.history.latest()
    assert ultima.history_user == omil_limache
    assert [f["actividad"] for f in ultima.lineas_snapshot] == ["Feria laboral inclusiva", "Taller"]
    assert ultima.lineas_snapshot[0]["servicios"] == "SENDA"
    assert ultima.lineas_snapshot[0]["meta"] == "30 personas con discapacidad derivadas"


def test_segundo_guardado_concurrente_se_rechaza_sin_perder_el_primero(omil_limache):
    plan = PlanComunalFactory()
    services.plan_guardar(
        plan=PlanComunal.objects.get(pk=plan.pk),
        version=1,
        poblaciones_foco=["mujeres"],
        diagnostico="Versión de Carolina",
        lineas=[_linea()],
        por=omil_limache,
    )

    with pytest.raises(ConflictoDeEdicion):
        services.plan_guardar(
            plan=PlanComunal.objects.get(pk=plan.pk),
            version=1,
            poblaciones_foco=["jovenes"],
            diagnostico="Versión de otra persona",
            lineas=[_linea(actividad="Otra"), _linea(actividad="Más")],
            por=omil_limache,
        )

    plan.refresh_from_db()
    assert plan.diagnostico == "Versión de Carolina"
    assert plan.version == 2
    assert list(plan.lineas.values_list("actividad", flat=True)) == ["Feria laboral inclusiva"]


def test_linea_con_plazo_fuera_del_anio_o_servicio_de_otra_region_se_rechaza(omil_limache):
    plan = PlanComunalFactory()

    with pytest.raises(ValidationError) as error:
        services.plan_guardar(
            plan=plan,
            version=1,
            poblaciones_foco=[],
            diagnostico="x",
            lineas=[_linea(plazo=date(2027, 1, 5), servicios=[oficina("senda", "08")])],
            por=omil_limache,
        )

    assert error.value.messages == [
        "Línea 1: hay un servicio que no es de la región del plan.",
        "Línea 1: el plazo debe estar dentro de 2026.",
    ]
    assert not plan.lineas.exists()


def test_flujo_completo_enviar_observar_reenviar_aprobar(omil_limache, articuladora):
    plan = _plan_listo(omil_limache)

    services.plan_enviar(plan=plan, por=omil_limache)
    services.plan_observar(plan=plan, por=articuladora, observaciones="Falta la meta de SENDA.")
    services.plan_enviar(plan=plan, por=omil_limache, comentario="Corregido")
    services.plan_aprobar(plan=plan, por=articuladora)

    plan.refresh_from_db()
    assert plan.estado == Estado.APROBADO
    assert plan.observaciones == "Falta la meta de SENDA."
    pasos = list(TransicionPlan.objects.values_list("desde", "hacia", "por__username"))
    assert pasos == [
        ("borrador", "enviado", omil_limache.username),
        ("enviado", "observado", articuladora.username),
        ("observado", "enviado", omil_limache.username),
        ("enviado", "aprobado", articuladora.username),
    ]
    assert plan.history.count() == 5  # creation + 4 transitions


def test_cada_transicion_avisa_por_correo_al_otro_lado(
    omil_limache, articuladora, django_capture_on_commit_callbacks
):
    plan = _plan_listo(omil_limache)

    with django_capture_on_commit_callbacks(execute=True):
        services.plan_enviar(plan=plan, por=omil_limache)
        services.plan_observar(plan=plan, por=articuladora, observaciones="Revisar plazos.")

    assert [m.to for m in mail.outbox] == [["paula@sence.cl"], ["omil@limache.cl"]]
    assert "Limache 2026 enviado para revisión" in mail.outbox[0].subject
    assert "Revisar plazos." in mail.outbox[1].body
    assert "observado por SENCE" in mail.outbox[1].subject


def test_aprobar_un_borrador_se_rechaza_sin_cambios(omil_limache, articuladora):
    plan = _plan_listo(omil_limache)

    with pytest.raises(ValidationError) as error:
        services.plan_aprobar(plan=plan, por=articuladora)

    assert error.value.messages == [
        "No se puede aprobar un plan en borrador: la OMIL debe enviarlo primero."
    ]
    plan.refresh_from_db()
    assert plan.estado == Estado.BORRADOR
    assert not TransicionPlan.objects.exists()
    assert mail.outbox == []


def test_omil_no_aprueba_su_propio_plan(omil_limache):
    plan = _plan_listo(omil_limache)
    services.plan_enviar(plan=plan, por=omil_limache)

    with pytest.raises(PermissionDenied) as error:
        services.plan_aprobar(plan=plan, por=omil_limache)

    assert "Una OMIL no puede aprobar ni observar su propio plan" in str(error.value)
    plan.refresh_from_db()
    assert plan.estado == Estado.ENVIADO


def test_sence_no_envia_el_plan_y_otra_omil_tampoco(articuladora):
    plan = _plan_listo(None)
    otra = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05109"))

    for usuario in (articuladora, otra):
        with pytest.raises(PermissionDenied):
            services.plan_enviar(plan=plan, por=usuario)

    plan.refresh_from_db()
    assert plan.estado == Estado.BORRADOR


def test_articuladora_de_otra_region_no_aprueba(omil_limache):
    plan = _plan_listo(omil_limache)
    services.plan_enviar(plan=plan, por=omil_limache)
    biobio = usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08"))

    with pytest.raises(PermissionDenied):
        services.plan_aprobar(plan=plan, por=biobio)

    plan.refresh_from_db()
    assert plan.estado == Estado.ENVIADO


def test_ejecutivo_de_sence_no_revisa_planes(omil_limache):
    plan = _plan_listo(omil_limache)
    services.plan_enviar(plan=plan, por=omil_limache)
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO, oficina("sence", "05"))

    with pytest.raises(PermissionDenied):
        services.plan_observar(plan=plan, por=ejecutivo, observaciones="x")


def test_plan_incompleto_no_se_envia(omil_limache):
    plan = PlanComunalFactory(diagnostico="", poblaciones_foco=[])

    with pytest.raises(ValidationError) as error:
        services.plan_enviar(plan=plan, por=omil_limache)

    assert error.value.messages == [
        "Para enviar el plan completa el diagnóstico y al menos una población foco y al menos "
        "una línea de acción."
    ]


def test_observar_sin_texto_se_rechaza(omil_limache, articuladora):
    plan = _plan_listo(omil_limache)
    services.plan_enviar(plan=plan, por=omil_limache)

    with pytest.raises(ValidationError):
        services.plan_observar(plan=plan, por=articuladora, observaciones="  ")

    plan.refresh_from_db()
    assert plan.estado == Estado.ENVIADO


def test_plan_enviado_no_se_edita(omil_limache):
    plan = _plan_listo(omil_limache)
    services.plan_enviar(plan=plan, por=omil_limache)
    plan.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        services.plan_guardar(
            plan=plan,
            version=plan.version,
            poblaciones_foco=[],
            diagnostico="cambio",
            lineas=[],
            por=omil_limache,
        )

    assert "no se puede editar" in error.value.messages[0]


def test_comparar_versiones_muestra_campos_y_lineas(omil_limache):
    plan = PlanComunalFactory(diagnostico="Antes")
    services.plan_guardar(
        plan=plan,
        version=1,
        poblaciones_foco=["discapacidad"],
        diagnostico="Antes",
        lineas=[_linea(actividad="Taller A"), _linea(actividad="Taller B")],
        por=omil_limache,
    )
    plan.refresh_from_db()
    a, b = plan.lineas.all()
    services.plan_guardar(
        plan=plan,
        version=2,
        poblaciones_foco=["discapacidad", "mujeres"],
        diagnostico="Después",
        lineas=[
            _linea(id=a.pk, actividad="Taller A", meta_numero=45),
            _linea(id=b.pk, actividad="Taller B", eliminar=True),
            _linea(actividad="Taller C"),
        ],
        por=omil_limache,
    )
    from omil.selectors import comparar_versiones

    v2, v3 = plan.history.order_by("history_date")[1:3]
    comparacion = comparar_versiones(v2, v3)

    assert [(c.campo, c.antes, c.despues) for c in comparacion.campos] == [
        (
            "Poblaciones foco",
            "Personas con discapacidad",
            "Personas con discapacidad, Mujeres (jefas de hogar)",
        ),
        ("Diagnóstico", "Antes", "Después"),
    ]
    resumen = [
        (x.tipo, x.actividad, [(c.campo, c.antes, c.despues) for c in x.cambios])
        for x in comparacion.lineas
    ]
    assert resumen == [
        (
            "modificada",
            "Taller A",
            [
                (
                    "Meta",
                    "30 personas con discapacidad derivadas",
                    "45 personas con discapacidad derivadas",
                )
            ],
        ),
        ("agregada", "Taller C", []),
        ("eliminada", "Taller B", []),
    ]


def test_subir_plan_firmado_pdf(omil_limache):
    plan = PlanComunalFactory(estado=Estado.APROBADO)  # the signed copy of the approved plan

    services.plan_subir_documento(
        plan=plan, archivo=pdf_subido("Plan Limache.pdf"), por=omil_limache
    )

    plan.refresh_from_db()
    assert plan.documento_nombre == "Plan Limache.pdf"
    assert plan.documento.name.startswith("planes/")
    assert plan.documento.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("archivo", "mensaje"),
    [
        (SimpleUploadedFile("plan.docx", b"PK\x03\x04x"), "Tipo de archivo no permitido"),
        (SimpleUploadedFile("plan.pdf", b"<html>no</html>"), "no es un PDF"),
        (SimpleUploadedFile("plan.pdf", b""), "vacío"),
    ],
)
def test_subida_mala_se_rechaza_sin_cambios(omil_limache, archivo, mensaje):
    plan = PlanComunalFactory(estado=Estado.APROBADO)

    with pytest.raises(ValidationError) as error:
        services.plan_subir_documento(plan=plan, archivo=archivo, por=omil_limache)

    assert mensaje in error.value.messages[0]
    plan.refresh_from_db()
    assert not plan.documento
    assert plan.version == 1


def test_avance_se_registra_solo_en_plan_aprobado(omil_limache, articuladora):
    plan = _plan_listo(omil_limache)
    linea = plan.lineas.get()

    with pytest.raises(ValidationError):
        services.linea_registrar_avance(linea=linea, valor=5, estado="en_curso", por=omil_limache)
    services.plan_enviar(plan=plan, por=omil_limache)
    services.plan_aprobar(plan=plan, por=articuladora)
    services.linea_registrar_avance(
        linea=linea, valor=5, estado="en_curso", por=omil_limache, comentario="Primer taller"
    )
    services.linea_registrar_avance(linea=linea, valor=12, estado="en_curso", por=omil_limache)

    linea.refresh_from_db()
    assert linea.avance == 12
    assert linea.porcentaje == 60
    assert list(linea.avances.values_list("valor", flat=True)) == [12, 5]
