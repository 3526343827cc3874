import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mesas import services
from mesas.models import Acuerdo, Asistencia, Integrante, Minuta, Sesion
from nucleo.models import Rol
from tests.factories import (
    AcuerdoFactory,
    AsistenciaFactory,
    MinutaFactory,
    SesionFactory,
    en_santiago,
    mesa_comunal,
    mesa_regional,
    oficina,
    omil_de,
    usuario_con_rol,
)
from tests.historial import cambios_en
from tests.mesas import archivos

pytestmark = pytest.mark.django_db

PROXIMO_ANIO = timezone.localdate().year + 1


@pytest.fixture
def articuladora():
    return usuario_con_rol(Rol.ARTICULADOR, username="paula")


def _gestora():
    """An articulator of the region, who may change its mesas (services check who acts)."""
    return usuario_con_rol(Rol.ARTICULADOR)


@pytest.fixture
def omil_limache():
    return usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), username="carolina")


@pytest.fixture
def omil_vina():
    return usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05109"), username="javiera")


def _sesion_pasada(mesa, **kwargs):
    return SesionFactory(
        mesa=mesa, inicio=timezone.now() - timedelta(days=1), estado="realizada", **kwargs
    )


# --- Scope ---------------------------------------------------------------------------------------
def test_omil_de_otra_comuna_recibe_404_en_la_mesa_y_sus_sesiones(client, omil_vina):
    mesa = mesa_comunal("05802")
    sesion = _sesion_pasada(mesa)
    client.force_login(omil_vina)

    urls = [
        reverse("mesas:mesa_detail", args=[mesa.pk]),
        reverse("mesas:sesion_detail", args=[sesion.pk]),
        reverse("mesas:sesion_ics", args=[sesion.pk]),
        reverse("mesas:minuta_create", args=[sesion.pk]),
    ]

    assert [client.get(u).status_code for u in urls] == [404, 404, 404, 404]


def test_omil_que_postea_a_otra_comuna_recibe_404_y_no_cambia_nada(client, omil_vina):
    mesa = mesa_comunal("05802")
    sesion = _sesion_pasada(mesa)
    client.force_login(omil_vina)

    subir = client.post(
        reverse("mesas:minuta_create", args=[sesion.pk]), {"archivo": archivos.pdf()}
    )
    programar = client.post(
        reverse("mesas:sesion_create", args=[mesa.pk]),
        {
            "tipo": "ordinaria",
            "inicio": f"{PROXIMO_ANIO}-03-03T10:00",
            "duracion_minutos": 120,
            "lugar": "OMIL",
        },
    )

    assert (subir.status_code, programar.status_code) == (404, 404)
    assert not Minuta.objects.exists()
    assert Sesion.objects.count() == 1


def test_servicio_que_no_integra_la_mesa_recibe_404(client):
    mesa = mesa_comunal("05802", miembros=("senda",))
    sernameg = usuario_con_rol(Rol.REPRESENTANTE, oficina("sernameg"))
    senda = usuario_con_rol(Rol.REPRESENTANTE, oficina("senda"))
    url = reverse("mesas:mesa_detail", args=[mesa.pk])

    client.force_login(sernameg)
    ajeno = client.get(url).status_code
    client.force_login(senda)
    integrante = client.get(url).status_code

    assert (ajeno, integrante) == (404, 200)


def test_articuladora_de_otra_region_recibe_404(client):
    mesa = mesa_regional("05")
    sesion = _sesion_pasada(mesa)
    otra = usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08"))
    client.force_login(otra)

    respuestas = [
        client.get(reverse("mesas:mesa_detail", args=[mesa.pk])).status_code,
        client.get(reverse("mesas:sesion_detail", args=[sesion.pk])).status_code,
        client.post(reverse("mesas:sesion_suspend", args=[sesion.pk]), {"motivo": "x"}).status_code,
    ]

    assert respuestas == [404, 404, 404]
    assert Sesion.objects.get(pk=sesion.pk).estado == "realizada"


def test_omil_ve_la_mesa_regional_solo_para_leer_si_su_omil_integra(client, omil_limache):
    mesa = mesa_regional()
    Integrante.objects.create(mesa=mesa, institucion=omil_de("05802"))
    client.force_login(omil_limache)

    ver = client.get(reverse("mesas:mesa_detail", args=[mesa.pk]))
    programar = client.get(reverse("mesas:serie_create", args=[mesa.pk]))

    assert ver.status_code == 200
    assert "Programar serie mensual" not in ver.content.decode()
    assert programar.status_code == 403


