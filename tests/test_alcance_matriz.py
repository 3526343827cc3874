"""The scope matrix: every URL that takes an object, for GET and POST, as an OMIL user of another
comuna, a service that does not take part, and a user of another region. Each gets 404 (or 403
where the access table already excludes the role), and nothing in the database changes."""

from datetime import time, timedelta

import pytest
from django.apps import apps
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from empresas.models import ImportacionEmpresas, SolicitudVisita
from mesas.models import Serie
from nucleo.models import Invitacion, Programa, Rol, ServicioPublico
from nucleo.registro import FIRMADO, PUBLICO, tabla_de_accesos
from omil.models import FichaPrograma
from tests.factories import (
    AcuerdoFactory,
    AcuerdoVisitaFactory,
    AsistenciaFactory,
    ConvenioFactory,
    EmpresaFactory,
    EncuentroFactory,
    InformeFactory,
    InvitacionVisitaFactory,
    LineaAccionFactory,
    MinutaFactory,
    ParticipacionEncuentroFactory,
    PlanComunalFactory,
    PuntoTablaFactory,
    SesionFactory,
    VisitaEmpresaFactory,
    mesa_comunal,
    oficina,
    omil_de,
    usuario_con_rol,
)
from tests.test_accesos import nombres_de_url

pytestmark = pytest.mark.django_db

OTRA_COMUNA, SERVICIO_AJENO, OTRA_REGION = "omil de otra comuna", "servicio ajeno", "otra región"
# The mayor of another comuna (Viña del Mar): reads only their comuna, writes nothing.
AUTORIDAD_AJENA = "autoridad de otra comuna"
TODOS = (OTRA_COMUNA, SERVICIO_AJENO, OTRA_REGION, AUTORIDAD_AJENA)
APPS = ("nucleo", "omil", "convenios", "empresas", "mesas", "informes")


@pytest.fixture
def objetos():
    """Objects of comuna B (Limache) and region B (Valparaíso). SENDA sits on Limache's mesa;
    SENADIS is invited to the visit and is party to the convenio."""
    mesa = mesa_comunal("05802", miembros=("senda",))
    sesion = SesionFactory(mesa=mesa, estado="realizada")
    senadis = oficina("senadis")
    programa = Programa.objects.create(
        servicio=ServicioPublico.objects.get(codigo="senadis"), nombre="Programa regional"
    )
    FichaPrograma.objects.create(programa=programa, region_id="05")
    plan = PlanComunalFactory()
    empresa = EmpresaFactory()
    visita = VisitaEmpresaFactory(empresa=empresa)
    encuentro = EncuentroFactory()
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    gestor = usuario_con_rol(Rol.GESTOR_TERRITORIAL, omil_de("05802"))
    return {
        "gestor": gestor,
        "membresia": gestor.membresias.get(),
        "invitacion_persona": Invitacion.objects.create(
            email="nueva@limache.cl", institucion=omil_de("05802"), rol=Rol.GESTOR_TERRITORIAL,
            invitada_por=ejecutivo, expira_at=timezone.now() + timedelta(days=7),
        ),
        "mesa": mesa,
        "integrante": mesa.integrantes.first(),
        "serie": Serie.objects.create(
            mesa=mesa, regla="último jueves de cada mes", rrule="FREQ=MONTHLY;BYDAY=-1TH",
            hora=time(10), desde=sesion.inicio.date(), cantidad=3,
        ),
        "sesion": sesion,
        "punto": PuntoTablaFactory(sesion=sesion),
        "minuta": MinutaFactory(sesion=sesion),
        "minuta_eliminada": MinutaFactory(sesion=sesion, numero=2, eliminada_at=timezone.now()),
        "acuerdo": AcuerdoFactory(sesion=sesion),
        "asistencia": AsistenciaFactory(sesion=sesion, institucion=oficina("senda")),
        "plan": plan,
        "linea": LineaAccionFactory(plan=plan),
        "plan_eliminado": PlanComunalFactory(anio=2025, eliminado_at=timezone.now()),
        "programa": programa,
        "convenio": ConvenioFactory(instituciones=[senadis]),
        "empresa": empresa,
        "importacion": ImportacionEmpresas.objects.create(
            subida_por=ejecutivo, nombre_original="empresas.csv"
        ),
        "visita": visita,
        "invitacion": InvitacionVisitaFactory(visita=visita, institucion=senadis),
        "acuerdo_visita": AcuerdoVisitaFactory(visita=visita),
        "encuentro": encuentro,
        "participacion": ParticipacionEncuentroFactory(encuentro=encuentro, empresa=empresa),
        "informe": InformeFactory(),
        "solicitud": SolicitudVisita.objects.create(
            rut="76123456-0", razon_social="Viñedos del Valle", rubro="agricola",
            tamano="mediana", comuna_id="05802", necesidades=["vacantes"],
            contacto_nombre="Ana", contacto_email="ana@vinedos.cl",
        ),
    }  # fmt: skip


