import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from informes import services
from informes.models import Informe
from nucleo.models import Region, Rol
from tests.factories import InformeFactory, oficina, usuario_con_rol

pytestmark = pytest.mark.django_db
HOY = date(2026, 11, 25)


@pytest.fixture
def valparaiso():
    return Region.objects.get(codigo="05")


@pytest.fixture
def director(valparaiso):
    return usuario_con_rol(Rol.DIRECTOR)


def solicitar(region, por, periodo="2026-10", tipo="mensual"):
    return services.informe_solicitar(tipo=tipo, region=region, periodo=periodo, por=por, hoy=HOY)


def test_solicitar_crea_y_genera_el_informe_en_proceso(
    valparaiso, director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        informe, nuevo = solicitar(valparaiso, director)

    informe.refresh_from_db()
    assert nuevo
    assert informe.estado == Informe.Estado.LISTO
    assert informe.progreso == 100
    assert informe.solicitado_por == director
    assert informe.pdf.name.endswith("informe-mensual-05-2026-10-v1.pdf")
    assert len(informe.sha256) == 64
    assert set(informe.tiempos) == {"cifras", "html", "pdf", "excel"}


def test_el_pdf_se_lee_en_castellano_con_metadatos(
    valparaiso, director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        informe, _ = solicitar(valparaiso, director, periodo="2026-S1", tipo="semestral")
    informe.refresh_from_db()

    lector = PdfReader(informe.pdf.open("rb"))
    texto = "\n".join(p.extract_text() for p in lector.pages)

    assert lector.metadata.title.startswith("Evaluación semestral de las Mesas Intersectoriales")
    assert lector.trailer["/Root"]["/Lang"] == "es-CL"
    assert "/StructTreeRoot" in lector.trailer["/Root"]
    assert "primer semestre de 2026" in texto
    assert f"Página {len(lector.pages)} de {len(lector.pages)}" in texto
    assert informe.sha256 in texto.replace("\n", "")
    assert "Dirección Regional SENCE Valparaíso" in texto


def test_el_excel_tiene_las_mismas_cifras(valparaiso, director, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        informe, _ = solicitar(valparaiso, director)
    informe.refresh_from_db()

    libro = load_workbook(io.BytesIO(informe.excel.open("rb").read()))

    assert libro["Informe"]["B5"].value == informe.sha256
    assert libro.sheetnames == [
        "Informe",
        "1 Mesa Intersectorial Regional",
        "2 Mesas comunales",
        "3 Planes comunales 2026",
        "4 Red de Empleadores visitas co",
        "5 Convenios",
    ]
    convenios = [[c.value for c in fila] for fila in libro["5 Convenios"].iter_rows()]
    pdf = PdfReader(informe.pdf.open("rb"))
    texto = " ".join(p.extract_text() for p in pdf.pages)
    for seccion in informe.datos["secciones"]:
        for indicador in seccion["indicadores"]:
            assert str(indicador["valor"]) in texto
    assert ["Convenios vigentes", 0] in [f[:2] for f in convenios]


def test_periodo_futuro_se_rechaza_sin_crear_nada(valparaiso, director):
    with pytest.raises(ValidationError, match="aún no comienza"):
        solicitar(valparaiso, director, periodo="2026-12")

    assert not Informe.objects.exists()


def test_periodo_mal_escrito_se_rechaza(valparaiso, director):
    with pytest.raises(ValidationError, match="AAAA-MM"):
        solicitar(valparaiso, director, periodo="octubre")

    assert not Informe.objects.exists()


def test_region_fuera_del_alcance_se_rechaza(director):
    with pytest.raises(PermissionDenied, match="No puedes"):
        solicitar(Region.objects.get(codigo="08"), director)

    assert not Informe.objects.exists()


def test_omil_no_puede_solicitar(valparaiso):
    with pytest.raises(PermissionDenied):
        solicitar(valparaiso, usuario_con_rol(Rol.ENCARGADO_OMIL))


def test_segunda_solicitud_mientras_se_genera_se_une(valparaiso, director):
    primero, _ = solicitar(valparaiso, director)  # on_commit never runs: still pending

    segundo, nuevo = solicitar(valparaiso, usuario_con_rol(Rol.ARTICULADOR))

    assert not nuevo
    assert segundo == primero
    assert Informe.objects.count() == 1


def test_regenerar_crea_version_nueva_y_conserva_la_anterior(
    valparaiso, director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        v1, _ = solicitar(valparaiso, director)
    with django_capture_on_commit_callbacks(execute=True):
        v2, nuevo = solicitar(valparaiso, director)

    v1.refresh_from_db()
    v2.refresh_from_db()
    assert nuevo
    assert (v1.version, v2.version) == (1, 2)
    assert v1.estado == v2.estado == Informe.Estado.LISTO
    assert v1.pdf.name != v2.pdf.name
    assert v1.pdf.storage.exists(v1.pdf.name)


def test_generar_dos_veces_deja_un_archivo_y_un_estado(valparaiso):
    informe = InformeFactory(region=valparaiso)

    services.informe_generar(informe_id=informe.pk, hoy=HOY)
    primero = Informe.objects.get(pk=informe.pk)
    services.informe_generar(informe_id=informe.pk, hoy=HOY)
    segundo = Informe.objects.get(pk=informe.pk)

    assert segundo.estado == Informe.Estado.LISTO
    assert segundo.pdf.name == primero.pdf.name
    assert segundo.terminado_at == primero.terminado_at
    carpeta = primero.pdf.storage.path(f"informes/{valparaiso.pk}")
    import os

    assert sorted(os.listdir(carpeta)) == [
        "informe-mensual-05-2026-10-v1.pdf",
        "informe-mensual-05-2026-10-v1.xlsx",
    ]


def test_reanudar_un_informe_interrumpido_reemplaza_el_archivo_a_medias(valparaiso):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    informe = InformeFactory(region=valparaiso, estado=Informe.Estado.GENERANDO, intentos=1)
    a_medias = "informes/05/informe-mensual-05-2026-10-v1.pdf"
    default_storage.save(a_medias, ContentFile(b"incompleto"))

    services.informe_generar(informe_id=informe.pk, hoy=HOY)

    informe.refresh_from_db()
    assert informe.pdf.name == a_medias
    assert informe.pdf.open("rb").read(5) == b"%PDF-"
    assert informe.intentos == 2


def test_fallo_deja_un_mensaje_legible(valparaiso, monkeypatch):
    from informes import figures
    from informes.tasks import generar_informe

    informe = InformeFactory(region=valparaiso)

    def rompe(*args, **kwargs):
        raise ZeroDivisionError("división por cero en una cifra")

    monkeypatch.setattr(figures, "calcular", rompe)
    generar_informe.apply(args=[informe.pk])

    informe.refresh_from_db()
    assert informe.estado == Informe.Estado.FALLIDO
    assert "No se pudo generar el informe" in informe.error
    assert "división por cero" in informe.error


def test_error_transitorio_se_reintenta_y_luego_falla(valparaiso, monkeypatch):
    from django.db import OperationalError

    from informes import figures
    from informes.tasks import generar_informe

    informe = InformeFactory(region=valparaiso)
    llamadas = []

    def cae(*args, **kwargs):
        llamadas.append(1)
        raise OperationalError("la base de datos se reinició")

    monkeypatch.setattr(figures, "calcular", cae)
    generar_informe.apply(args=[informe.pk])

    informe.refresh_from_db()
    assert len(llamadas) == 1 + generar_informe.max_retries
    assert informe.estado == Informe.Estado.FALLIDO
    assert "OperationalError" in informe.error


def test_informes_programados_para_cada_region_con_sence(django_capture_on_commit_callbacks):
    oficina("sence", "05")
    oficina("sence", "08")

    with django_capture_on_commit_callbacks(execute=True):
        informes = services.informes_programados(tipo="mensual", hoy=date(2026, 11, 1))

    assert sorted((i.region_id, i.periodo, i.solicitado_por) for i in informes) == [
        ("05", "2026-10", None),
        ("08", "2026-10", None),
    ]
    assert set(Informe.objects.values_list("estado", flat=True)) == {Informe.Estado.LISTO}


def test_barredor_encola_los_pendientes_que_no_llegaron_al_broker(valparaiso):
    from django.utils import timezone

    viejo = InformeFactory(region=valparaiso)
    Informe.objects.filter(pk=viejo.pk).update(
        created_at=timezone.now() - timezone.timedelta(hours=1)
    )
    reciente = InformeFactory(region=valparaiso, periodo="2026-09")

    encolados = services.informes_reencolar_pendientes(minutos=5)

    assert encolados == 1
    assert Informe.objects.get(pk=viejo.pk).estado == Informe.Estado.LISTO
    assert Informe.objects.get(pk=reciente.pk).estado == Informe.Estado.PENDIENTE
