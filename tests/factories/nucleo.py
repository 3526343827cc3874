import factory
from factory.django import DjangoModelFactory

from nucleo.models import Comuna, Institucion, Membresia, Region, Rol, ServicioPublico, Usuario

__all__ = [
    "CLAVE",
    "InstitucionFactory",
    "MembresiaFactory",
    "OmilFactory",
    "UsuarioFactory",
    "oficina",
    "omil_de",
    "usuario_con_rol",
]

CLAVE = "clave-de-prueba-123"


class UsuarioFactory(DjangoModelFactory):
    class Meta:
        model = Usuario
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"persona{n}")
    first_name = factory.Faker("first_name", locale="es_CL")
    last_name = factory.Faker("last_name", locale="es_CL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@ejemplo.cl")
    password = factory.PostGenerationMethodCall("set_password", CLAVE)

    @factory.post_generation
    def _guardar(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class InstitucionFactory(DjangoModelFactory):
    """A service's regional office; SENCE Valparaíso unless told otherwise."""

    class Meta:
        model = Institucion
        django_get_or_create = ["tipo", "servicio", "region"]

    tipo = Institucion.Tipo.REGIONAL
    servicio = factory.LazyFunction(lambda: ServicioPublico.objects.get(codigo="sence"))
    region = factory.LazyFunction(lambda: Region.objects.get(codigo="05"))
    nombre = factory.LazyAttribute(lambda o: f"{o.servicio.sigla} {o.region.nombre_corto}")


class OmilFactory(DjangoModelFactory):
    class Meta:
        model = Institucion
        django_get_or_create = ["tipo", "comuna"]

    tipo = Institucion.Tipo.OMIL
    comuna = factory.LazyFunction(lambda: Comuna.objects.get(codigo="05802"))
    region = factory.LazyAttribute(lambda o: o.comuna.region)
    nombre = factory.LazyAttribute(lambda o: f"OMIL {o.comuna.nombre}")


class MembresiaFactory(DjangoModelFactory):
    class Meta:
        model = Membresia

    usuario = factory.SubFactory(UsuarioFactory)
    institucion = factory.SubFactory(InstitucionFactory)
    rol = Rol.ARTICULADOR


def oficina(servicio: str = "sence", region: str = "05") -> Institucion:
    return InstitucionFactory(
        servicio=ServicioPublico.objects.get(codigo=servicio),
        region=Region.objects.get(codigo=region),
    )


def omil_de(comuna: str = "05802") -> Institucion:
    return OmilFactory(comuna=Comuna.objects.get(codigo=comuna))


def usuario_con_rol(rol: str, institucion: Institucion | None = None, **campos) -> Usuario:
    """A user with one active membership. By default: SENCE Valparaíso, OMIL Limache, or the
    SENADIS Valparaíso office, as the role requires."""
    if institucion is None:
        if rol in {Rol.ENCARGADO_OMIL, Rol.GESTOR_TERRITORIAL}:
            institucion = omil_de()
        elif rol == Rol.REPRESENTANTE:
            institucion = oficina("senadis")
        else:
            institucion = oficina()
    usuario = UsuarioFactory(**campos)
    MembresiaFactory(usuario=usuario, institucion=institucion, rol=rol)
    return usuario
