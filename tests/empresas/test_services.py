from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from empresas import services
from empresas.models import Empresa, InvitacionVisita, TipoNecesidad, VisitaEmpresa
from nucleo.models import Comuna, Rol
from nucleo.servicios import ConflictoDeEdicion
from tests.factories import (
    EmpresaFactory,
    InvitacionVisitaFactory,
    NecesidadFactory,
    VisitaEmpresaFactory,
    oficina,
    omil_de,
    rut_valido,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


def _datos_empresa(**cambios):
    return {
        "rut": "76.123.456-0",
        "razon_social": "Comercial Los Aromos SpA",
        "rubro": "comercio",
        "tamano": "pequena",
        "comuna": Comuna.objects.get(codigo="05802"),
        **cambios,
    }


def _en(dias: int, hora: int = 10):
    return (timezone.localtime() + timedelta(days=dias)).replace(
        hour=hora, minute=0, second=0, microsecond=0
    )


# --- Companies ----------------------------------------------------------------------------------
def test_empresa_se_crea_con_rut_normalizado_contactos_y_necesidades():
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)

    empresa = services.empresa_crear(
        datos=_datos_empresa(),
        contactos=[{"nombre": "Ana Rojas", "cargo": "RR.HH.", "email": "ana@aromos.cl"}],
        necesidades=[{"tipo": "vacantes", "ocupacion": "Cajero/a", "cantidad": 3}],
        por=ejecutivo,
    )

    assert empresa.rut == "76123456-0"
    assert empresa.rut_formateado == "76.123.456-0"
    assert [str(n) for n in empresa.necesidades.all()] == [
        "Vacantes por cubrir · Cajero/a · 3 puestos"
    ]
    assert empresa.contactos.get().nombre == "Ana Rojas"
    assert empresa.history.count() == 1


@pytest.mark.parametrize("rut", ["76123456-0", "76.123.456-0", "761234560"])
def test_rut_duplicado_en_cualquier_formato_se_rechaza(rut):
    EmpresaFactory(rut="76123456-0")

    with pytest.raises(ValidationError) as error:
        services.empresa_crear(datos=_datos_empresa(rut=rut), por=usuario_con_rol(Rol.EJECUTIVO))

    assert error.value.message_dict["rut"] == ["Ya existe una empresa con este RUT."]
    assert Empresa.objects.count() == 1


def test_rut_con_digito_equivocado_no_crea_nada():
    with pytest.raises(ValidationError) as error:
        services.empresa_crear(
            datos=_datos_empresa(rut="76.123.456-1"), por=usuario_con_rol(Rol.EJECUTIVO)
        )

    assert "dígito verificador" in error.value.message_dict["rut"][0]
    assert not Empresa.objects.exists()


def test_omil_no_registra_empresas_en_otra_comuna():
    omil = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))

    with pytest.raises(ValidationError) as error:
        services.empresa_crear(
            datos=_datos_empresa(comuna=Comuna.objects.get(codigo="05109")), por=omil
        )

    assert error.value.message_dict["comuna"] == ["No puedes registrar empresas en esa comuna."]
    assert not Empresa.objects.exists()


def test_segunda_edicion_concurrente_recibe_conflicto():
    empresa = EmpresaFactory()
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    services.empresa_actualizar(
        empresa=Empresa.objects.get(pk=empresa.pk),
        version=1,
        datos={"razon_social": "Primera SpA"},
        por=ejecutivo,
    )

    with pytest.raises(ConflictoDeEdicion):
        services.empresa_actualizar(
            empresa=Empresa.objects.get(pk=empresa.pk),
            version=1,
            datos={"razon_social": "Segunda SpA"},
            por=ejecutivo,
        )

    assert Empresa.objects.get(pk=empresa.pk).razon_social == "Primera SpA"


