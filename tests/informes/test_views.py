import pytest
from django.urls import reverse
from django.utils import timezone

from informes.models import Informe
from informes.periodos import MENSUAL, Periodo
from nucleo.models import Rol
from tests.factories import InformeFactory, oficina, usuario_con_rol

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(client):
    usuario = usuario_con_rol(Rol.DIRECTOR)
    client.force_login(usuario)
    return usuario


def periodo_cerrado() -> str:
    return Periodo.ultimo_cerrado(MENSUAL, timezone.localdate()).codigo


@pytest.mark.django_db(transaction=True)
def test_director_genera_y_descarga_el_pdf(datos_referencia, client, director):
    respuesta = client.post(
        reverse("informes:informe_create"),
        {"tipo": "mensual", "periodo": periodo_cerrado(), "region": "05"},
        follow=True,
    )

    informe = Informe.objects.get()
    assert "listo para descargar" in respuesta.content.decode()
    descarga = client.get(reverse("informes:informe_pdf", args=[informe.pk]))
    assert descarga["Content-Type"] == "application/pdf"
    assert descarga["Content-Disposition"].startswith("attachment;")
    assert descarga["Cache-Control"] == "no-store"
    assert b"".join(descarga.streaming_content).startswith(b"%PDF-")
    excel = client.get(reverse("informes:informe_excel", args=[informe.pk]))
    assert excel.status_code == 200


def test_periodo_futuro_da_mensaje_y_no_crea_nada(client, director):
    respuesta = client.post(
        reverse("informes:informe_create"),
        {"tipo": "mensual", "periodo": "2099-01", "region": "05"},
    )

    assert respuesta.status_code == 200
    assert "aún no comienza" in respuesta.content.decode()
    assert not Informe.objects.exists()


def test_periodo_mal_escrito_da_mensaje(client, director):
    respuesta = client.post(
        reverse("informes:informe_create"),
        {"tipo": "semestral", "periodo": "2026-7", "region": "05"},
    )

    assert "AAAA-S1" in respuesta.content.decode()
    assert not Informe.objects.exists()


def test_region_ajena_en_el_formulario_se_rechaza(client, director):
    respuesta = client.post(
        reverse("informes:informe_create"),
        {"tipo": "mensual", "periodo": periodo_cerrado(), "region": "08"},
    )

    assert respuesta.status_code == 200
    assert (
        "Escoja una opción válida" in respuesta.content.decode()
        or "válid" in respuesta.content.decode()
    )
    assert not Informe.objects.exists()


def test_segunda_solicitud_se_une_a_la_que_esta_en_curso(client, director):
    en_curso = InformeFactory(periodo=periodo_cerrado(), estado=Informe.Estado.GENERANDO)

    respuesta = client.post(
        reverse("informes:informe_create"),
        {"tipo": "mensual", "periodo": periodo_cerrado(), "region": "05"},
        follow=True,
    )

    assert "te unimos a esa solicitud" in respuesta.content.decode()
    assert list(Informe.objects.all()) == [en_curso]


def test_lista_muestra_avance_y_sondea_solo_mientras_se_genera(client, director):
    generando = InformeFactory(
        estado=Informe.Estado.GENERANDO, progreso=55, fase="Generando el PDF"
    )
    listo = InformeFactory(periodo="2026-09", estado=Informe.Estado.LISTO)

    contenido = client.get(reverse("informes:informe_list")).content.decode()
    fila = client.get(reverse("informes:informe_fila", args=[generando.pk]), HTTP_HX_REQUEST="true")

    assert f'hx-get="{reverse("informes:informe_fila", args=[generando.pk])}"' in contenido
    assert f'hx-get="{reverse("informes:informe_fila", args=[listo.pk])}"' not in contenido
    assert "Generando el PDF" in fila.content.decode()
    assert "<html" not in fila.content.decode()
    Informe.objects.filter(pk=generando.pk).update(estado=Informe.Estado.LISTO)
    terminado = client.get(reverse("informes:informe_fila", args=[generando.pk]))
    assert "hx-trigger" not in terminado.content.decode()


@pytest.mark.parametrize(
    "nombre", ["informe_detail", "informe_fila", "informe_pdf", "informe_excel"]
)
def test_informe_de_otra_region_da_404(client, director, nombre):
    ajeno = InformeFactory(region_id="08", estado=Informe.Estado.LISTO)

    assert client.get(reverse(f"informes:{nombre}", args=[ajeno.pk])).status_code == 404


def test_articulador_de_otra_region_no_ve_los_informes(client):
    InformeFactory()
    client.force_login(usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08")))

    contenido = client.get(reverse("informes:informe_list")).content.decode()

    assert "Todavía no hay informes" in contenido


@pytest.mark.parametrize("rol", [Rol.ENCARGADO_OMIL, Rol.REPRESENTANTE, Rol.EJECUTIVO])
def test_otros_roles_no_acceden_a_informes(client, rol):
    informe = InformeFactory()
    client.force_login(usuario_con_rol(rol))

    assert client.get(reverse("informes:informe_list")).status_code == 403
    assert client.get(reverse("informes:informe_pdf", args=[informe.pk])).status_code == 403
    assert (
        client.post(
            reverse("informes:informe_create"),
            {"tipo": "mensual", "periodo": "2026-10", "region": "05"},
        ).status_code
        == 403
    )
    assert Informe.objects.count() == 1


def test_descarga_de_informe_sin_archivo_da_404(client, director):
    pendiente = InformeFactory()

    assert client.get(reverse("informes:informe_pdf", args=[pendiente.pk])).status_code == 404


def test_panel_de_inicio_del_director(client, director):
    InformeFactory(estado=Informe.Estado.LISTO, periodo="2026-09")

    contenido = client.get(reverse("nucleo:inicio")).content.decode()

    assert "Informes de evaluación" in contenido
    assert "Mensual 2026-09" in contenido
