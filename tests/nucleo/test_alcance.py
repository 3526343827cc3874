import pytest
from django.core.exceptions import ValidationError

from nucleo.alcance import alcance_de
from nucleo.models import Comuna, Institucion, Membresia, Rol
from tests.factories import MembresiaFactory, UsuarioFactory, oficina, omil_de, usuario_con_rol

pytestmark = pytest.mark.django_db


def test_articulador_ve_toda_su_region_y_ninguna_otra():
    usuario = usuario_con_rol(Rol.ARTICULADOR)

    alcance = alcance_de(usuario)

    assert alcance.regiones_sence() == {"05"}
    assert alcance.es_sence("05")
    assert not alcance.es_sence("08")
    assert alcance.comunas_omil() == set()
    comunas = Comuna.objects.filter(alcance.filtro_territorio("region", "codigo"))
    assert comunas.count() == 38


def test_omil_ve_solo_su_comuna():
    usuario = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))

    alcance = alcance_de(usuario)

    assert alcance.comunas_omil() == {"05802"}
    assert alcance.regiones_sence() == set()
    assert alcance.regiones() == {"05"}
    comunas = Comuna.objects.filter(alcance.filtro_territorio("region", "codigo"))
    assert list(comunas.values_list("codigo", flat=True)) == ["05802"]


def test_representante_ve_su_servicio_y_no_el_territorio():
    senadis = oficina("senadis")
    usuario = usuario_con_rol(Rol.REPRESENTANTE, senadis)

    alcance = alcance_de(usuario)

    assert alcance.instituciones_servicio() == {senadis.pk}
    assert alcance.es_representante()
    assert not Comuna.objects.filter(alcance.filtro_territorio("region", "codigo")).exists()


def test_usuario_sin_membresia_no_ve_nada():
    alcance = alcance_de(UsuarioFactory())

    assert alcance.vacio
    assert not Comuna.objects.filter(alcance.filtro_territorio("region", "codigo")).exists()


def test_membresia_inactiva_no_da_alcance():
    usuario = usuario_con_rol(Rol.ARTICULADOR)
    Membresia.objects.filter(usuario=usuario).update(activa=False)

    assert alcance_de(usuario).vacio


def test_usuario_desactivado_no_tiene_alcance():
    usuario = usuario_con_rol(Rol.DIRECTOR)
    usuario.is_active = False

    assert alcance_de(usuario).vacio


def test_roles_en_dos_regiones_suman_alcance():
    usuario = usuario_con_rol(Rol.ARTICULADOR)
    MembresiaFactory(usuario=usuario, institucion=oficina("sence", "08"), rol=Rol.DIRECTOR)

    alcance = alcance_de(usuario)

    assert alcance.regiones_sence() == {"05", "08"}
    assert alcance.regiones_sence(Rol.DIRECTOR) == {"08"}


def test_el_alcance_se_calcula_con_una_consulta(django_assert_num_queries):
    usuario = usuario_con_rol(Rol.ARTICULADOR)

    with django_assert_num_queries(1):
        alcance_de(usuario)
        alcance_de(usuario)


@pytest.mark.parametrize(
    ("rol", "institucion", "mensaje"),
    [
        (Rol.ARTICULADOR, lambda: omil_de(), "dirección regional de SENCE"),
        (Rol.ENCARGADO_OMIL, lambda: oficina(), "OMIL"),
        (Rol.REPRESENTANTE, lambda: oficina("sence"), "distintos de SENCE"),
        (Rol.DIRECTOR, lambda: oficina("senda"), "dirección regional de SENCE"),
    ],
)
def test_rol_incompatible_con_la_institucion_se_rechaza(rol, institucion, mensaje):
    membresia = Membresia(usuario=UsuarioFactory(), institucion=institucion(), rol=rol)

    with pytest.raises(ValidationError, match=mensaje):
        membresia.full_clean()


def test_omil_con_comuna_de_otra_region_se_rechaza():
    institucion = Institucion(
        tipo=Institucion.Tipo.OMIL,
        nombre="OMIL equivocada",
        region_id="08",
        comuna_id="05802",
    )

    with pytest.raises(ValidationError, match="no pertenece a la región"):
        institucion.full_clean()


def test_una_sola_omil_por_comuna():
    omil_de("05802")
    duplicada = Institucion(
        tipo=Institucion.Tipo.OMIL, nombre="Otra", region_id="05", comuna_id="05802"
    )

    with pytest.raises(ValidationError):
        duplicada.full_clean()