# URL name -> (kwargs from the objects, who must be refused)
MATRIZ = {
    "mesas:mesa_detail": (lambda o: {"pk": o["mesa"].pk}, TODOS),
    "mesas:mesa_update": (lambda o: {"pk": o["mesa"].pk}, TODOS),
    "mesas:mesa_asistencia": (lambda o: {"pk": o["mesa"].pk}, TODOS),
    "mesas:integrante_add": (lambda o: {"pk": o["mesa"].pk}, TODOS),
    "mesas:integrante_remove": (
        lambda o: {"pk": o["mesa"].pk, "integrante_pk": o["integrante"].pk}, TODOS),
    "mesas:sesion_create": (lambda o: {"pk": o["mesa"].pk}, TODOS),
    "mesas:serie_create": (lambda o: {"pk": o["mesa"].pk}, TODOS),
    "mesas:serie_preview": (lambda o: {"pk": o["mesa"].pk}, TODOS),
    "mesas:serie_detail": (lambda o: {"pk": o["serie"].pk}, TODOS),
    "mesas:serie_update": (lambda o: {"pk": o["serie"].pk}, TODOS),
    "mesas:serie_end": (lambda o: {"pk": o["serie"].pk}, TODOS),
    "mesas:sesion_detail": (lambda o: {"pk": o["sesion"].pk}, TODOS),
    "mesas:sesion_update": (lambda o: {"pk": o["sesion"].pk}, TODOS),
    "mesas:sesion_suspend": (lambda o: {"pk": o["sesion"].pk}, TODOS),
    "mesas:sesion_ics": (lambda o: {"pk": o["sesion"].pk}, TODOS),
    "mesas:sesion_asistencia": (lambda o: {"pk": o["sesion"].pk}, TODOS),
    "mesas:punto_add": (lambda o: {"pk": o["sesion"].pk}, TODOS),
    "mesas:punto_delete": (lambda o: {"pk": o["sesion"].pk, "punto_pk": o["punto"].pk}, TODOS),
    "mesas:punto_move": (lambda o: {"pk": o["sesion"].pk, "punto_pk": o["punto"].pk}, TODOS),
    "mesas:minuta_create": (lambda o: {"pk": o["sesion"].pk}, TODOS),
    "mesas:acuerdo_create": (lambda o: {"pk": o["sesion"].pk}, TODOS),
    "mesas:asistencia_responder": (lambda o: {"pk": o["asistencia"].pk}, TODOS),
    "mesas:minuta_download": (lambda o: {"pk": o["minuta"].pk}, TODOS),
    "mesas:minuta_pdf": (lambda o: {"pk": o["minuta"].pk}, TODOS),
    "mesas:minuta_eliminar": (lambda o: {"pk": o["minuta"].pk}, TODOS),
    "mesas:minuta_restaurar": (lambda o: {"pk": o["minuta_eliminada"].pk}, TODOS),
    "mesas:minuta_historial": (lambda o: {"pk": o["sesion"].pk}, TODOS),
    "mesas:acuerdo_cumplir": (lambda o: {"pk": o["acuerdo"].pk}, TODOS),
    "mesas:acuerdo_historial": (lambda o: {"pk": o["acuerdo"].pk}, TODOS),
    "omil:plan_detail": (lambda o: {"pk": o["plan"].pk}, TODOS),
    "omil:plan_edit": (lambda o: {"pk": o["plan"].pk}, TODOS),
    "omil:plan_enviar": (lambda o: {"pk": o["plan"].pk}, TODOS),
    "omil:plan_eliminar": (lambda o: {"pk": o["plan"].pk}, TODOS),
    "omil:plan_restaurar": (lambda o: {"pk": o["plan_eliminado"].pk}, TODOS),
    "omil:plan_observar": (lambda o: {"pk": o["plan"].pk}, TODOS),
    "omil:plan_aprobar": (lambda o: {"pk": o["plan"].pk}, TODOS),
    "omil:plan_documento": (lambda o: {"pk": o["plan"].pk}, TODOS),
    "omil:plan_descargar": (lambda o: {"pk": o["plan"].pk}, TODOS),
    "omil:plan_historial": (lambda o: {"pk": o["plan"].pk}, TODOS),
    "omil:plan_comparar": (lambda o: {"pk": o["plan"].pk}, TODOS),
    "omil:linea_avance": (lambda o: {"pk": o["linea"].pk}, TODOS),
    # A regional programme is public to the whole region: only another region is refused.
    "omil:programa_detail": (lambda o: {"pk": o["programa"].pk}, (OTRA_REGION,)),
    "omil:programa_edit": (lambda o: {"pk": o["programa"].pk}, TODOS),
    "convenios:convenio_detail": (lambda o: {"pk": o["convenio"].pk}, TODOS),
    "convenios:convenio_edit": (lambda o: {"pk": o["convenio"].pk}, TODOS),
    "convenios:convenio_descargar": (lambda o: {"pk": o["convenio"].pk}, TODOS),
    "convenios:convenio_historial": (lambda o: {"pk": o["convenio"].pk}, TODOS),
    "empresas:empresa_detail": (lambda o: {"pk": o["empresa"].pk}, TODOS),
    "empresas:empresa_update": (lambda o: {"pk": o["empresa"].pk}, TODOS),
    "empresas:importar_previa": (lambda o: {"pk": o["importacion"].pk}, TODOS),
    "empresas:visita_detail": (lambda o: {"pk": o["visita"].pk}, TODOS),
    "empresas:visita_update": (lambda o: {"pk": o["visita"].pk}, TODOS),
    "empresas:visita_historial": (lambda o: {"pk": o["visita"].pk}, TODOS),
    "empresas:visita_suspender": (lambda o: {"pk": o["visita"].pk}, TODOS),
    "empresas:visita_resultado": (lambda o: {"pk": o["visita"].pk}, TODOS),
    "empresas:acuerdo_cumplir": (lambda o: {"pk": o["acuerdo_visita"].pk}, TODOS),
    "empresas:invitacion_responder": (lambda o: {"pk": o["invitacion"].pk}, TODOS),
    "empresas:encuentro_detail": (lambda o: {"pk": o["encuentro"].pk}, TODOS),
    "empresas:encuentro_update": (lambda o: {"pk": o["encuentro"].pk}, TODOS),
    "empresas:encuentro_empresas": (lambda o: {"pk": o["encuentro"].pk}, TODOS),
    "empresas:participacion_estado": (lambda o: {"pk": o["participacion"].pk}, TODOS),
    "informes:informe_detail": (lambda o: {"pk": o["informe"].pk}, TODOS),
    "informes:informe_fila": (lambda o: {"pk": o["informe"].pk}, TODOS),
    "informes:informe_pdf": (lambda o: {"pk": o["informe"].pk}, TODOS),
    "informes:informe_excel": (lambda o: {"pk": o["informe"].pk}, TODOS),
    "nucleo:persona_detail": (lambda o: {"pk": o["gestor"].pk}, TODOS),
    "nucleo:membresia_rol": (lambda o: {"pk": o["membresia"].pk}, TODOS),
    "nucleo:membresia_desactivar": (lambda o: {"pk": o["membresia"].pk}, TODOS),
    "nucleo:invitacion_revocar": (lambda o: {"pk": o["invitacion_persona"].pk}, TODOS),
    "nucleo:omil_ajustes": (lambda o: {"pk": omil_de("05802").pk}, TODOS),
    "nucleo:institucion_edit": (lambda o: {"pk": omil_de("05802").pk}, TODOS),
    "omil:plan_visar": (lambda o: {"pk": o["plan"].pk}, TODOS),
    "empresas:solicitud_detail": (lambda o: {"pk": o["solicitud"].pk}, TODOS),
    "empresas:solicitud_descartar": (lambda o: {"pk": o["solicitud"].pk}, TODOS),
}  # fmt: skip