def test_la_mesa_muestra_la_version_vigente_de_la_minuta_de_cada_sesion_pasada(
    client, articuladora
):
    mesa = mesa_regional()

    def hace(dias: int):
        return timezone.now() - timedelta(days=dias)

    con_minuta = SesionFactory(mesa=mesa, inicio=hace(30), estado="realizada")
    for numero in (1, 2):
        MinutaFactory(sesion=con_minuta, numero=numero)
    # A deleted later version does not count.
    MinutaFactory(sesion=con_minuta, numero=3, eliminada_at=timezone.now())
    sin_minuta = SesionFactory(mesa=mesa, inicio=hace(20), estado="realizada")
    suspendida = SesionFactory(mesa=mesa, inicio=hace(10), estado="suspendida")
    client.force_login(articuladora)

    pagina = client.get(reverse("mesas:mesa_detail", args=[mesa.pk])).content.decode()

    def columna_minuta(sesion) -> str:
        fila = re.search(rf'href="{sesion.get_absolute_url()}".*?</tr>', pagina, re.S).group()
        return re.sub(r"<[^>]+>", "", re.findall(r"<td>(.*?)</td>", fila, re.S)[-1]).strip()

    assert [columna_minuta(s) for s in (con_minuta, sin_minuta, suspendida)] == [
        "Sí (v2, Texto escrito)",
        "Pendiente",
        "—",
    ]


def test_lista_de_mesas_muestra_solo_las_del_alcance(client, omil_limache):
    mesa_comunal("05802")
    mesa_comunal("05109")
    mesa_regional()
    client.force_login(omil_limache)

    contenido = client.get(reverse("mesas:mesa_list")).content.decode()

    assert "Limache" in contenido
    assert "Viña del Mar" not in contenido
    assert "Regional de Valparaíso" not in contenido


# --- Series in the browser (server side) ---------------------------------------------------------
def _datos_serie(**extra):
    return {
        "regla": "día 18, 10:00",
        "duracion_minutos": 120,
        "desde": f"{PROXIMO_ANIO}-08-01",
        "cantidad": 3,
        "tipo": "ordinaria",
        "lugar": "Dirección Regional SENCE",
        **extra,
    }


def test_vista_previa_marca_feriados_y_no_crea_nada(client, articuladora):
    mesa = mesa_regional()
    client.force_login(articuladora)

    respuesta = client.post(
        reverse("mesas:serie_preview", args=[mesa.pk]), _datos_serie(), HTTP_HX_REQUEST="true"
    )

    contenido = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Vista previa: 3 sesiones" in contenido
    assert "Día de la Independencia" in contenido
    assert "<html" not in contenido
    assert not Sesion.objects.exists()


def test_crear_serie_con_una_fecha_movida(client, articuladora):
    mesa = mesa_regional()
    client.force_login(articuladora)

    respuesta = client.post(
        reverse("mesas:serie_create", args=[mesa.pk]),
        _datos_serie(accion="crear", **{f"mover_{PROXIMO_ANIO}-09-18": f"{PROXIMO_ANIO}-09-21"}),
    )

    assert respuesta.status_code == 302
    fechas = [timezone.localtime(s.inicio).date() for s in Sesion.objects.order_by("inicio")]
    assert fechas == [
        date(PROXIMO_ANIO, 8, 18),
        date(PROXIMO_ANIO, 9, 21),
        date(PROXIMO_ANIO, 10, 18),
    ]


def test_serie_con_mas_de_36_sesiones_muestra_error_y_no_crea(client, articuladora):
    mesa = mesa_regional()
    client.force_login(articuladora)

    respuesta = client.post(
        reverse("mesas:serie_create", args=[mesa.pk]),
        _datos_serie(cantidad="", hasta=f"{PROXIMO_ANIO + 4}-01-01", accion="crear"),
    )

    assert respuesta.status_code == 200
    assert "más de 36 sesiones" in respuesta.content.decode()
    assert not Sesion.objects.exists()


# --- Invitations ---------------------------------------------------------------------------------
def _enlace(asistencia, respuesta):
    return services.enlace_respuesta(asistencia, respuesta)


def test_enlace_firmado_confirma_sin_ingresar(client):
    asistencia = AsistenciaFactory()
    url = _enlace(asistencia, "confirmada")

    pagina = client.get(url)
    asistencia.refresh_from_db()
    estado_tras_get = asistencia.estado
    respuesta = client.post(url)

    asistencia.refresh_from_db()
    assert pagina.status_code == 200
    assert "Confirmar asistencia" in pagina.content.decode()
    assert estado_tras_get == "invitada"  # mail scanners that follow links answer nothing
    assert "Quedó registrado: Confirmó asistencia" in respuesta.content.decode()
    assert (asistencia.estado, asistencia.respondida_via) == ("confirmada", "correo")


