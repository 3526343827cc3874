"""The communal authority (alcalde/sa or delegate): reads their comuna's mesa, plan, agreements
and visits, nothing of other comunas, writes nothing; is invited to the communal mesa's
sessions; and, when the comuna chooses it, approves the plan before the OMIL sends it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mesas.models import Asistencia, Integrante
from nucleo.models import Invitacion, Rol
from nucleo.personas import services as personas
from omil import services as planes
from omil.models import PlanComunal, TransicionPlan
from tests.factories import (
    AcuerdoFactory,
    EmpresaFactory,
    LineaAccionFactory,
    PlanComunalFactory,
    SesionFactory,
    VisitaEmpresaFactory,
    mesa_comunal,
    mesa_regional,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

LIMACHE, VINA = "05802", "05109"


@pytest.fixture
def alcalde():
    return usuario_con_rol(Rol.AUTORIDAD_COMUNAL, omil_de(LIMACHE))


@pytest.fixture
def comunas():
    """Limache and Viña del Mar, each with its mesa, a session, an agreement, a plan and a
    visit; the OMIL of Limache sits on the regional mesa."""
    datos = {}
    for codigo in (LIMACHE, VINA):
        mesa = mesa_comunal(codigo)
        sesion = SesionFactory(mesa=mesa)
        empresa = EmpresaFactory(comuna_id=codigo)
        datos[codigo] = {
            "mesa": mesa,
            "sesion": sesion,
            "acuerdo": AcuerdoFactory(sesion=sesion, institucion_responsable=omil_de(codigo)),
            "plan": PlanComunalFactory(comuna_id=codigo),
            "visita": VisitaEmpresaFactory(empresa=empresa),
        }
    regional = mesa_regional()
    Integrante.objects.create(mesa=regional, institucion=omil_de(LIMACHE))
    datos["regional"] = regional
    return datos


def test_lee_lo_de_su_comuna_y_nada_de_otra(client, alcalde, comunas):
    client.force_login(alcalde)
    propio, ajeno = comunas[LIMACHE], comunas[VINA]

    for datos, esperado in ((propio, 200), (ajeno, 404)):
        assert client.get(datos["mesa"].get_absolute_url()).status_code == esperado
        assert client.get(
            reverse("mesas:sesion_detail", args=[datos["sesion"].pk])
        ).status_code == (esperado)
        assert client.get(datos["plan"].get_absolute_url()).status_code == esperado
        assert client.get(datos["visita"].get_absolute_url()).status_code == esperado
    assert client.get(comunas["regional"].get_absolute_url()).status_code == 404
    acuerdos = client.get(reverse("mesas:acuerdo_list")).content.decode()
    assert propio["acuerdo"].texto in acuerdos and ajeno["acuerdo"].texto not in acuerdos
    visitas = client.get(reverse("empresas:visita_list")).content.decode()
    assert propio["visita"].empresa.razon_social in visitas
    assert ajeno["visita"].empresa.razon_social not in visitas
    inicio = client.get(reverse("nucleo:inicio")).content.decode()
    assert "Planes comunales" in inicio and "Visitas a empresas" in inicio


def test_no_escribe_nada(client, alcalde, comunas):
    client.force_login(alcalde)
    propio = comunas[LIMACHE]

    intentos = [
        reverse("mesas:mesa_update", args=[propio["mesa"].pk]),
        reverse("mesas:sesion_create", args=[propio["mesa"].pk]),
        reverse("mesas:acuerdo_cumplir", args=[propio["acuerdo"].pk]),
        reverse("omil:plan_edit", args=[propio["plan"].pk]),
        reverse("omil:plan_enviar", args=[propio["plan"].pk]),
        reverse("empresas:visita_update", args=[propio["visita"].pk]),
        reverse("nucleo:persona_list"),
    ]

    for url in intentos:
        assert client.post(url, {"estado": "cumplido", "texto": "x"}).status_code in (403, 404), url
    propio["acuerdo"].refresh_from_db()
    propio["plan"].refresh_from_db()
    assert propio["acuerdo"].estado == "pendiente"
    assert propio["plan"].estado == PlanComunal.Estado.BORRADOR


def test_al_aceptar_queda_invitada_a_las_sesiones_de_su_mesa_comunal(comunas):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    invitacion = personas.invitacion_crear(
        email="alcaldesa@limache.cl", institucion=omil_de(LIMACHE),
        rol=Rol.AUTORIDAD_COMUNAL, por=articuladora,
    )  # fmt: skip
    alcaldesa = usuario_con_rol(Rol.REPRESENTANTE, username="alcaldesa")
    alcaldesa.membresias.update(activa=False)

    personas.invitacion_aceptar(invitacion=invitacion, usuario=alcaldesa)
    nueva = SesionFactory(mesa=comunas[LIMACHE]["mesa"])

    integrante = Integrante.objects.get(persona=alcaldesa)
    assert integrante.mesa == comunas[LIMACHE]["mesa"]
    assert integrante.rol == Integrante.Rol.INVITADO
    assert Asistencia.objects.filter(persona=alcaldesa, sesion=comunas[LIMACHE]["sesion"]).exists()
    assert not Asistencia.objects.filter(persona=alcaldesa, sesion=comunas[VINA]["sesion"]).exists()
    assert Invitacion.objects.get().estado == Invitacion.Estado.ACEPTADA
    assert nueva.pk


def test_el_alcalde_responde_su_invitacion(client, alcalde, comunas):
    from mesas.services.autoridades import autoridades_integrar

    autoridades_integrar(comuna_id=LIMACHE)
    asistencia = Asistencia.objects.get(persona=alcalde)
    client.force_login(alcalde)

    client.post(
        reverse("mesas:asistencia_responder", args=[asistencia.pk]), {"respuesta": "confirmada"}
    )

    asistencia.refresh_from_db()
    assert asistencia.estado == Asistencia.Estado.CONFIRMADA


def _plan_completo():
    plan = PlanComunalFactory()
    LineaAccionFactory(plan=plan)
    return plan


def test_si_la_comuna_lo_pide_el_alcalde_aprueba_antes_del_envio(client, alcalde):
    omil = omil_de(LIMACHE)
    encargada = usuario_con_rol(Rol.ENCARGADO_OMIL, omil)
    plan = _plan_completo()
    client.force_login(encargada)
    client.post(reverse("nucleo:omil_ajustes", args=[omil.pk]), {"aprobacion_comunal": "on"})

    with pytest.raises(ValidationError, match="la autoridad comunal debe aprobar"):
        planes.plan_enviar(plan=plan, por=encargada)
    client.force_login(alcalde)
    pagina = client.get(plan.get_absolute_url()).content.decode()
    client.post(reverse("omil:plan_visar", args=[plan.pk]), {"comentario": "Conforme."})
    planes.plan_enviar(plan=PlanComunal.objects.get(pk=plan.pk), por=encargada)

    omil.refresh_from_db()
    assert omil.aprobacion_comunal
    assert omil.history.first().history_user == encargada
    assert "Aprobar el plan" in pagina
    visto = TransicionPlan.objects.get(plan=plan, hacia=PlanComunal.Estado.VISADO)
    assert visto.por == alcalde and visto.comentario == "Conforme." and visto.created_at
    plan.refresh_from_db()
    assert plan.estado == PlanComunal.Estado.ENVIADO


def test_sin_pedirlo_la_comuna_el_paso_no_existe(alcalde):
    encargada = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de(LIMACHE))
    plan = _plan_completo()

    with pytest.raises(ValidationError, match="no pide la aprobación"):
        planes.plan_visar(plan=plan, por=alcalde)
    planes.plan_enviar(plan=plan, por=encargada)

    plan.refresh_from_db()
    assert plan.estado == PlanComunal.Estado.ENVIADO


def test_el_alcalde_de_otra_comuna_no_aprueba(client):
    omil = omil_de(LIMACHE)
    omil.aprobacion_comunal = True
    omil.save()
    plan = _plan_completo()
    de_vina = usuario_con_rol(Rol.AUTORIDAD_COMUNAL, omil_de(VINA))

    with pytest.raises(PermissionDenied):
        planes.plan_visar(plan=plan, por=de_vina)
    client.force_login(de_vina)
    assert client.post(reverse("omil:plan_visar", args=[plan.pk])).status_code == 404
    plan.refresh_from_db()
    assert plan.estado == PlanComunal.Estado.BORRADOR


def test_solo_la_articulacion_o_la_encargada_cambian_los_ajustes_de_la_omil(client):
    gestor = usuario_con_rol(Rol.GESTOR_TERRITORIAL, omil_de(LIMACHE))
    otra = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de(VINA))
    url = reverse("nucleo:omil_ajustes", args=[omil_de(LIMACHE).pk])

    client.force_login(gestor)
    assert client.post(url, {"aprobacion_comunal": "on"}).status_code == 403
    client.force_login(otra)
    assert client.post(url, {"aprobacion_comunal": "on"}).status_code == 404
    assert not omil_de(LIMACHE).aprobacion_comunal


def test_al_desactivarla_deja_de_integrar_la_mesa_comunal(alcalde, comunas):
    from mesas.services.autoridades import autoridades_integrar

    autoridades_integrar(comuna_id=LIMACHE)
    articuladora = usuario_con_rol(Rol.ARTICULADOR)

    personas.membresia_desactivar(
        membresia=alcalde.membresias.get(), reemplazo=None, por=articuladora
    )

    integrante = Integrante.objects.get(persona=alcalde)
    assert not integrante.activo
    assert integrante.history.first().history_type == "~"