def urls_con_objeto() -> list[str]:
    tabla = tabla_de_accesos()
    return sorted(
        nombre
        for nombre, patron in nombres_de_url()
        if patron.pattern.regex.groupindex and tabla.get(nombre) not in (PUBLICO, FIRMADO)
    )


def test_cada_url_con_objeto_esta_en_la_matriz():
    faltan = [n for n in urls_con_objeto() if n not in MATRIZ]

    assert not faltan, f"Agregue estas URL a MATRIZ: {faltan}"


def filas() -> dict[str, int]:
    modelos = [m for a in APPS for m in apps.get_app_config(a).get_models()]
    return {m._meta.label: m._default_manager.aggregate(n=Count("pk"))["n"] for m in modelos}


@pytest.mark.parametrize("quien", TODOS)
def test_nadie_fuera_del_alcance_ve_ni_cambia_objetos_ajenos(client, objetos, quien):
    usuario = {
        OTRA_COMUNA: lambda: usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05109")),
        SERVICIO_AJENO: lambda: usuario_con_rol(Rol.REPRESENTANTE, oficina("seremi-economia")),
        OTRA_REGION: lambda: usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08")),
        AUTORIDAD_AJENA: lambda: usuario_con_rol(Rol.AUTORIDAD_COMUNAL, omil_de("05109")),
    }[quien]()
    client.force_login(usuario)
    antes = filas()
    fallas = []

    for nombre, (argumentos, rechazados) in MATRIZ.items():
        if quien not in rechazados:
            continue
        url = reverse(nombre, kwargs=argumentos(objetos))
        for metodo in ("get", "post"):
            respuesta = getattr(client, metodo)(url, {"texto": "x", "estado": "cumplido"})
            # 405: a POST-only URL refuses GET before looking anything up.
            permitidos = (403, 404, 405) if metodo == "get" else (403, 404)
            if respuesta.status_code not in permitidos:
                fallas.append(f"{metodo.upper()} {nombre} -> {respuesta.status_code}")

    assert not fallas, fallas
    assert filas() == antes
