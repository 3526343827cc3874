import io

import pytest
from django.core.management import CommandError, call_command

from mesas.models import Mesa
from nucleo.models import Institucion, Membresia, Rol, Usuario

pytestmark = pytest.mark.django_db


def sembrar(**opciones) -> str:
    salida = io.StringIO()
    call_command("seed_demo", stdout=salida, **opciones)
    return salida.getvalue()


def test_se_niega_con_debug_desactivado(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG está desactivado"):
        sembrar()

    assert not Usuario.objects.exists()


def test_crea_los_usuarios_del_diseno_con_sus_roles():
    sembrar(force=True)

    roles = dict(Membresia.objects.values_list("usuario__username", "rol"))
    assert roles == {
        "articuladora": Rol.ARTICULADOR,
        "director": Rol.DIRECTOR,
        "ejecutivo": Rol.EJECUTIVO,
        "omil.limache": Rol.ENCARGADO_OMIL,
        "omil.vina": Rol.ENCARGADO_OMIL,
        "senda": Rol.REPRESENTANTE,
        "senadis": Rol.REPRESENTANTE,
        "sernameg": Rol.REPRESENTANTE,
        "seremi": Rol.REPRESENTANTE,
        "articuladora.biobio": Rol.ARTICULADOR,
    }
    assert Usuario.objects.get(username="admin").is_superuser
    assert Usuario.objects.get(username="omil.vina").check_password("mesas-demo")
    assert Membresia.objects.get(usuario__username="omil.limache").institucion.comuna.nombre == (
        "Limache"
    )
    assert Institucion.objects.filter(region_id="05", tipo=Institucion.Tipo.OMIL).count() == 38


def test_es_idempotente():
    sembrar(force=True)
    antes = Usuario.objects.count(), Institucion.objects.count()

    salida = sembrar(force=True)

    assert "ya están cargados" in salida
    assert (Usuario.objects.count(), Institucion.objects.count()) == antes


def test_nacional_cubre_las_16_regiones_y_346_comunas():
    sembrar(force=True, national=True, years=2)

    assert Institucion.objects.filter(tipo=Institucion.Tipo.OMIL).count() == 346
    assert (
        Institucion.objects.filter(servicio__codigo="sence").values("region").distinct().count()
        == 16
    )
    assert Membresia.objects.filter(rol=Rol.ENCARGADO_OMIL).count() == 346 + 2
    assert Usuario.objects.filter(username="articuladora").exists()
    # The demo OMIL users' comunas always have their communal mesa (make bench's pages).
    assert set(
        Mesa.objects.filter(tipo=Mesa.Tipo.COMUNAL, comuna_id__in=["05802", "05109"]).values_list(
            "comuna_id", flat=True
        )
    ) == {"05802", "05109"}


@pytest.mark.django_db(transaction=True)
def test_nacional_es_determinista(datos_referencia):
    from django.apps import apps as django_apps

    from nucleo.territorio import cargar_datos_referencia

    sembrar(force=True, national=True)
    primera = list(Usuario.objects.order_by("username").values_list("username", "last_name"))
    call_command("flush", interactive=False, verbosity=0)
    cargar_datos_referencia(django_apps)

    sembrar(force=True, national=True)

    assert list(Usuario.objects.order_by("username").values_list("username", "last_name")) == (
        primera
    )
