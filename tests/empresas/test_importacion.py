import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from empresas import importacion, services
from empresas.models import Empresa, ImportacionEmpresas
from nucleo.models import Rol
from tests.factories import EmpresaFactory, omil_de, rut_valido, usuario_con_rol

pytestmark = pytest.mark.django_db

ENCABEZADO = ["RUT", "Razón social", "Nombre de fantasía", "Rubro", "Tamaño", "Comuna"]


def _csv(filas, encabezado=ENCABEZADO, nombre="empresas.csv", separador=";"):
    lineas = [separador.join(encabezado), *(separador.join(f) for f in filas)]
    return SimpleUploadedFile(nombre, "\n".join(lineas).encode("utf-8"), content_type="text/csv")


def _xlsx(filas, encabezado=ENCABEZADO, nombre="empresas.xlsx"):
    libro = Workbook()
    hoja = libro.active
    hoja.append(encabezado)
    for fila in filas:
        hoja.append(list(fila))
    salida = io.BytesIO()
    libro.save(salida)
    return SimpleUploadedFile(nombre, salida.getvalue())


FILAS = [
    ("76.123.456-0", "Comercial Los Aromos SpA", "Los Aromos", "Comercio", "pequeña", "Limache"),
    (rut_valido(77000111), "Hotel Limache Ltda.", "", "turismo", "Mediana empresa", "05802"),
    ("76.123.456-1", "Dígito Malo SpA", "", "comercio", "micro", "Limache"),
    ("76123456-0", "Repetida SpA", "", "comercio", "micro", "Limache"),
    (rut_valido(78000001), "Comuna Inventada SpA", "", "comercio", "micro", "Gotham"),
    (rut_valido(78000002), "Otra Comuna SpA", "", "comercio", "micro", "Viña del Mar"),
    (rut_valido(78000003), "Rubro Raro SpA", "", "astronáutica", "micro", "Limache"),
]


def _previa(usuario, archivo):
    subida = services.importacion_subir(archivo=archivo, por=usuario)
    return subida, services.importacion_analizar(importacion=subida, por=usuario)


def test_previa_muestra_el_estado_y_los_errores_de_cada_fila():
    omil = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))
    EmpresaFactory(rut=rut_valido(77000111))

    _, analisis = _previa(omil, _csv(FILAS))

    estados = [(f.numero, f.estado) for f in analisis.filas]
    assert estados == [
        (2, "nueva"),
        (3, "existe"),
        (4, "error"),
        (5, "error"),
        (6, "error"),
        (7, "error"),
        (8, "error"),
    ]
    errores = {f.numero: f.errores for f in analisis.filas}
    assert "dígito verificador" in errores[4][0]
    assert errores[5] == ["RUT repetido en la planilla (ya está en la fila 2)."]
    assert "«Gotham» no existe o no está en tu territorio" in errores[6][0]
    assert "«Viña del Mar» no existe o no está en tu territorio" in errores[7][0]
    assert errores[8] == ["El rubro «astronáutica» no se reconoce."]
    assert Empresa.objects.count() == 1  # the preview saves nothing


def test_importar_guarda_las_validas_en_una_transaccion_y_es_idempotente():
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)

    primera, _ = _previa(ejecutivo, _xlsx(FILAS))
    services.importacion_confirmar(importacion=primera, por=ejecutivo)
    despues_de_la_primera = set(Empresa.objects.values_list("rut", "razon_social", "comuna"))
    segunda, _ = _previa(ejecutivo, _xlsx(FILAS))
    services.importacion_confirmar(importacion=segunda, por=ejecutivo)

    primera.refresh_from_db()
    segunda.refresh_from_db()
    assert (primera.creadas, primera.omitidas, primera.con_errores) == (3, 0, 4)
    assert (segunda.creadas, segunda.omitidas, segunda.con_errores) == (0, 3, 4)
    assert set(Empresa.objects.values_list("rut", "razon_social", "comuna")) == (
        despues_de_la_primera
    )
    aromos = Empresa.objects.get(rut="76123456-0")
    assert (aromos.rubro, aromos.tamano, aromos.comuna_id) == ("comercio", "pequena", "05802")
    assert Empresa.objects.get(rut=rut_valido(77000111)).tamano == "mediana"
    assert aromos.history.get().history_user == ejecutivo
    assert not primera.archivo  # the spreadsheet is not kept after importing