# --- Visits -------------------------------------------------------------------------------------
def test_planificar_visita_invita_y_envia_correo_con_enlaces_firmados(
    django_capture_on_commit_callbacks,
):
    empresa = EmpresaFactory(rut=rut_valido(76123456))
    NecesidadFactory(empresa=empresa, tipo=TipoNecesidad.DISCAPACIDAD)
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    senadis = oficina("senadis")
    representante = usuario_con_rol(Rol.REPRESENTANTE, senadis, email="andres@senadis.cl")

    with django_capture_on_commit_callbacks(execute=True):
        visita = services.visita_planificar(
            empresa=empresa,
            inicio=_en(5),
            objetivo="Contratación inclusiva",
            participantes=[ejecutivo],
            instituciones=[senadis],
            por=ejecutivo,
        )

    invitacion = visita.invitaciones.get()
    assert invitacion.estado == InvitacionVisita.Estado.PENDIENTE
    assert [m.to for m in mail.outbox] == [[representante.email]]
    cuerpo = mail.outbox[0].body
    assert empresa.razon_social in cuerpo
    assert f"/empresas/invitaciones/{invitacion.pk}/enlace/" in cuerpo
    assert "76.123.456-0" in cuerpo


def test_visita_en_el_pasado_se_rechaza_sin_crear_nada():
    empresa = EmpresaFactory()
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)

    with pytest.raises(ValidationError) as error:
        services.visita_planificar(
            empresa=empresa,
            inicio=timezone.now() - timedelta(hours=1),
            objetivo="x",
            participantes=[ejecutivo],
            instituciones=[],
            por=ejecutivo,
        )

    assert "ya pasaron" in error.value.message_dict["inicio"][0]
    assert not VisitaEmpresa.objects.exists()
    assert mail.outbox == []


def test_omil_planifica_en_su_comuna_pero_no_en_otra():
    omil = usuario_con_rol(Rol.GESTOR_TERRITORIAL, omil_de("05802"))
    propia = EmpresaFactory()
    ajena = EmpresaFactory(comuna=Comuna.objects.get(codigo="05109"))

    visita = services.visita_planificar(
        empresa=propia,
        inicio=_en(3),
        objetivo="x",
        participantes=[omil],
        instituciones=[],
        por=omil,
    )
    with pytest.raises(PermissionDenied):
        services.visita_planificar(
            empresa=ajena,
            inicio=_en(3),
            objetivo="x",
            participantes=[omil],
            instituciones=[],
            por=omil,
        )

    assert list(VisitaEmpresa.objects.all()) == [visita]


def test_no_se_invita_un_servicio_de_otra_region_ni_va_gente_de_otra_comuna():
    empresa = EmpresaFactory()
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    omil_vina = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05109"))

    with pytest.raises(ValidationError) as error:
        services.visita_planificar(
            empresa=empresa,
            inicio=_en(3),
            objetivo="x",
            participantes=[ejecutivo, omil_vina],
            instituciones=[oficina("senadis", "08")],
            por=ejecutivo,
        )

    assert set(error.value.message_dict) == {"participantes", "instituciones"}
    assert not VisitaEmpresa.objects.exists()


def test_cambiar_la_fecha_vuelve_todo_a_pendiente_y_reenvia(django_capture_on_commit_callbacks):
    invitacion = InvitacionVisitaFactory()
    usuario_con_rol(Rol.REPRESENTANTE, invitacion.institucion, email="rep@senadis.cl")
    visita = invitacion.visita
    services.invitacion_responder(
        invitacion=invitacion, estado="confirmada", por=None, por_enlace=True
    )
    ronda = visita.ronda

    with django_capture_on_commit_callbacks(execute=True):
        services.visita_actualizar(
            visita=visita,
            version=visita.version,
            inicio=visita.inicio + timedelta(days=1),
            objetivo=visita.objetivo,
            participantes=[visita.planificada_por],
            instituciones=[invitacion.institucion],
            por=visita.planificada_por,
        )

    invitacion.refresh_from_db()
    assert invitacion.estado == InvitacionVisita.Estado.PENDIENTE
    assert invitacion.respondido_at is None
    assert VisitaEmpresa.objects.get(pk=visita.pk).ronda == ronda + 1
    assert len(mail.outbox) == 1
    assert "cambió de fecha" in mail.outbox[0].body