def test_enlace_adulterado_muestra_error_y_no_cambia_nada(client):
    asistencia = AsistenciaFactory()
    url = _enlace(asistencia, "rechazada")
    adulterado = url.replace("/invitacion/", "/invitacion/x")

    respuesta = client.post(adulterado)

    assert respuesta.status_code == 400
    assert "El enlace no es válido" in respuesta.content.decode()
    assert Asistencia.objects.get(pk=asistencia.pk).estado == "invitada"


def test_enlace_de_sesion_ya_comenzada_expiro(client):
    asistencia = AsistenciaFactory()
    url = _enlace(asistencia, "confirmada")
    Sesion.objects.filter(pk=asistencia.sesion_id).update(
        inicio=timezone.now() - timedelta(minutes=1)
    )

    respuesta = client.post(url)

    assert respuesta.status_code == 400
    assert "El enlace expiró" in respuesta.content.decode()
    assert Asistencia.objects.get(pk=asistencia.pk).estado == "invitada"


def test_enlace_con_firma_vencida_expiro(client, monkeypatch):
    asistencia = AsistenciaFactory()
    url = _enlace(asistencia, "confirmada")
    monkeypatch.setattr(services.invitaciones, "VIGENCIA_MAXIMA_ENLACE", -1)

    respuesta = client.post(url)

    assert "El enlace expiró" in respuesta.content.decode()
    assert Asistencia.objects.get(pk=asistencia.pk).estado == "invitada"


def test_confirmar_en_la_aplicacion_con_htmx(client):
    persona = usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"))
    mesa = mesa_regional(miembros=("senadis",))
    asistencia = AsistenciaFactory(sesion=SesionFactory(mesa=mesa), persona=persona)
    client.force_login(persona)

    respuesta = client.post(
        reverse("mesas:asistencia_responder", args=[asistencia.pk]),
        {"respuesta": "confirmada"},
        HTTP_HX_REQUEST="true",
    )

    assert respuesta.status_code == 200
    assert "Confirmó asistencia" in respuesta.content.decode()
    assert Asistencia.objects.get(pk=asistencia.pk).estado == "confirmada"


def test_no_se_responde_por_otra_persona(client):
    mesa = mesa_regional(miembros=("senadis",))
    duena = usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"))
    colega = usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"))
    asistencia = AsistenciaFactory(sesion=SesionFactory(mesa=mesa), persona=duena)
    client.force_login(colega)

    respuesta = client.post(
        reverse("mesas:asistencia_responder", args=[asistencia.pk]), {"respuesta": "rechazada"}
    )

    assert respuesta.status_code == 403
    assert Asistencia.objects.get(pk=asistencia.pk).estado == "invitada"


def test_registrar_asistencia_en_un_formulario(client, articuladora):
    mesa = mesa_regional()
    sesion = SesionFactory(mesa=mesa, inicio=timezone.now() - timedelta(hours=3))
    a = AsistenciaFactory(sesion=sesion, estado="confirmada")
    b = AsistenciaFactory(sesion=sesion, institucion=oficina("senda"), estado="rechazada")
    client.force_login(articuladora)
    formulario = client.get(reverse("mesas:sesion_asistencia", args=[sesion.pk]))

    respuesta = client.post(
        reverse("mesas:sesion_asistencia", args=[sesion.pk]),
        {f"a{a.pk}": "asistio", f"a{b.pk}": "justificada"},
    )

    assert 'value="asistio" checked' in formulario.content.decode()
    assert respuesta.status_code == 302
    assert Sesion.objects.get(pk=sesion.pk).estado == "realizada"
    assert dict(Asistencia.objects.values_list("pk", "estado")) == {
        a.pk: "asistio",
        b.pk: "justificada",
    }


def test_recordatorio_48_horas_se_envia_una_sola_vez():
    from mesas import tasks

    sesion = SesionFactory(inicio=timezone.now() + timedelta(hours=30))
    AsistenciaFactory(sesion=sesion, email="sin.respuesta@ejemplo.cl")
    AsistenciaFactory(
        sesion=sesion, institucion=oficina("senda"), email="ya@ejemplo.cl", estado="confirmada"
    )
    lejana = SesionFactory(inicio=timezone.now() + timedelta(days=5))
    AsistenciaFactory(sesion=lejana, email="lejos@ejemplo.cl")

    primera = tasks.recordar_invitados()
    segunda = tasks.recordar_invitados()

    assert (primera, segunda) == (1, 0)
    assert [m.to for m in mail.outbox] == [["sin.respuesta@ejemplo.cl"]]
    assert "Aún no sabemos si podrá asistir" in mail.outbox[0].body