def test_confirmar_dos_veces_la_misma_subida_se_rechaza():
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    subida, _ = _previa(ejecutivo, _csv(FILAS[:1]))
    services.importacion_confirmar(importacion=subida, por=ejecutivo)

    with pytest.raises(ValidationError, match="ya fue importada"):
        services.importacion_confirmar(importacion=subida, por=ejecutivo)

    assert Empresa.objects.count() == 1


@pytest.mark.parametrize(
    ("archivo", "mensaje"),
    [
        (
            lambda: SimpleUploadedFile("empresas.xlsx", b"esto no es una planilla"),
            "no es un documento .xlsx",
        ),
        (lambda: SimpleUploadedFile("empresas.pdf", b"%PDF-1.4"), "Tipo de archivo no permitido"),
        (
            lambda: SimpleUploadedFile("empresas.csv", b"\x00\x01\x02binario"),
            "no es una planilla CSV",
        ),
        (lambda: _csv([]), "solo tiene títulos"),
        (lambda: SimpleUploadedFile("vacio.csv", b""), "El archivo está vacío"),
        (
            lambda: _csv(
                [
                    (rut_valido(60_000_000 + n), f"Empresa {n}", "", "", "", "Limache")
                    for n in range(50_000)
                ]
            ),
            "más de 5.000 filas",
        ),
    ],
    ids=["no_es_xlsx", "pdf", "binario", "sin_filas", "vacio", "50000_filas"],
)
def test_archivo_malformado_se_rechaza_antes_de_guardar_nada(archivo, mensaje):
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)

    with pytest.raises(ValidationError) as error:
        services.importacion_subir(archivo=archivo(), por=ejecutivo)

    assert mensaje in error.value.messages[0]
    assert not ImportacionEmpresas.objects.exists()
    assert not Empresa.objects.exists()


def test_xlsx_con_50000_filas_se_rechaza():
    filas = [(rut_valido(60_000_000 + n), f"E{n}", "", "", "", "05802") for n in range(50_000)]

    with pytest.raises(ValidationError, match=r"más de 5\.000 filas"):
        services.importacion_subir(archivo=_xlsx(filas), por=usuario_con_rol(Rol.EJECUTIVO))

    assert not ImportacionEmpresas.objects.exists()


def test_csv_con_comas_y_codigo_cut_sin_cero_inicial():
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    archivo = _csv([("76.123.456-0", "Los Aromos", "", "", "", "5802")], separador=",")

    _, analisis = _previa(ejecutivo, archivo)

    assert [(f.estado, f.datos["comuna_id"]) for f in analisis.filas] == [("nueva", "05802")]


# --- Through the pages ----------------------------------------------------------------------------
def test_subir_revisar_e_importar_desde_las_paginas(client):
    omil = usuario_con_rol(Rol.GESTOR_TERRITORIAL, omil_de("05802"))
    client.force_login(omil)

    subida = client.post(reverse("empresas:importar"), {"archivo": _csv(FILAS)})
    previa = client.get(subida.url)
    importada = client.post(subida.url, follow=True)

    assert subida.status_code == 302
    contenido = previa.content.decode()
    assert "Importar 2 empresas<" in contenido
    assert "RUT repetido en la planilla" in contenido
    assert "76.123.456-0" in contenido
    assert (
        "Importación lista: 2 empresas nuevas, 0 ya registradas sin cambios y 5 filas con errores"
        in (importada.content.decode())
    )
    assert Empresa.objects.count() == 2