def test_cambiar_solo_el_objetivo_mantiene_las_respuestas(django_capture_on_commit_callbacks):
    invitacion = InvitacionVisitaFactory()
    visita = invitacion.visita
    services.invitacion_responder(
        invitacion=invitacion, estado="confirmada", por=None, por_enlace=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.visita_actualizar(
            visita=visita,
            version=visita.version,
            inicio=visita.inicio,
            objetivo="Nuevo objetivo",
            participantes=[visita.planificada_por],
            instituciones=[invitacion.institucion],
            por=visita.planificada_por,
        )

    invitacion.refresh_from_db()
    assert invitacion.estado == InvitacionVisita.Estado.CONFIRMADA
    assert mail.outbox == []


def test_responder_una_visita_suspendida_se_rechaza():
    invitacion = InvitacionVisitaFactory()
    services.visita_suspender(
        visita=invitacion.visita,
        motivo="La empresa pidió postergar",
        por=invitacion.visita.planificada_por,
    )

    with pytest.raises(ValidationError) as error:
        services.invitacion_responder(
            invitacion=invitacion, estado="confirmada", por=None, por_enlace=True
        )

    assert error.value.messages == ["La visita está suspendida: ya no se puede responder."]
    invitacion.refresh_from_db()
    assert invitacion.estado == InvitacionVisita.Estado.PENDIENTE


def test_resultado_con_acuerdos_marca_la_visita_realizada():
    visita = VisitaEmpresaFactory(inicio=timezone.now() - timedelta(hours=2))
    senadis = oficina("senadis")

    services.visita_registrar_resultado(
        visita=visita,
        version=visita.version,
        vacantes_ofrecidas=5,
        personas_derivadas=8,
        capacitaciones_acordadas="Más Capaz de bodegaje para 20 personas",
        resultado="Buena recepción",
        acuerdos=[
            {
                "texto": "Asesorar ajustes razonables",
                "institucion": senadis,
                "fecha_limite": timezone.localdate() + timedelta(days=30),
                "estado": "pendiente",
            }
        ],
        por=visita.planificada_por,
    )

    visita.refresh_from_db()
    assert visita.estado == VisitaEmpresa.Estado.REALIZADA
    assert (visita.vacantes_ofrecidas, visita.personas_derivadas) == (5, 8)
    assert visita.acuerdos.get().institucion == senadis


def test_resultado_de_una_visita_futura_se_rechaza():
    visita = VisitaEmpresaFactory()

    with pytest.raises(ValidationError) as error:
        services.visita_registrar_resultado(
            visita=visita,
            version=visita.version,
            vacantes_ofrecidas=1,
            personas_derivadas=1,
            capacitaciones_acordadas="",
            resultado="",
            acuerdos=[],
            por=visita.planificada_por,
        )

    assert error.value.messages == [
        "La visita aún no ocurre: registra el resultado después de ella."
    ]
    assert VisitaEmpresa.objects.get(pk=visita.pk).estado == VisitaEmpresa.Estado.PLANIFICADA


def test_recordatorio_sale_una_sola_vez_a_quien_no_responde(django_capture_on_commit_callbacks):
    manana = InvitacionVisitaFactory(visita__inicio=timezone.now() + timedelta(hours=20))
    usuario_con_rol(Rol.REPRESENTANTE, manana.institucion, email="rep@senadis.cl")
    InvitacionVisitaFactory(visita__inicio=timezone.now() + timedelta(days=6))  # too far ahead
    respondida = InvitacionVisitaFactory(
        visita__inicio=timezone.now() + timedelta(hours=20), institucion=oficina("senda")
    )
    services.invitacion_responder(
        invitacion=respondida, estado="confirmada", por=None, por_enlace=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        primera = services.invitaciones_recordar()
    with django_capture_on_commit_callbacks(execute=True):
        segunda = services.invitaciones_recordar()

    assert (primera, segunda) == (1, 0)
    assert [m.subject for m in mail.outbox] == [
        f"[Mesas Intersectoriales] Recordatorio: Visita conjunta a {manana.visita.empresa}: "
        "¿asiste SENADIS?"
    ]
    assert "aún no responde" in mail.outbox[0].body