def test_recordatorio_de_minuta_a_los_tres_dias_una_vez(omil_limache):
    from mesas import tasks

    mesa = mesa_comunal("05802")
    SesionFactory(mesa=mesa, inicio=timezone.now() - timedelta(days=4), estado="realizada")
    reciente = SesionFactory(
        mesa=mesa, inicio=timezone.now() - timedelta(days=1), estado="realizada"
    )
    con_minuta = SesionFactory(
        mesa=mesa, inicio=timezone.now() - timedelta(days=5), estado="realizada"
    )
    Minuta.objects.create(sesion=con_minuta, texto="Hecha")

    primera = tasks.recordar_minutas()
    segunda = tasks.recordar_minutas()

    assert (primera, segunda) == (1, 0)
    assert [m.to for m in mail.outbox] == [[omil_limache.email]]
    assert "aún no tiene minuta" in mail.outbox[0].body
    assert Sesion.objects.get(pk=reciente.pk).recordatorio_minuta_at is None


# --- Minutes -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("archivo", "mensaje"),
    [
        (lambda: archivos.grande(), "el máximo es 20 MB"),
        (lambda: archivos.falso_pdf(), "no es un PDF"),
        (lambda: archivos.vacio(), "está vacío"),
        (lambda: archivos.pdf("minuta.exe"), "Tipo de archivo no permitido"),
        (lambda: archivos.falso_pdf("minuta.docx"), "no es un documento .docx"),
    ],
    ids=["grande", "extension-miente", "vacio", "tipo", "docx-falso"],
)
def test_subida_mala_se_rechaza_con_mensaje_y_no_guarda_nada(
    client, omil_limache, archivo, mensaje, settings
):
    sesion = _sesion_pasada(mesa_comunal("05802"))
    client.force_login(omil_limache)

    respuesta = client.post(
        reverse("mesas:minuta_create", args=[sesion.pk]), {"archivo": archivo(), "texto": ""}
    )

    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    assert not Minuta.objects.exists()
    carpeta = settings.PRIVATE_ROOT / "minutas"
    assert not carpeta.exists() or not any(carpeta.rglob("*.*"))


@pytest.mark.parametrize("fabrica", [archivos.pdf, archivos.docx, archivos.odt])
def test_omil_sube_minuta_y_se_descarga_como_adjunto(client, omil_limache, fabrica):
    sesion = _sesion_pasada(mesa_comunal("05802"))
    client.force_login(omil_limache)
    archivo = fabrica()

    client.post(reverse("mesas:minuta_create", args=[sesion.pk]), {"archivo": archivo})
    minuta = Minuta.objects.get()
    descarga = client.get(reverse("mesas:minuta_download", args=[minuta.pk]))

    assert minuta.texto == ""  # the untouched draft is not kept next to the file
    assert descarga.status_code == 200
    assert descarga["Content-Disposition"].startswith("attachment;")
    assert archivo.name in descarga["Content-Disposition"]


def test_descarga_de_minuta_de_otra_comuna_da_404(client, omil_vina):
    sesion = _sesion_pasada(mesa_comunal("05802"))
    minuta = services.minuta_subir(sesion=sesion, archivo=archivos.pdf(), por=_gestora())
    client.force_login(omil_vina)

    assert client.get(reverse("mesas:minuta_download", args=[minuta.pk])).status_code == 404


def test_formulario_de_minuta_viene_prellenado(client, articuladora):
    mesa = mesa_regional()
    sesion = _sesion_pasada(mesa)
    AsistenciaFactory(sesion=sesion, estado="asistio")
    AcuerdoFactory(sesion=sesion, texto="Enviar nómina de vacantes")
    client.force_login(articuladora)

    contenido = client.get(reverse("mesas:minuta_create", args=[sesion.pk])).content.decode()

    assert "Asistieron:" in contenido
    assert "- SENADIS Valparaíso" in contenido
    assert "1. Enviar nómina de vacantes" in contenido


def test_minuta_escrita_se_imprime_como_pdf_a4(client, articuladora):
    import io

    from pypdf import PdfReader

    sesion = _sesion_pasada(mesa_regional())
    minuta = services.minuta_subir(sesion=sesion, texto="ASISTENCIA\n- SENCE", por=_gestora())
    client.force_login(articuladora)

    respuesta = client.get(reverse("mesas:minuta_pdf", args=[minuta.pk]))

    assert respuesta["Content-Type"] == "application/pdf"
    pagina = PdfReader(io.BytesIO(respuesta.content)).pages[0]
    assert round(float(pagina.mediabox.width)) == 595
    assert "Página 1 de 1" in pagina.extract_text()


