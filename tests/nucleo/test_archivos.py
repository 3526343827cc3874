import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from nucleo.archivos import (
    TAMANO_MAXIMO,
    RutaPrivada,
    nombre_seguro,
    respuesta_descarga,
    validar_archivo,
)
from tests import archivos


@pytest.mark.parametrize(
    ("archivo", "extension"),
    [(archivos.pdf(), "pdf"), (archivos.docx(), "docx"), (archivos.odt(), "odt")],
)
def test_documentos_validos_se_aceptan(archivo, extension):
    documento = validar_archivo(archivo)

    assert documento.extension == extension
    assert documento.tamano == archivo.size


@pytest.mark.parametrize(
    ("archivo", "codigo", "mensaje"),
    [
        (archivos.html_disfrazado(), "contenido", "no es un PDF"),
        (archivos.pdf(cifrado=True), "cifrado", "protegido con contraseña"),
        (archivos.vacio(), "vacio", "vacío"),
        (archivos.docx_con_macros(), "macros", "macros"),
        (archivos.docx("minuta.docm"), "extension", "Tipo de archivo no permitido"),
        (archivos.docx_muchas_entradas(), "zip_bomba", "demasiadas partes"),
        (archivos.docx_con_ruta_relativa(), "zip_ruta", "rutas internas"),
        (archivos.pdf("minuta.docx"), "contenido", "no es un documento .docx"),
        (SimpleUploadedFile("dibujo.svg", b"<svg/>"), "extension", ".docx, .odt, .pdf"),
        (SimpleUploadedFile("roto.pdf", b"%PDF-1.7 basura"), "danado", "dañado"),
        (archivos.odt("x.odt").__class__("x.odt", b"PK\x03\x04nada"), "danado", "dañado"),
    ],
)
def test_archivos_malos_se_rechazan_con_mensaje(archivo, codigo, mensaje):
    with pytest.raises(ValidationError) as error:
        validar_archivo(archivo)

    assert error.value.code == codigo
    assert mensaje in error.value.messages[0]


def test_un_byte_sobre_el_limite_se_rechaza():
    contenido = archivos.pdf().read()
    relleno = b"\n%" + b"x" * (TAMANO_MAXIMO - len(contenido) - 1)
    justo = SimpleUploadedFile("a.pdf", contenido + relleno[:-1])
    sobre = SimpleUploadedFile("a.pdf", contenido + relleno)
    assert justo.size == TAMANO_MAXIMO
    assert sobre.size == TAMANO_MAXIMO + 1

    validar_archivo(justo)
    with pytest.raises(ValidationError, match="el máximo es 20 MB"):
        validar_archivo(sobre)


def test_el_peso_del_archivo_se_dice_con_coma_decimal():
    contenido = archivos.pdf().read()
    grande = SimpleUploadedFile("a.pdf", contenido + b"\n%" + b"x" * (3 * 1024 * 1024 // 2))

    with pytest.raises(ValidationError, match=r"El archivo pesa 1,5 MB; el máximo es 1 MB\."):
        validar_archivo(grande, tamano_maximo=1024 * 1024)


def test_bomba_zip_se_detecta_sin_descomprimir_y_rapido():
    bomba = archivos.docx_bomba()

    inicio = time.perf_counter()
    with pytest.raises(ValidationError, match="supera los 50 MB"):
        validar_archivo(bomba)

    assert time.perf_counter() - inicio < 1


@pytest.mark.parametrize("nombre", ["a\r\nb.pdf", "acta\x00.pdf", "acta\x1b.pdf"])
def test_nombres_con_caracteres_de_control_se_rechazan(nombre):
    archivo = archivos.pdf()
    archivo.name = nombre

    with pytest.raises(ValidationError, match="nombre del archivo"):
        validar_archivo(archivo)


@pytest.mark.parametrize(
    ("nombre", "mostrado"),
    [
        ("..\\x.pdf", "x.pdf"),
        ("C:\\Users\\ana\\Acta final.pdf", "Acta final.pdf"),
        ("../../etc/minuta.pdf", "minuta.pdf"),
        ("Acta..final.pdf", "Acta..final.pdf"),
        ("Minuta sesión 3 - Viña.v2..pdf", "Minuta sesión 3 - Viña.v2..pdf"),
    ],
)
def test_el_nombre_se_juzga_por_su_nombre_base(nombre, mostrado):
    archivo = archivos.pdf()
    archivo.name = nombre

    assert validar_archivo(archivo).nombre == mostrado


def test_nombre_seguro_conserva_tildes_y_quita_comillas_y_controles():
    assert nombre_seguro('Minuta "sesión" ñuñoa\t.pdf') == "Minuta sesión ñuñoa.pdf"


def test_ruta_privada_ignora_el_nombre_del_usuario():
    ruta = RutaPrivada("minutas")(None, "../../Acta final.pdf")

    assert ruta.startswith("minutas/")
    assert ruta.endswith(".pdf")
    assert "Acta" not in ruta and ".." not in ruta


@pytest.mark.django_db
def test_descarga_es_adjunto_sin_cache_ni_sniffing(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    nombre = default_storage.save("minutas/x.pdf", ContentFile(archivos.pdf().read()))
    archivo = default_storage.open(nombre)

    respuesta = respuesta_descarga(archivo, 'Acta "mesa"\r\n ñ.pdf')

    assert respuesta["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Acta%20mesa%20%C3%B1.pdf" in respuesta["Content-Disposition"]
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert respuesta["Cache-Control"] == "no-store"
    assert respuesta["Content-Security-Policy"] == "sandbox"
    respuesta.close()


@pytest.mark.django_db
def test_detras_de_nginx_la_descarga_es_x_accel_redirect(settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.DESCARGAS_X_ACCEL = "/_privado/"
    nombre = default_storage.save("minutas/2026/abc.pdf", ContentFile(b"%PDF-1.7"))

    respuesta = respuesta_descarga(default_storage.open(nombre), "Acta ñ.pdf")

    assert respuesta["X-Accel-Redirect"] == f"/_privado/{nombre}"
    assert respuesta.content == b""
    assert respuesta["Content-Disposition"].startswith("attachment;")
    assert respuesta["Cache-Control"] == "no-store"
    assert respuesta["Content-Security-Policy"] == "sandbox"


@pytest.mark.django_db
@pytest.mark.parametrize("ruta", ["/media/minutas/2026/abc.pdf", "/privado/minutas/x.pdf"])
def test_los_archivos_privados_no_tienen_url_directa(client, ruta):
    from nucleo.models import Rol
    from tests.factories import usuario_con_rol

    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    assert client.get(ruta).status_code == 404


def test_nginx_solo_entrega_privados_por_redireccion_interna():
    from pathlib import Path

    configuracion = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()
    bloque = configuracion.split("location /_privado/", 1)[1].split("}", 1)[0]

    assert "internal;" in bloque
    assert "location /media/ {\n        return 404;" in configuracion
