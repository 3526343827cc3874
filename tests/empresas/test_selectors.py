from datetime import timedelta

import pytest
from django.utils import timezone

from empresas import selectors
from empresas.models import InvitacionVisita, TipoNecesidad
from nucleo.models import Comuna, Rol
from tests.factories import (
    EmpresaFactory,
    EncuentroFactory,
    InvitacionVisitaFactory,
    VisitaEmpresaFactory,
    oficina,
    omil_de,
    rut_valido,
    usuario_con_rol,
)


# --- Suggestion rules (pure) --------------------------------------------------------------------
def _servicios(tipos):
    return [s.servicio for s in selectors.servicios_sugeridos(tipos)]


def test_sin_necesidades_solo_va_sence():
    assert _servicios([]) == ["sence"]


@pytest.mark.parametrize(
    ("necesidad", "servicio"),
    [
        (TipoNecesidad.DISCAPACIDAD, "senadis"),
        (TipoNecesidad.MUJERES, "sernameg"),
        (TipoNecesidad.SEGUNDAS_OPORTUNIDADES, "senda"),
        (TipoNecesidad.APOYO_TECNICO, "seremi-economia"),
    ],
)
def test_cada_necesidad_sugiere_su_servicio_y_sence_siempre(necesidad, servicio):
    assert _servicios([necesidad]) == ["sence", servicio]


def test_capacitacion_sugiere_mas_capaz_de_sence():
    sugerencias = selectors.servicios_sugeridos([TipoNecesidad.CAPACITACION])

    assert [(s.servicio, s.programa) for s in sugerencias] == [("sence", "Más Capaz")]


def test_varias_necesidades_sugieren_cada_servicio_una_vez_en_orden():
    tipos = [
        TipoNecesidad.SEGUNDAS_OPORTUNIDADES,
        TipoNecesidad.VACANTES,
        TipoNecesidad.MUJERES,
        TipoNecesidad.DISCAPACIDAD,
        TipoNecesidad.DISCAPACIDAD,
    ]

    assert _servicios(tipos) == ["sence", "senadis", "sernameg", "senda"]


def test_vacantes_o_jovenes_no_agregan_servicios():
    assert _servicios([TipoNecesidad.VACANTES, TipoNecesidad.JOVENES]) == ["sence"]


# --- Scope --------------------------------------------------------------------------------------


@pytest.fixture
def empresas():
    return {
        "limache": EmpresaFactory(comuna=Comuna.objects.get(codigo="05802")),
        "vina": EmpresaFactory(comuna=Comuna.objects.get(codigo="05109")),
        "concepcion": EmpresaFactory(comuna=Comuna.objects.get(codigo="08101")),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("quien", "ve"),
    [
        ("sence", {"limache", "vina"}),
        ("omil_limache", {"limache"}),
        ("senadis_sin_invitacion", set()),
        ("sence_biobio", {"concepcion"}),
    ],
)
def test_cada_rol_ve_las_empresas_de_su_territorio(empresas, quien, ve):
    usuario = {
        "sence": lambda: usuario_con_rol(Rol.DIRECTOR),
        "omil_limache": lambda: usuario_con_rol(Rol.GESTOR_TERRITORIAL, omil_de("05802")),
        "senadis_sin_invitacion": lambda: usuario_con_rol(Rol.REPRESENTANTE),
        "sence_biobio": lambda: usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08")),
    }[quien]()

    visibles = set(selectors.empresas_visibles(usuario))

    assert visibles == {empresas[n] for n in ve}


@pytest.mark.django_db
def test_representante_ve_la_visita_y_empresa_a_la_que_su_servicio_fue_invitado(empresas):
    senadis = usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"))
    sernameg = usuario_con_rol(Rol.REPRESENTANTE, oficina("sernameg"))
    invitacion = InvitacionVisitaFactory(visita__empresa=empresas["vina"])
    VisitaEmpresaFactory(empresa=empresas["limache"])

    assert list(selectors.visitas_visibles(senadis)) == [invitacion.visita]
    assert list(selectors.empresas_visibles(senadis)) == [empresas["vina"]]
    assert list(selectors.visitas_visibles(sernameg)) == []
    assert list(selectors.empresas_visibles(sernameg)) == []


@pytest.mark.django_db
def test_omil_ve_las_visitas_de_su_comuna_y_no_las_de_otra(empresas):
    omil = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))
    propia = VisitaEmpresaFactory(empresa=empresas["limache"])
    VisitaEmpresaFactory(empresa=empresas["vina"])

    assert list(selectors.visitas_visibles(omil)) == [propia]
    assert list(selectors.empresas_editables(omil)) == [empresas["limache"]]


@pytest.mark.django_db
def test_director_ve_pero_no_edita(empresas):
    director = usuario_con_rol(Rol.DIRECTOR)

    assert selectors.empresas_visibles(director).count() == 2
    assert selectors.empresas_editables(director).count() == 0


# --- Search -------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    "texto", ["76.123.456-0", "76123456-0", "761234560", "76.123.456", "76123", "aromos", "AROMOS"]
)
def test_busqueda_por_rut_en_cualquier_formato_o_por_nombre(texto):
    buscada = EmpresaFactory(rut=rut_valido(76123456), razon_social="Comercial Los Aromos SpA")
    EmpresaFactory(rut=rut_valido(77000111), razon_social="Otra Empresa Ltda.")
    director = usuario_con_rol(Rol.DIRECTOR)

    encontradas = list(selectors.filtrar_por_texto(selectors.empresas_visibles(director), texto))

    assert encontradas == [buscada]


# --- Calendar -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_calendario_muestra_la_visita_a_quien_participa_y_no_a_otros():
    from empresas.calendario import eventos_de_empresas
    from nucleo.alcance import alcance_de

    invitacion = InvitacionVisitaFactory()
    visita = invitacion.visita
    planificador = visita.planificada_por
    senadis = usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"))
    otro_ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    desde, hasta = timezone.now(), timezone.now() + timedelta(days=30)

    def uids(usuario):
        return [e.uid for e in eventos_de_empresas(usuario, alcance_de(usuario), desde, hasta)]

    assert uids(planificador) == [f"visita-{visita.pk}@mesas"]
    assert uids(senadis) == [f"visita-{visita.pk}@mesas"]
    assert uids(otro_ejecutivo) == []
    evento = eventos_de_empresas(senadis, alcance_de(senadis), desde, hasta)[0]
    assert evento.tipo == "visita"
    assert evento.fin - evento.inicio == timedelta(minutes=90)
    assert evento.url == f"/empresas/visitas/{visita.pk}/"
    InvitacionVisita.objects.filter(pk=invitacion.pk).update(estado="rechazada")
    assert uids(senadis) == []  # declined: out of the service's calendar


@pytest.mark.django_db
def test_calendario_incluye_encuentros_de_la_region():
    from empresas.calendario import eventos_de_empresas
    from nucleo.alcance import alcance_de

    encuentro = EncuentroFactory()
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    desde, hasta = timezone.now(), timezone.now() + timedelta(days=60)

    eventos = eventos_de_empresas(articuladora, alcance_de(articuladora), desde, hasta)

    assert [(e.uid, e.tipo) for e in eventos] == [(f"encuentro-{encuentro.pk}@mesas", "encuentro")]