# --- Sessions and agreements ---------------------------------------------------------------------
def test_segunda_edicion_concurrente_se_avisa(client, articuladora):
    sesion = SesionFactory(mesa=mesa_regional())
    client.force_login(articuladora)
    inicio = timezone.localtime(sesion.inicio)
    datos = {
        "version": sesion.version,
        "tipo": "ordinaria",
        "inicio": inicio.strftime("%Y-%m-%dT%H:%M"),
        "fin": (inicio + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "lugar": "Sala A",
    }
    url = reverse("mesas:sesion_update", args=[sesion.pk])

    primera = client.post(url, datos)
    segunda = client.post(url, {**datos, "lugar": "Sala B"})

    assert primera.status_code == 302
    assert "Otra persona guardó cambios" in segunda.content.decode()
    assert Sesion.objects.get(pk=sesion.pk).lugar == "Sala A"


def test_acuerdos_abiertos_aparecen_en_la_tabla_de_la_siguiente(client, articuladora):
    mesa = mesa_regional()
    anterior = _sesion_pasada(mesa)
    AcuerdoFactory(sesion=anterior, texto="Compartir nómina de vacantes")
    AcuerdoFactory(sesion=anterior, texto="Ya hecho", estado="cumplido")
    siguiente = SesionFactory(mesa=mesa)
    client.force_login(articuladora)

    contenido = client.get(reverse("mesas:sesion_detail", args=[siguiente.pk])).content.decode()

    assert "Seguimiento de acuerdos anteriores" in contenido
    assert "Compartir nómina de vacantes" in contenido
    assert "Ya hecho" not in contenido


def test_responsable_marca_acuerdo_cumplido_con_htmx(client):
    mesa = mesa_regional(miembros=("senadis",))
    acuerdo = AcuerdoFactory(sesion=_sesion_pasada(mesa))
    representante = usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"))
    client.force_login(representante)

    respuesta = client.post(
        reverse("mesas:acuerdo_cumplir", args=[acuerdo.pk]), HTTP_HX_REQUEST="true"
    )

    acuerdo.refresh_from_db()
    assert "Cumplido" in respuesta.content.decode()
    assert (acuerdo.estado, acuerdo.cumplido_por) == ("cumplido", representante)


def test_lista_de_acuerdos_filtra_por_estado(client, articuladora):
    sesion = _sesion_pasada(mesa_regional())
    AcuerdoFactory(sesion=sesion, texto="Abierto uno")
    AcuerdoFactory(sesion=sesion, texto="Cerrado dos", estado="cumplido")
    client.force_login(articuladora)

    abiertos = client.get(reverse("mesas:acuerdo_list")).content.decode()
    cumplidos = client.get(reverse("mesas:acuerdo_list"), {"estado": "cumplido"}).content.decode()

    assert "Abierto uno" in abiertos and "Cerrado dos" not in abiertos
    assert "Cerrado dos" in cumplidos and "Abierto uno" not in cumplidos


# --- History -------------------------------------------------------------------------------------
def test_historial_de_la_minuta_muestra_quien_desde_donde_y_que_cambio(client, omil_limache):
    sesion = _sesion_pasada(mesa_comunal("05802"))
    client.force_login(omil_limache)
    client.post(
        reverse("mesas:minuta_create", args=[sesion.pk]),
        {"archivo": archivos.pdf("Acta sesión de marzo.pdf"), "nota": "Con firmas"},
        REMOTE_ADDR="200.1.2.3",
    )
    minuta = Minuta.objects.get()
    client.post(reverse("mesas:minuta_eliminar", args=[minuta.pk]), REMOTE_ADDR="200.1.2.4")
    client.post(reverse("mesas:minuta_restaurar", args=[minuta.pk]), REMOTE_ADDR="200.1.2.5")

    contenido = client.get(reverse("mesas:minuta_historial", args=[sesion.pk])).content.decode()

    assert f"{omil_limache} (desde 200.1.2.3)" in contenido
    assert f"{omil_limache} (desde 200.1.2.4)" in contenido
    assert "Versión 1 de la minuta (Archivo PDF) · Eliminada" in contenido
    assert f"Versión 1 de la minuta (Archivo PDF) · Restaurada por {omil_limache}" in contenido
    assert "<td>Acta sesión de marzo.pdf</td>" in contenido  # the file by its original name
    eliminada = timezone.localtime(
        Minuta.history.get(history_change_reason="Eliminada").eliminada_at
    )
    assert [c for c in cambios_en(contenido) if c[0] == "Eliminada por"] == [
        ("Eliminada por", str(omil_limache), "—"),
        ("Eliminada por", "—", str(omil_limache)),
    ]
    assert ("Eliminada", "—", f"{eliminada:%d-%m-%Y %H:%M}") in cambios_en(contenido)


def test_historial_de_la_minuta_muestra_las_eliminadas_solo_a_quien_gestiona(client):
    sesion = _sesion_pasada(mesa_regional(miembros=("senadis",)))
    vigente = services.minuta_subir(sesion=sesion, texto="Versión buena", por=_gestora())
    borrada = services.minuta_subir(sesion=sesion, texto="Versión con errores", por=_gestora())
    services.minuta_eliminar(minuta=borrada, por=usuario_con_rol(Rol.ARTICULADOR))
    url = reverse("mesas:minuta_historial", args=[sesion.pk])

    client.force_login(usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis")))
    representante = client.get(url).content.decode()
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))
    articuladora = client.get(url).content.decode()

    assert f"Versión {vigente.numero} de la minuta" in representante
    assert f"Versión {borrada.numero} de la minuta" not in representante
    assert f"Versión {borrada.numero} de la minuta (Texto escrito) · Eliminada" in articuladora


