"""Each version of a minute is one whole document: an uploaded file or a written text."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from mesas import selectors, services
from mesas.models import Minuta, PuntoTabla
from mesas.reglas import ZONA
from nucleo.models import Rol
from tests.factories import (
    AcuerdoFactory,
    AsistenciaFactory,
    MinutaFactory,
    SesionFactory,
    mesa_comunal,
    mesa_regional,
    omil_de,
    usuario_con_rol,
)
from tests.mesas import archivos

pytestmark = pytest.mark.django_db


@pytest.fixture
def omil_limache():
    return usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), username="carolina")


@pytest.fixture
def sesion():
    return SesionFactory(
        mesa=mesa_comunal("05802"),
        inicio=timezone.now() - timedelta(days=1),
        estado="realizada",
    )


# --- The service and the model -----------------------------------------------------------------


def test_una_version_con_archivo_y_texto_se_rechaza_y_no_guarda_nada(sesion, omil_limache):
    with pytest.raises(ValidationError, match="un archivo o un texto escrito, no ambos"):
        services.minuta_subir(sesion=sesion, archivo=archivos.odt(), texto="Acta", por=omil_limache)

    assert not Minuta.todas.exists()


def test_reemplazar_un_texto_por_un_archivo_no_hereda_el_texto(sesion, omil_limache):
    services.minuta_subir(sesion=sesion, texto="Acta escrita", por=omil_limache)

    v2 = services.minuta_subir(sesion=sesion, archivo=archivos.odt(), por=omil_limache)

    v2.refresh_from_db()
    assert (v2.numero, v2.formato, v2.texto) == (2, Minuta.Formato.ODT, "")
    assert v2.get_formato_display() == "Archivo ODT"
    v1 = Minuta.objects.get(sesion=sesion, numero=1)
    assert (v1.formato, v1.texto) == (Minuta.Formato.TEXTO, "Acta escrita")


@pytest.mark.parametrize(
    ("fabrica", "formato"),
    [(archivos.pdf, "pdf"), (archivos.odt, "odt")],
)
def test_el_formato_de_un_archivo_sale_del_archivo(sesion, omil_limache, fabrica, formato):
    minuta = services.minuta_subir(sesion=sesion, archivo=fabrica(), por=omil_limache)

    assert Minuta.objects.get(pk=minuta.pk).formato == formato


def test_el_modelo_no_valida_una_version_con_ambos_documentos():
    minuta = MinutaFactory.build(
        sesion=SesionFactory(), texto="Acta", formato=Minuta.Formato.PDF, archivo="minutas/a.pdf"
    )

    with pytest.raises(ValidationError, match="no ambos"):
        minuta.full_clean()


@pytest.mark.parametrize(
    "campos",
    [
        {"texto": "Acta", "formato": "pdf", "archivo": "minutas/a.pdf"},  # both
        {"texto": "", "formato": "texto", "archivo": ""},  # neither
        {"texto": "Acta", "formato": "odt", "archivo": ""},  # a text that says it is a file
        {"texto": "", "formato": "texto", "archivo": "minutas/a.pdf"},  # a file said to be text
    ],
    ids=["ambos", "ninguno", "texto-como-archivo", "archivo-como-texto"],
)
def test_la_base_de_datos_rechaza_una_version_que_no_es_un_solo_documento(campos):
    sesion = SesionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Minuta.objects.create(sesion=sesion, numero=1, **campos)


# --- The pages ---------------------------------------------------------------------------------


def test_reemplazar_con_archivo_desde_la_web_no_ofrece_el_pdf_del_texto_anterior(
    client, sesion, omil_limache
):
    services.minuta_subir(sesion=sesion, texto="Texto de la versión 1", por=omil_limache)
    client.force_login(omil_limache)
    formulario = client.get(reverse("mesas:minuta_create", args=[sesion.pk])).content.decode()
    assert "Texto de la versión 1" in formulario  # a written version is offered to correct

    client.post(
        reverse("mesas:minuta_create", args=[sesion.pk]),
        {"tipo": "archivo", "archivo": archivos.odt(), "texto": "Texto de la versión 1"},
    )

    v2 = Minuta.objects.get(sesion=sesion, numero=2)
    assert (v2.formato, v2.texto) == ("odt", "")
    pagina = client.get(sesion.get_absolute_url()).content.decode()
    vigente = pagina.split('id="minuta"')[1].split("Versiones anteriores")[0]
    assert 'id="minuta-tipo">Archivo ODT<' in vigente
    assert "Descargar minuta.odt" in vigente
    assert "Descargar PDF de la minuta" not in vigente
    assert "Ver texto de la minuta" not in vigente
    assert "Versión 1 (Texto escrito)" in pagina
    assert client.get(reverse("mesas:minuta_pdf", args=[v2.pk])).status_code == 404


def test_escribir_la_minuta_con_un_archivo_adjunto_se_explica_y_no_guarda(
    client, sesion, omil_limache
):
    client.force_login(omil_limache)

    respuesta = client.post(
        reverse("mesas:minuta_create", args=[sesion.pk]),
        {"tipo": "texto", "archivo": archivos.pdf(), "texto": "Acta"},
    )

    assert respuesta.status_code == 200
    assert "Eligió escribir la minuta: quite el archivo" in respuesta.content.decode()
    assert not Minuta.objects.exists()


def test_elegir_archivo_sin_adjuntarlo_se_explica(client, sesion, omil_limache):
    client.force_login(omil_limache)

    respuesta = client.post(
        reverse("mesas:minuta_create", args=[sesion.pk]), {"tipo": "archivo", "texto": "Acta"}
    )

    assert "Elija el archivo de la minuta." in respuesta.content.decode()
    assert not Minuta.objects.exists()


def test_despues_de_un_archivo_el_formulario_propone_el_borrador(client, sesion, omil_limache):
    services.minuta_subir(sesion=sesion, archivo=archivos.pdf(), por=omil_limache)
    client.force_login(omil_limache)

    formulario = client.get(reverse("mesas:minuta_create", args=[sesion.pk])).content.decode()

    assert "MINUTA — " in formulario


def test_un_archivo_sin_elegir_tipo_deja_fuera_el_texto_propuesto(client, sesion, omil_limache):
    # The case: v1 written, then an ODT uploaded over the pre-filled v1 text.
    services.minuta_subir(sesion=sesion, texto="Texto de la versión 1", por=omil_limache)
    client.force_login(omil_limache)

    client.post(
        reverse("mesas:minuta_create", args=[sesion.pk]),
        {"archivo": archivos.odt(), "texto": "Texto de la versión 1"},
    )

    v2 = Minuta.objects.get(sesion=sesion, numero=2)
    assert (v2.formato, v2.texto) == ("odt", "")


def test_un_archivo_y_un_texto_propio_sin_elegir_tipo_se_pregunta(client, sesion, omil_limache):
    client.force_login(omil_limache)

    respuesta = client.post(
        reverse("mesas:minuta_create", args=[sesion.pk]),
        {"archivo": archivos.odt(), "texto": "Un acta escrita a mano aquí"},
    )

    assert "elija cuál de los dos es esta versión" in respuesta.content.decode()
    assert not Minuta.objects.exists()


def test_la_mesa_y_el_historial_dicen_el_tipo_de_cada_version(client, sesion, omil_limache):
    services.minuta_subir(sesion=sesion, texto="Acta", por=omil_limache)
    services.minuta_subir(sesion=sesion, archivo=archivos.odt(), por=omil_limache)
    client.force_login(omil_limache)

    mesa = client.get(sesion.mesa.get_absolute_url()).content.decode()
    historial = client.get(reverse("mesas:minuta_historial", args=[sesion.pk])).content.decode()

    assert "Sí (v2, Archivo ODT)" in mesa
    assert "Versión 2 de la minuta (Archivo ODT)" in historial
    assert "Versión 1 de la minuta (Texto escrito)" in historial


# --- The draft ---------------------------------------------------------------------------------


def test_el_borrador_de_la_minuta_sale_de_su_plantilla_con_los_datos_de_la_sesion():
    mesa = mesa_regional()
    inicio = datetime(2026, 3, 26, 10, 0, tzinfo=ZONA)
    anterior = SesionFactory(mesa=mesa, inicio=inicio - timedelta(days=28), estado="realizada")
    AcuerdoFactory(sesion=anterior, texto="Enviar oferta de cursos", fecha_limite=date(2026, 4, 10))
    sesion = SesionFactory(
        mesa=mesa, inicio=inicio, estado="realizada", lugar="Sala 1", titulo="", tipo="ordinaria"
    )
    AsistenciaFactory(sesion=sesion, estado="asistio")
    PuntoTabla.objects.create(sesion=sesion, orden=1, titulo="Oferta programática <2026>")
    acuerdo = AcuerdoFactory(
        sesion=sesion, texto="Compartir nómina & vacantes", fecha_limite=date(2026, 4, 30)
    )
    asistio = sesion.asistencias.get().institucion

    texto = selectors.texto_inicial_minuta(sesion)

    assert texto == "\n".join(
        [
            f"MINUTA — {mesa.nombre}",
            "Sesión ordinaria mensual del 26-03-2026, de 10:00 a 12:00",
            "Lugar: Sala 1",
            "",
            "ASISTENCIA",
            "Asistieron:",
            f"- {asistio}",
            "",
            "TABLA",
            "1. Oferta programática <2026>",
            "",
            "SEGUIMIENTO DE ACUERDOS ANTERIORES",
            f"- Enviar oferta de cursos — {anterior.acuerdos.get().institucion_responsable}"
            " — plazo 10-04-2026 (pendiente)",
            "",
            "DESARROLLO",
            "(Resuma aquí lo conversado en cada tema.)",
            "",
            "ACUERDOS",
            f"1. Compartir nómina & vacantes — Responsable: {acuerdo.institucion_responsable}"
            " — Plazo: 30-04-2026",
        ]
    )


# --- Existing rows -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_la_migracion_deja_el_archivo_como_documento_y_guarda_el_texto_en_el_historial(
    datos_referencia,
):
    sesion_id = SesionFactory().pk
    executor = MigrationExecutor(connection)
    antes = [("mesas", "0005_minuta_formato")]
    executor.migrate(antes)
    apps = executor.loader.project_state(antes).apps
    MinutaVieja = apps.get_model("mesas", "Minuta")
    sesion = apps.get_model("mesas", "Sesion").objects.get(pk=sesion_id)
    ambas = MinutaVieja.objects.create(
        sesion=sesion,
        numero=1,
        texto="Texto de la v1",
        archivo="minutas/x.odt",
        nombre_original="Acta.odt",
    )
    solo_texto = MinutaVieja.objects.create(sesion=sesion, numero=2, texto="Texto")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    migrada = Minuta.todas.get(pk=ambas.pk)
    assert (migrada.formato, migrada.texto, migrada.archivo.name) == ("odt", "", "minutas/x.odt")
    assert Minuta.todas.get(pk=solo_texto.pk).formato == "texto"
    ultimo = migrada.history.first()
    assert ultimo.history_change_reason.startswith("Texto retirado")
    assert ultimo.texto == ""
    assert ultimo.prev_record.texto == "Texto de la v1"  # the text stays in the history

    executor = MigrationExecutor(connection)
    executor.migrate(antes)
    apps = executor.loader.project_state(antes).apps
    assert apps.get_model("mesas", "Minuta").objects.get(pk=ambas.pk).texto == "Texto de la v1"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


# --- Who may add a version, and when ------------------------------------------------------------


@pytest.mark.parametrize(
    ("dias", "estado", "ofrece"),
    [(-1, "realizada", True), (-1, "suspendida", False), (3, "programada", False)],
    ids=["pasada", "suspendida", "futura"],
)
def test_la_sesion_ofrece_subir_minuta_solo_cuando_el_servicio_la_acepta(
    client, omil_limache, dias, estado, ofrece
):
    sesion = SesionFactory(
        mesa=mesa_comunal("05802"), inicio=timezone.now() + timedelta(days=dias), estado=estado
    )
    client.force_login(omil_limache)

    pagina = client.get(sesion.get_absolute_url()).content.decode()

    assert (reverse("mesas:minuta_create", args=[sesion.pk]) in pagina) is ofrece
    if not ofrece:
        with pytest.raises(ValidationError, match=r"suspendida|después de la sesión"):
            services.minuta_subir(sesion=sesion, texto="Acta", por=omil_limache)
        assert not Minuta.todas.exists()