def test_archivo_malo_muestra_el_error_en_el_formulario(client):
    client.force_login(usuario_con_rol(Rol.EJECUTIVO))

    respuesta = client.post(
        reverse("empresas:importar"),
        {"archivo": SimpleUploadedFile("empresas.csv", b"\x00\x01\x02binario")},
    )

    assert respuesta.status_code == 200
    assert "no es una planilla CSV" in respuesta.content.decode()
    assert not ImportacionEmpresas.objects.exists()


def test_titulos_no_reconocidos_llevan_a_la_previa_con_las_columnas_para_asignar(client):
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    client.force_login(ejecutivo)
    archivo = _csv(
        [("76.123.456-0", "Los Aromos SpA", "Limache", "dato extra")],
        encabezado=["Identificador", "Nombre legal", "Ciudad", "Observaciones"],
    )

    subida = client.post(reverse("empresas:importar"), {"archivo": archivo})
    previa = client.get(subida.url).content.decode()
    corregida = client.get(
        subida.url, {"col_0": "rut", "col_1": "razon_social", "col_2": "comuna", "col_3": ""}
    ).content.decode()
    importada = client.post(
        subida.url, {"col_0": "rut", "col_1": "razon_social", "col_2": "comuna", "col_3": ""}
    )

    assert subida.status_code == 302
    assert "No se reconocieron las columnas obligatorias: RUT, Comuna" in previa
    assert "Importar 1 empresa<" not in previa
    assert "columna A «Identificador»" in previa and "columna D «Observaciones»" in previa
    assert "Importar 1 empresa<" in corregida
    assert "No se usarán: columna D «Observaciones»" in corregida
    assert importada.status_code == 302
    assert Empresa.objects.get().razon_social == "Los Aromos SpA"


def test_confirmar_con_columnas_incompletas_no_importa_nada():
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    subida, _ = _previa(ejecutivo, _csv(FILAS[:1]))

    with pytest.raises(ValidationError, match="columnas obligatorias: Comuna"):
        services.importacion_confirmar(
            importacion=subida, por=ejecutivo, mapeo=["rut", "razon_social", "", "", "", ""]
        )

    assert not Empresa.objects.exists()


def test_una_columna_asignada_dos_veces_se_rechaza():
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    subida, _ = _previa(ejecutivo, _csv(FILAS[:1]))

    analisis = services.importacion_analizar(
        importacion=subida,
        por=ejecutivo,
        mapeo=["rut", "razon_social", "razon_social", "", "", "comuna"],
    )

    assert analisis.errores_mapeo == [
        "«Razón social» está asignado a más de una columna; elige solo una."
    ]
    assert analisis.filas == []


def test_plantilla_se_descarga_con_los_titulos():
    contenido = importacion.plantilla_csv()

    assert contenido.splitlines()[0] == "\ufeff" + ";".join(importacion.ENCABEZADOS_PLANTILLA)


def test_previas_abandonadas_se_borran_con_su_archivo():
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    vieja, _ = _previa(ejecutivo, _csv(FILAS[:1]))
    nueva, _ = _previa(ejecutivo, _csv(FILAS[:1]))
    ImportacionEmpresas.objects.filter(pk=vieja.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    ruta = vieja.archivo.name

    borradas = services.importaciones_limpiar()

    assert borradas == 1
    assert list(ImportacionEmpresas.objects.all()) == [nueva]
    assert not default_storage.exists(ruta)


def test_un_encabezado_sobre_los_titulos_se_salta_y_la_previa_dice_donde_estan(client):
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    client.force_login(ejecutivo)
    contenido = "Listado de empresas al 01-03-2024;;\n;;\nRUT;Razón social;Comuna\n" + (
        "76.123.456-0;Los Aromos SpA;Limache\n"
    )
    archivo = SimpleUploadedFile("empresas.csv", contenido.encode())

    subida = client.post(reverse("empresas:importar"), {"archivo": archivo})
    previa = client.get(subida.url).content.decode()

    assert "títulos en la fila 3; lo que está más arriba no se importa" in previa
    assert '<th scope="row">4</th>' in previa
    assert "Importar 1 empresa<" in previa