def test_historial_del_acuerdo_muestra_quien_lo_cumplio_y_desde_donde(client, articuladora):
    mesa = mesa_regional(miembros=("senadis",))
    acuerdo = AcuerdoFactory(sesion=_sesion_pasada(mesa), texto="Enviar nómina de vacantes")
    representante = usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"))
    client.force_login(representante)
    client.post(
        reverse("mesas:acuerdo_cumplir", args=[acuerdo.pk]),
        {"observacion": "Nómina enviada por correo"},
        REMOTE_ADDR="190.20.30.40",
    )

    client.force_login(articuladora)
    sesion = client.get(acuerdo.sesion.get_absolute_url()).content.decode()
    contenido = client.get(reverse("mesas:acuerdo_historial", args=[acuerdo.pk])).content.decode()

    assert reverse("mesas:acuerdo_historial", args=[acuerdo.pk]) in sesion
    assert f"{representante} (desde 190.20.30.40)" in contenido
    assert cambios_en(contenido)[:2] == [
        ("Estado", "Pendiente", "Cumplido"),
        ("Cumplido por", "—", str(representante)),
    ]
    assert ("Observación", "—", "Nómina enviada por correo") in cambios_en(contenido)
    assert "Cumplido el" in [campo for campo, _, _ in cambios_en(contenido)]


def test_historiales_de_otra_comuna_dan_404(client, omil_vina):
    sesion = _sesion_pasada(mesa_comunal("05802"))
    services.minuta_subir(sesion=sesion, texto="Minuta", por=_gestora())
    acuerdo = AcuerdoFactory(sesion=sesion)
    client.force_login(omil_vina)

    urls = [
        reverse("mesas:minuta_historial", args=[sesion.pk]),
        reverse("mesas:acuerdo_historial", args=[acuerdo.pk]),
    ]

    assert [client.get(u).status_code for u in urls] == [404, 404]


# --- Calendar ------------------------------------------------------------------------------------
def test_calendario_del_mes_muestra_las_sesiones(client, articuladora):
    mesa = mesa_regional()
    SesionFactory(mesa=mesa, inicio=en_santiago(date(PROXIMO_ANIO, 3, 26)))
    client.force_login(articuladora)

    contenido = client.get(
        reverse("mesas:calendario"), {"mes": f"{PROXIMO_ANIO}-03"}
    ).content.decode()

    assert "10:00 Mesa Intersectorial Regional de Valparaíso" in contenido
    assert ">Sesión<" in contenido


def test_feed_ical_personal_con_token(client, articuladora):
    mesa = mesa_regional()
    sesion = SesionFactory(mesa=mesa)
    client.force_login(articuladora)
    client.post(reverse("mesas:calendario_token"))
    articuladora.refresh_from_db()
    client.logout()

    feed = client.get(reverse("mesas:calendario_feed", args=[articuladora.token_calendario]))
    malo = client.get(reverse("mesas:calendario_feed", args=["x" * 43]))

    cal = Calendar.from_ical(feed.content)
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [sesion.uid]
    assert malo.status_code == 404


def test_ics_de_una_sesion_se_descarga(client, articuladora):
    sesion = SesionFactory(mesa=mesa_regional(), lugar="Sala SENCE")
    client.force_login(articuladora)

    respuesta = client.get(reverse("mesas:sesion_ics", args=[sesion.pk]))

    evento = Calendar.from_ical(respuesta.content).walk("VEVENT")[0]
    assert respuesta["Content-Disposition"] == f'attachment; filename="sesion-{sesion.pk}.ics"'
    assert (str(evento["UID"]), str(evento["LOCATION"])) == (sesion.uid, "Sala SENCE")
    assert evento.decoded("DTSTART") == sesion.inicio


def test_regenerar_token_invalida_el_anterior(client, articuladora):
    client.force_login(articuladora)
    client.post(reverse("mesas:calendario_token"))
    articuladora.refresh_from_db()
    viejo = articuladora.token_calendario

    client.post(reverse("mesas:calendario_token"))
    client.logout()

    assert client.get(reverse("mesas:calendario_feed", args=[viejo])).status_code == 404


