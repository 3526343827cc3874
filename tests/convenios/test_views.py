import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from convenios.models import Convenio
from nucleo.models import Rol
from tests.factories import ConvenioFactory, oficina, omil_de, usuario_con_rol

pytestmark = pytest.mark.django_db


def test_lista_muestra_montos_en_pesos_y_estado_derivado(client):
    ConvenioFactory(nombre="Convenio SENADIS", recursos_comprometidos=1_234_567)
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    contenido = client.get(reverse("convenios:convenio_list")).content.decode()

    assert "Convenio SENADIS" in contenido
    assert "$1.234.567" in contenido


def test_filtros_por_institucion_y_vence_antes(client):
    ConvenioFactory(nombre="Con SENADIS", fecha_termino=date(2026, 12, 31))
    ConvenioFactory(
        nombre="Con SENDA", instituciones=[oficina("senda")], fecha_termino=date(2027, 6, 30)
    )
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    por_institucion = client.get(
        reverse("convenios:convenio_list"), {"institucion": oficina("senda").pk}
    ).context["convenios"]
    por_fecha = client.get(
        reverse("convenios:convenio_list"), {"vence_antes": "2027-01-31"}
    ).context["convenios"]

    assert [c.nombre for c in por_institucion] == ["Con SENDA"]
    assert [c.nombre for c in por_fecha] == ["Con SENADIS"]


def test_exportar_excel_de_la_lista_filtrada(client):
    ConvenioFactory(nombre="Con SENADIS", recursos_comprometidos=5_000_000)
    ConvenioFactory(nombre="Terminado", estado="terminado")
    client.force_login(usuario_con_rol(Rol.DIRECTOR))

    respuesta = client.get(reverse("convenios:convenio_export"), {"estado": "vigente"})

    assert respuesta["Content-Type"].startswith("application/vnd.openxmlformats")
    hoja = load_workbook(io.BytesIO(respuesta.content)).active
    filas = list(hoja.iter_rows(min_row=3, values_only=True))
    assert filas[0][0] == "Convenio"
    assert len(filas) == 2
    fila = filas[1]
    assert fila[0] == "Con SENADIS"
    assert fila[2] == "SENADIS Valparaíso"
    assert fila[7].date() == date(2026, 12, 31)
    assert fila[9] == "Vigente"
    assert fila[10] == 5_000_000
    assert hoja.cell(4, 11).number_format == '"$"#,##0'


def test_representante_ve_solo_convenios_de_su_institucion(client):
    propio = ConvenioFactory(nombre="Con SENADIS")
    ajeno = ConvenioFactory(nombre="Con SENDA", instituciones=[oficina("senda")])
    client.force_login(usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis")))

    lista = client.get(reverse("convenios:convenio_list")).context["convenios"]

    assert [c.nombre for c in lista] == ["Con SENADIS"]
    assert client.get(reverse("convenios:convenio_detail", args=[propio.pk])).status_code == 200
    assert client.get(reverse("convenios:convenio_detail", args=[ajeno.pk])).status_code == 404
    assert client.get(reverse("convenios:convenio_edit", args=[propio.pk])).status_code == 403


def test_omil_no_tiene_acceso_a_convenios(client):
    convenio = ConvenioFactory()
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802")))

    assert client.get(reverse("convenios:convenio_list")).status_code == 403
    assert client.get(reverse("convenios:convenio_detail", args=[convenio.pk])).status_code == 403


def test_articuladora_de_otra_region_recibe_404_y_no_cambia_nada(client):
    convenio = ConvenioFactory(nombre="Original")
    client.force_login(usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08")))

    ver = client.get(reverse("convenios:convenio_detail", args=[convenio.pk]))
    editar = client.post(
        reverse("convenios:convenio_edit", args=[convenio.pk]), {"nombre": "Cambiado"}
    )

    assert ver.status_code == 404
    assert editar.status_code == 404
    convenio.refresh_from_db()
    assert convenio.nombre == "Original"


def _formulario(**cambios) -> dict:
    datos = {
        "version": "",
        "nombre": "Convenio de colaboración SENCE–SERNAMEG",
        "tipo": "colaboracion",
        "instituciones": [oficina("sernameg").pk],
        "estado": "firmado",
        "fecha_firma": "2026-02-01",
        "fecha_inicio": "2026-02-15",
        "fecha_termino": "2027-02-14",
        "recursos_comprometidos": "12000000",
        "obligaciones-TOTAL_FORMS": "1",
        "obligaciones-INITIAL_FORMS": "0",
        "obligaciones-MIN_NUM_FORMS": "0",
        "obligaciones-MAX_NUM_FORMS": "1000",
        "obligaciones-0-parte": oficina("sernameg").pk,
        "obligaciones-0-descripcion": "Derivar mujeres jefas de hogar a Más Capaz",
    }
    datos.update(cambios)
    return datos


def test_registrar_convenio_desde_el_formulario(client):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    respuesta = client.post(reverse("convenios:convenio_create"), _formulario())

    convenio = Convenio.objects.get()
    assert respuesta.status_code == 302
    assert convenio.obligaciones.get().descripcion == "Derivar mujeres jefas de hogar a Más Capaz"
    assert convenio.recursos_comprometidos == 12_000_000


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"fecha_termino": "2026-01-01"}, "La fecha de término no puede ser anterior"),
        ({"recursos_comprometidos": "-5"}, "El monto no puede ser negativo."),
    ],
)
def test_datos_malos_en_el_formulario_muestran_mensaje(client, cambios, mensaje):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    respuesta = client.post(reverse("convenios:convenio_create"), _formulario(**cambios))

    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    assert not Convenio.objects.exists()


def test_historial_muestra_cambios_campo_por_campo(client):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    client.force_login(articuladora)
    client.post(reverse("convenios:convenio_create"), _formulario())
    convenio = Convenio.objects.get()
    client.post(
        reverse("convenios:convenio_edit", args=[convenio.pk]),
        _formulario(
            version="1",
            recursos_comprometidos="15000000",
            **{
                "obligaciones-0-id": convenio.obligaciones.get().pk,
                "obligaciones-INITIAL_FORMS": "1",
            },
        ),
    )

    contenido = client.get(
        reverse("convenios:convenio_historial", args=[convenio.pk])
    ).content.decode()

    assert "Recursos comprometidos (CLP)" in contenido
    assert "$12.000.000" in contenido
    assert "$15.000.000" in contenido


def test_historial_registra_quien_y_desde_que_ip(client):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    client.force_login(articuladora)

    client.post(reverse("convenios:convenio_create"), _formulario(), REMOTE_ADDR="190.5.44.12")

    registro = Convenio.objects.get().history.get()
    assert (registro.history_user, registro.ip) == (articuladora, "190.5.44.12")
    contenido = client.get(
        reverse("convenios:convenio_historial", args=[Convenio.objects.get().pk])
    ).content.decode()
    assert "desde 190.5.44.12" in contenido