# --- Regional overview ---------------------------------------------------------------------------
def test_panorama_marca_con_texto_quien_esta_atrasado(client, articuladora):
    limache = mesa_comunal("05802")
    vina = mesa_comunal("05109")
    al_dia = _sesion_pasada(limache)
    Minuta.objects.create(sesion=al_dia, texto="ok")
    atrasada = SesionFactory(
        mesa=vina, inicio=timezone.now() - timedelta(days=60), estado="realizada"
    )
    AcuerdoFactory(sesion=atrasada, estado="vencido", fecha_limite=date(2020, 1, 1))
    client.force_login(articuladora)

    contenido = client.get(reverse("mesas:panorama")).content.decode()

    assert "dentro de 7 días" in contenido
    assert "Al día" in contenido
    assert "Atrasada" in contenido
    assert "1 minuta sin subir" in contenido
    assert "1 acuerdo vencido" in contenido


def test_panorama_y_panel_de_inicio_comparten_el_calculo_y_ven_cada_cambio(
    client, articuladora, django_assert_max_num_queries
):
    vina = mesa_comunal("05109")
    sesion = SesionFactory(
        mesa=vina, inicio=timezone.now() - timedelta(days=60), estado="realizada"
    )
    Minuta.objects.create(sesion=sesion, texto="ok")
    client.force_login(articuladora)
    client.get(reverse("nucleo:inicio"))  # the home panel computes the region's panorama
    with django_assert_max_num_queries(4):  # session, user, roles, regions: nothing recomputed
        antes = client.get(reverse("mesas:panorama")).content.decode()

    AcuerdoFactory(sesion=sesion, estado="vencido", fecha_limite=date(2020, 1, 1))
    despues = client.get(reverse("mesas:panorama")).content.decode()

    assert "acuerdo vencido" not in antes
    assert "1 acuerdo vencido" in despues


def test_omil_no_entra_al_panorama(client, omil_limache):
    client.force_login(omil_limache)

    assert client.get(reverse("mesas:panorama")).status_code == 403


def test_la_mesa_no_arma_el_formulario_de_integrantes_hasta_que_se_pide(client, articuladora):
    mesa = mesa_regional()
    client.force_login(articuladora)
    url = reverse("mesas:integrante_add", args=[mesa.pk])

    detalle = client.get(mesa.get_absolute_url()).content.decode()
    fragmento = client.get(url, headers={"HX-Request": "true"}).content.decode()
    pagina = client.get(url).content.decode()

    assert f'hx-get="{url}"' in detalle and 'name="institucion"' not in detalle
    assert 'name="institucion"' in fragmento and "<html" not in fragmento
    assert 'name="institucion"' in pagina and "<html" in pagina  # without JavaScript too


def test_agregar_integrante(client, articuladora):
    mesa = mesa_regional(miembros=())
    sernameg = oficina("sernameg")
    client.force_login(articuladora)

    respuesta = client.post(
        reverse("mesas:integrante_add", args=[mesa.pk]),
        {"institucion": sernameg.pk, "rol": "titular"},
        follow=True,
    )

    assert mesa.integrantes.filter(institucion=sernameg, activo=True).exists()
    assert f"Se agregó a {sernameg}" in respuesta.content.decode()


def test_integrante_invalido_conserva_lo_elegido_y_no_agrega_nada(client, articuladora):
    mesa = mesa_regional(miembros=())
    sernameg = oficina("sernameg")
    client.force_login(articuladora)
    antes = Integrante.objects.count()

    respuesta = client.post(
        reverse("mesas:integrante_add", args=[mesa.pk]),
        {"institucion": sernameg.pk, "rol": "no-existe"},
    )

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "no-existe no es una de las opciones disponibles" in html
    assert f'<option value="{sernameg.pk}" selected>' in html
    assert Integrante.objects.count() == antes


def test_las_invitaciones_sin_responder_son_de_cada_persona_aunque_el_inicio_se_comparta(
    client,
):
    senadis = oficina("senadis")
    ana = usuario_con_rol(Rol.REPRESENTANTE, senadis, first_name="Ana")
    berta = usuario_con_rol(Rol.REPRESENTANTE, senadis, first_name="Berta")
    mesa = mesa_regional()
    sesion = SesionFactory(mesa=mesa)
    AsistenciaFactory(sesion=sesion, institucion=senadis, persona=ana, estado="invitada")

    client.force_login(berta)
    de_berta = client.get(reverse("nucleo:inicio")).content.decode()
    client.force_login(ana)
    de_ana = client.get(reverse("nucleo:inicio")).content.decode()

    assert "Invitaciones a sesiones sin responder" in de_ana
    assert sesion.get_absolute_url() in de_ana
    assert "Invitaciones a sesiones sin responder" not in de_berta
    assert "Próximas sesiones" in de_berta and "Próximas sesiones" in de_ana


def test_lista_de_acuerdos_pagina_de_a_25_y_los_filtros_tienen_estilo(client, articuladora):
    mesa = mesa_regional()
    sesion = _sesion_pasada(mesa)
    for _ in range(27):
        AcuerdoFactory(sesion=sesion, mesa=mesa)
    client.force_login(articuladora)

    primera = client.get(reverse("mesas:acuerdo_list"), {"estado": "abiertos"}).content.decode()
    segunda = client.get(
        reverse("mesas:acuerdo_list"), {"estado": "abiertos", "pagina": 2}
    ).content.decode()

    assert "27 acuerdos; del 1 al 25" in primera
    assert "27 acuerdos; del 26 al 27" in segunda
    assert "?estado=abiertos&amp;pagina=2" in primera  # the filter travels with the page
    assert 'class="form-select"' in primera and 'class="form-control"' in primera


def test_lista_de_acuerdos_ordena_por_plazo_entre_paginas_y_filtra_por_mesa(client, articuladora):
    regional, comunal, ajena = mesa_regional(), mesa_comunal("05802"), mesa_regional("08")
    hoy = timezone.localdate()
    for dias in range(26):
        mesa = regional if dias % 2 else comunal
        AcuerdoFactory(
            sesion=_sesion_pasada(mesa)
            if dias < 2
            else Acuerdo.objects.filter(mesa=mesa).first().sesion,
            mesa=mesa,
            texto=f"Plazo en {dias:02d} días",
            fecha_limite=hoy + timedelta(days=dias),
        )
    AcuerdoFactory(sesion=_sesion_pasada(ajena), mesa=ajena, texto="De otra región")
    client.force_login(articuladora)
    url = reverse("mesas:acuerdo_list")

    primera = client.get(url).content.decode()
    segunda = client.get(url, {"pagina": 2}).content.decode()
    de_limache = client.get(url, {"mesa": comunal.pk}).content.decode()
    ajena_pedida = client.get(url, {"mesa": ajena.pk}).content.decode()

    textos = [f"Plazo en {d:02d} días" for d in range(26)]
    assert [primera.index(t) for t in textos[:25]] == sorted(primera.index(t) for t in textos[:25])
    assert textos[25] in segunda and textos[24] not in segunda
    assert "De otra región" not in primera + segunda
    assert f'<option value="{comunal.pk}">{comunal.nombre}</option>' in primera
    assert f'value="{ajena.pk}"' not in primera
    assert "Plazo en 00 días" in de_limache and "Plazo en 01 días" not in de_limache
    assert "Mesa: Escoja una opción válida" in ajena_pedida
    assert "De otra región" not in ajena_pedida
    assert "Plazo en 00 días" in ajena_pedida  # the other filters (open ones) still apply


def test_lista_de_acuerdos_muestra_primero_lo_urgente(client, articuladora):
    sesion = _sesion_pasada(mesa_regional())
    hoy = timezone.localdate()
    AcuerdoFactory(sesion=sesion, texto="Ya cumplido", estado="cumplido", fecha_limite=hoy)
    AcuerdoFactory(sesion=sesion, texto="Pendiente pronto", fecha_limite=hoy + timedelta(days=3))
    AcuerdoFactory(
        sesion=sesion, texto="Vencido hace poco", estado="vencido", fecha_limite=hoy - timedelta(2)
    )
    AcuerdoFactory(
        sesion=sesion,
        texto="Vencido hace mucho",
        estado="vencido",
        fecha_limite=hoy - timedelta(40),
    )
    client.force_login(articuladora)

    pagina = client.get(reverse("mesas:acuerdo_list"), {"estado": ""}).content.decode()

    orden = ["Vencido hace mucho", "Vencido hace poco", "Pendiente pronto", "Ya cumplido"]
    assert [pagina.index(t) for t in orden] == sorted(pagina.index(t) for t in orden)


def test_la_sesion_lista_los_15_acuerdos_previos_mas_proximos_y_enlaza_a_todos(
    client, articuladora
):
    mesa = mesa_regional()
    anterior = SesionFactory(mesa=mesa, inicio=timezone.now() - timedelta(days=40))
    hoy = timezone.localdate()
    for dias in range(17):
        AcuerdoFactory(
            sesion=anterior, texto=f"Previo a {dias} días", fecha_limite=hoy + timedelta(dias)
        )
    sesion = _sesion_pasada(mesa)
    client.force_login(articuladora)

    html = client.get(sesion.get_absolute_url()).content.decode()

    assert 'badge text-bg-light">17</span>' in html
    assert "Previo a 14 días" in html and "Previo a 15 días" not in html
    assert f"?estado=abiertos&amp;mesa={mesa.pk}" in html
