import re
from datetime import timedelta

import pytest
from django import forms as forms_django
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from empresas import services
from empresas.models import (
    AcuerdoVisita,
    Empresa,
    EncuentroEmpresarial,
    InvitacionVisita,
    ParticipacionEncuentro,
    VisitaEmpresa,
)
from nucleo.models import Comuna, Rol
from tests.factories import (
    AcuerdoVisitaFactory,
    ContactoFactory,
    EmpresaFactory,
    EncuentroFactory,
    InvitacionVisitaFactory,
    NecesidadFactory,
    ParticipacionEncuentroFactory,
    VisitaEmpresaFactory,
    oficina,
    omil_de,
    usuario_con_rol,
)
from tests.historial import cambios_en

pytestmark = pytest.mark.django_db


@pytest.fixture
def usuarios():
    return {
        "ejecutivo": usuario_con_rol(Rol.EJECUTIVO, username="ejecutivo"),
        "director": usuario_con_rol(Rol.DIRECTOR, username="director"),
        "omil_limache": usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), username="limache"),
        "omil_vina": usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05109"), username="vina"),
        "senadis": usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"), username="senadis"),
        "sernameg": usuario_con_rol(Rol.REPRESENTANTE, oficina("sernameg"), username="sernameg"),
        "biobio": usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08"), username="biobio"),
    }


@pytest.fixture
def mundo(usuarios):
    """A company in Limache with a visit inviting SENADIS, an agreement, an encuentro."""
    empresa = EmpresaFactory(razon_social="Agrícola Limache SpA")
    NecesidadFactory(empresa=empresa)
    invitacion = InvitacionVisitaFactory(
        visita__empresa=empresa, visita__planificada_por=usuarios["ejecutivo"]
    )
    acuerdo = AcuerdoVisitaFactory(visita=invitacion.visita, institucion=oficina("senadis"))
    encuentro = EncuentroFactory(creado_por=usuarios["ejecutivo"])
    participacion = ParticipacionEncuentroFactory(encuentro=encuentro, empresa=empresa)
    importacion = services.importacion_subir(
        archivo=_csv("RUT;Razón social;Comuna\n76.123.456-0;Los Aromos SpA;Limache\n"),
        por=usuarios["ejecutivo"],
    )
    return {
        "empresa": empresa,
        "visita": invitacion.visita,
        "invitacion": invitacion,
        "acuerdo": acuerdo,
        "encuentro": encuentro,
        "participacion": participacion,
        "importacion": importacion,
    }


def _csv(texto: str, nombre: str = "empresas.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(nombre, texto.encode("utf-8"), content_type="text/csv")


USUARIOS = ["ejecutivo", "director", "omil_limache", "omil_vina", "senadis", "sernameg", "biobio"]

# url name, object key, expected GET status per user (in USUARIOS order)
ACCESO_GET = [
    ("empresas:empresa_detail", "empresa", [200, 200, 200, 404, 200, 404, 404]),
    ("empresas:empresa_update", "empresa", [200, 403, 200, 404, 403, 403, 404]),
    ("empresas:visita_detail", "visita", [200, 200, 200, 404, 200, 404, 404]),
    ("empresas:visita_historial", "visita", [200, 200, 200, 404, 200, 404, 404]),
    ("empresas:visita_update", "visita", [200, 403, 200, 404, 403, 403, 404]),
    ("empresas:visita_resultado", "visita", [200, 403, 200, 404, 403, 403, 404]),
    ("empresas:encuentro_detail", "encuentro", [200, 200, 200, 404, 404, 404, 404]),
    ("empresas:encuentro_update", "encuentro", [200, 403, 200, 404, 403, 403, 404]),
    ("empresas:importar_previa", "importacion", [200, 403, 404, 404, 403, 403, 404]),
]


@pytest.mark.parametrize(("nombre", "clave", "esperados"), ACCESO_GET, ids=lambda v: str(v))
def test_cada_vista_de_objeto_responde_segun_el_alcance(
    client, usuarios, mundo, nombre, clave, esperados
):
    url = reverse(nombre, args=[mundo[clave].pk])

    obtenidos = []
    for quien in USUARIOS:
        client.force_login(usuarios[quien])
        obtenidos.append(client.get(url).status_code)

    assert obtenidos == esperados


# url name, object key, POST data, expected status per user; a refused POST changes nothing
ACCESO_POST = [
    ("empresas:empresa_update", "empresa", {}, {"omil_vina": 404, "biobio": 404, "director": 403}),
    ("empresas:visita_update", "visita", {}, {"omil_vina": 404, "biobio": 404, "senadis": 403}),
    (
        "empresas:visita_suspender",
        "visita",
        {"motivo": "x"},
        {"omil_vina": 404, "biobio": 404, "senadis": 403, "director": 403},
    ),
    ("empresas:visita_resultado", "visita", {}, {"omil_vina": 404, "biobio": 404}),
    (
        "empresas:acuerdo_cumplir",
        "acuerdo",
        {"cumplido": "1"},
        {"omil_vina": 404, "sernameg": 404, "biobio": 404, "director": 403},
    ),
    (
        "empresas:invitacion_responder",
        "invitacion",
        {"estado": "confirmada"},
        {"sernameg": 404, "ejecutivo": 403, "biobio": 403},
    ),
    ("empresas:encuentro_update", "encuentro", {}, {"omil_vina": 404, "biobio": 404}),
    ("empresas:encuentro_empresas", "encuentro", {}, {"omil_vina": 404, "biobio": 404}),
    (
        "empresas:participacion_estado",
        "participacion",
        {"estado": "asistio"},
        {"omil_vina": 404, "biobio": 404, "senadis": 403},
    ),
    ("empresas:importar_previa", "importacion", {}, {"omil_limache": 404, "biobio": 404}),
]


def _foto():
    return (
        list(Empresa.objects.values_list("pk", "version", "razon_social")),
        list(VisitaEmpresa.objects.values_list("pk", "version", "estado", "inicio")),
        list(InvitacionVisita.objects.values_list("pk", "estado")),
        list(AcuerdoVisita.objects.values_list("pk", "estado")),
        list(EncuentroEmpresarial.objects.values_list("pk", "version")),
        list(ParticipacionEncuentro.objects.values_list("pk", "estado")),
    )


@pytest.mark.parametrize(
    ("nombre", "clave", "datos", "esperados"), ACCESO_POST, ids=lambda v: str(v)
)
def test_post_fuera_del_alcance_no_cambia_nada(
    client, usuarios, mundo, nombre, clave, datos, esperados
):
    url = reverse(nombre, args=[mundo[clave].pk])
    antes = _foto()

    for quien, estado in esperados.items():
        client.force_login(usuarios[quien])

        assert client.post(url, datos).status_code == estado, quien

    assert _foto() == antes


def test_listas_muestran_solo_lo_del_alcance(client, usuarios, mundo):
    ajena = EmpresaFactory(
        razon_social="Pesquera Talcahuano", comuna=Comuna.objects.get(codigo="08110")
    )

    client.force_login(usuarios["omil_vina"])
    lista_vina = client.get(reverse("empresas:empresa_list")).content.decode()
    client.force_login(usuarios["biobio"])
    lista_biobio = client.get(reverse("empresas:empresa_list")).content.decode()
    visitas_biobio = client.get(reverse("empresas:visita_list") + "?ver=todas").content.decode()

    assert "Agrícola Limache" not in lista_vina
    assert "Aún no hay empresas registradas en tu territorio" in lista_vina
    assert ajena.razon_social in lista_biobio and "Agrícola Limache" not in lista_biobio
    assert "Agrícola Limache" not in visitas_biobio


def test_busqueda_y_filtros_de_empresas(client, usuarios, mundo):
    EmpresaFactory(razon_social="Constructora Pérez Ltda.", rubro="construccion")
    client.force_login(usuarios["director"])

    por_rut = client.get(reverse("empresas:empresa_list"), {"q": mundo["empresa"].rut_formateado})
    por_necesidad = client.get(reverse("empresas:empresa_list"), {"necesidad": "discapacidad"})
    por_rubro = client.get(reverse("empresas:empresa_list"), {"rubro": "construccion"})

    assert "Agrícola Limache" in por_rut.content.decode()
    assert "Constructora Pérez" not in por_rut.content.decode()
    assert "1 empresa con estos filtros" in por_necesidad.content.decode()
    assert "Constructora Pérez" in por_rubro.content.decode()
    assert "Agrícola Limache" not in por_rubro.content.decode()


def test_lista_de_empresas_pagina_por_nombre_cuenta_visitas_y_pasar_pagina_no_es_filtrar(
    client, usuarios, mundo
):
    for n in range(26):
        EmpresaFactory(razon_social=f"Zeta {n:02d} SpA")
    VisitaEmpresaFactory(empresa=Empresa.objects.get(razon_social="Zeta 25 SpA"))
    VisitaEmpresaFactory(empresa=Empresa.objects.get(razon_social="Zeta 25 SpA"))
    client.force_login(usuarios["director"])

    primera = client.get(reverse("empresas:empresa_list")).content.decode()
    segunda = client.get(reverse("empresas:empresa_list"), {"pagina": 2}).content.decode()

    assert re.search(r"\d+ empresas\.", segunda) and "con estos filtros" not in segunda
    assert "Quitar filtros" not in segunda
    assert "Zeta 25 SpA" in segunda and "Zeta 25 SpA" not in primera
    fila = re.search(r"Zeta 25 SpA.*?</tr>", segunda, re.S).group(0)
    assert re.search(r'<td class="text-end">2</td>', fila)


# --- Company forms ------------------------------------------------------------------------------
def _formsets(**extra):
    datos = {}
    for prefijo in ("contactos", "necesidades"):
        datos.update(
            {
                f"{prefijo}-TOTAL_FORMS": "1",
                f"{prefijo}-INITIAL_FORMS": "0",
                f"{prefijo}-MIN_NUM_FORMS": "0",
                f"{prefijo}-MAX_NUM_FORMS": "30",
            }
        )
    datos.update(extra)
    return datos


def test_registrar_empresa_desde_el_formulario(client, usuarios):
    client.force_login(usuarios["omil_limache"])

    respuesta = client.post(
        reverse("empresas:empresa_create"),
        _formsets(
            rut="76.123.456-0",
            razon_social="Comercial Los Aromos SpA",
            rubro="comercio",
            tamano="pequena",
            comuna="05802",
            **{
                "contactos-0-nombre": "Ana Rojas",
                "contactos-0-cargo": "Jefa de personas",
                "necesidades-0-tipo": "vacantes",
                "necesidades-0-ocupacion": "Cajero/a",
                "necesidades-0-cantidad": "2",
            },
        ),
    )

    empresa = Empresa.objects.get()
    assert respuesta.status_code == 302
    assert respuesta.url == empresa.get_absolute_url()
    assert empresa.rut == "76123456-0"
    assert empresa.contactos.get().nombre == "Ana Rojas"
    assert empresa.necesidades.get().cantidad == 2


@pytest.mark.parametrize(
    ("rut", "mensaje"),
    [
        ("76.123.456-1", "El dígito verificador no corresponde"),
        ("", "Este campo es obligatorio."),
        ("hola", "El RUT solo puede tener números"),
    ],
)
def test_rut_invalido_en_el_formulario_muestra_el_error(client, usuarios, rut, mensaje):
    client.force_login(usuarios["ejecutivo"])

    respuesta = client.post(
        reverse("empresas:empresa_create"),
        _formsets(rut=rut, razon_social="X SpA", rubro="comercio", tamano="micro", comuna="05802"),
    )

    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    assert not Empresa.objects.exists()


def test_rut_duplicado_en_el_formulario_muestra_el_error(client, usuarios, mundo):
    client.force_login(usuarios["ejecutivo"])

    respuesta = client.post(
        reverse("empresas:empresa_create"),
        _formsets(
            rut=mundo["empresa"].rut_formateado.lower(),
            razon_social="Otra SpA",
            rubro="comercio",
            tamano="micro",
            comuna="05802",
        ),
    )

    assert "Ya existe una empresa con este RUT." in respuesta.content.decode()
    assert Empresa.objects.count() == 1


def test_edicion_con_version_vieja_muestra_conflicto(client, usuarios, mundo):
    empresa = mundo["empresa"]
    client.force_login(usuarios["ejecutivo"])
    datos = _formsets(
        rut=empresa.rut,
        razon_social="Cambio tardío SpA",
        rubro="comercio",
        tamano="micro",
        comuna="05802",
        version="1",
    )
    Empresa.objects.filter(pk=empresa.pk).update(version=2)

    respuesta = client.post(reverse("empresas:empresa_update", args=[empresa.pk]), datos)

    assert "Otra persona guardó cambios" in respuesta.content.decode()
    assert Empresa.objects.get(pk=empresa.pk).razon_social == "Agrícola Limache SpA"


def test_fila_vacia_para_escribir_solo_mientras_no_hay_filas(client, usuarios, mundo):
    """A company with contacts and needs shows them and no empty row («Agregar …» adds one);
    a new company gets one empty row of each to type in."""
    empresa = mundo["empresa"]
    ContactoFactory(empresa=empresa)
    NecesidadFactory(empresa=empresa)
    client.force_login(usuarios["ejecutivo"])

    editar = client.get(reverse("empresas:empresa_update", args=[empresa.pk])).context
    nueva = client.get(reverse("empresas:empresa_create")).context

    filas = [empresa.contactos.count(), empresa.necesidades.count()]
    assert [len(editar[n].forms) for n in ("contactos", "necesidades")] == filas
    assert all(f.instance.pk for n in ("contactos", "necesidades") for f in editar[n].forms)
    assert [len(nueva[n].forms) for n in ("contactos", "necesidades")] == [1, 1]
    assert not any(f.instance.pk for n in ("contactos", "necesidades") for f in nueva[n].forms)


def _como_lo_envia_el_navegador(respuesta, *nombres: str) -> dict:
    """The POST a browser sends for the page's forms as shown (`nombres`: the context names of
    a form and its formsets), nothing changed: each field's shown value, checkboxes only when
    ticked, and each formset's management form."""
    datos = {}
    for nombre in nombres:
        objeto = respuesta.context[nombre]
        formularios = (
            [objeto.management_form, *objeto.forms] if hasattr(objeto, "forms") else [objeto]
        )
        for formulario in formularios:
            for campo in formulario:
                valor = campo.value()
                if isinstance(campo.field, forms_django.BooleanField):
                    if valor:
                        datos[campo.html_name] = "on"
                elif isinstance(valor, list | tuple):
                    datos[campo.html_name] = [str(v) for v in valor]
                elif valor is not None:
                    datos[campo.html_name] = campo.field.widget.format_value(valor) or valor
    return datos


def test_guardar_la_empresa_sin_tocar_sus_filas_las_conserva(client, usuarios, mundo):
    """Saving the edit page as shown keeps every contact and need, and a contact added beside
    them is kept with them (the rows left untouched were deleted)."""
    empresa = mundo["empresa"]
    ContactoFactory(empresa=empresa, nombre="Claudia Fuentes")
    url = reverse("empresas:empresa_update", args=[empresa.pk])
    client.force_login(usuarios["ejecutivo"])

    def filas():
        nombres = sorted(empresa.contactos.values_list("nombre", flat=True))
        return nombres, empresa.necesidades.count()

    antes = filas()

    datos = _como_lo_envia_el_navegador(client.get(url), "form", "contactos", "necesidades")
    assert client.post(url, datos).status_code == 302
    despues = (
        list(empresa.contactos.values_list("nombre", flat=True)),
        empresa.necesidades.count(),
    )

    assert antes == (["Claudia Fuentes"], 1)
    assert despues == antes

    datos = _como_lo_envia_el_navegador(client.get(url), "form", "contactos", "necesidades")
    datos.update(
        {"contactos-TOTAL_FORMS": "2", "contactos-1-nombre": "Nuevo", "contactos-1-cargo": "RR.HH."}
    )
    assert client.post(url, datos).status_code == 302

    assert sorted(empresa.contactos.values_list("nombre", flat=True)) == [
        "Claudia Fuentes",
        "Nuevo",
    ]
    assert empresa.necesidades.count() == 1


def test_guardar_el_resultado_sin_tocar_los_acuerdos_los_conserva(client, usuarios, mundo):
    visita = mundo["visita"]
    VisitaEmpresa.objects.filter(pk=visita.pk).update(inicio=timezone.now() - timedelta(hours=3))
    url = reverse("empresas:visita_resultado", args=[visita.pk])
    client.force_login(usuarios["omil_limache"])

    datos = _como_lo_envia_el_navegador(client.get(url), "form", "acuerdos")
    datos.update({"vacantes_ofrecidas": "2", "personas_derivadas": "3", "resultado": "Bien"})

    assert client.post(url, datos).status_code == 302
    assert list(visita.acuerdos.values_list("texto", flat=True)) == [mundo["acuerdo"].texto]


# --- Visit forms --------------------------------------------------------------------------------
def _fecha(dias: int) -> str:
    return (timezone.localtime() + timedelta(days=dias)).strftime("%Y-%m-%dT10:00")


def test_formulario_de_visita_marca_los_servicios_sugeridos(client, usuarios, mundo):
    client.force_login(usuarios["ejecutivo"])

    respuesta = client.get(reverse("empresas:visita_create"), {"empresa": mundo["empresa"].pk})

    form = respuesta.context["form"]
    senadis = oficina("senadis")
    assert form.initial["instituciones"] == [senadis.pk]
    assert form.initial["participantes"] == [usuarios["ejecutivo"].pk]
    assert "sugerido: Inclusión laboral de personas con discapacidad" in respuesta.content.decode()


def test_planificar_visita_desde_el_formulario(
    client, usuarios, mundo, django_capture_on_commit_callbacks
):
    client.force_login(usuarios["ejecutivo"])
    senadis = oficina("senadis")

    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(
            reverse("empresas:visita_create"),
            {
                "empresa": mundo["empresa"].pk,
                "inicio": _fecha(4),
                "duracion_minutos": "90",
                "objetivo": "Contratación inclusiva",
                "participantes": [usuarios["ejecutivo"].pk, usuarios["omil_limache"].pk],
                "instituciones": [senadis.pk],
            },
        )

    visita = VisitaEmpresa.objects.latest("pk")
    assert respuesta.url == visita.get_absolute_url()
    assert set(visita.participantes.all()) == {usuarios["ejecutivo"], usuarios["omil_limache"]}
    assert visita.invitaciones.get().motivo.startswith("Inclusión laboral")
    assert [m.to for m in mail.outbox] == [[usuarios["senadis"].email]]


def test_visita_en_el_pasado_muestra_el_error(client, usuarios, mundo):
    client.force_login(usuarios["ejecutivo"])
    antes = VisitaEmpresa.objects.count()

    respuesta = client.post(
        reverse("empresas:visita_create"),
        {
            "empresa": mundo["empresa"].pk,
            "inicio": _fecha(-1),
            "duracion_minutos": "90",
            "objetivo": "x",
            "participantes": [usuarios["ejecutivo"].pk],
        },
    )

    assert "ya pasaron" in respuesta.content.decode()
    assert VisitaEmpresa.objects.count() == antes


def test_omil_no_puede_planificar_en_empresa_de_otra_comuna(client, usuarios, mundo):
    client.force_login(usuarios["omil_vina"])

    respuesta = client.get(reverse("empresas:visita_create"), {"empresa": mundo["empresa"].pk})

    assert respuesta.status_code == 404


def test_planificador_ve_quien_viene_de_un_vistazo(client, usuarios, mundo):
    services.invitacion_responder(
        invitacion=mundo["invitacion"], estado="confirmada", por=usuarios["senadis"]
    )
    client.force_login(usuarios["ejecutivo"])

    contenido = client.get(mundo["visita"].get_absolute_url()).content.decode()

    assert "✓ SENADIS: asiste" in contenido
    assert "1 confirmado<" in contenido


# --- Answers in the app -------------------------------------------------------------------------
def test_representante_confirma_en_un_clic_con_htmx(client, usuarios, mundo):
    client.force_login(usuarios["senadis"])
    invitacion = mundo["invitacion"]

    respuesta = client.post(
        reverse("empresas:invitacion_responder", args=[invitacion.pk]),
        {"estado": "confirmada"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{invitacion.visita.get_absolute_url()}",
    )

    invitacion.refresh_from_db()
    assert invitacion.estado == InvitacionVisita.Estado.CONFIRMADA
    assert invitacion.respondido_por == usuarios["senadis"]
    contenido = respuesta.content.decode()
    assert "<html" not in contenido
    assert "✓ Asistencia confirmada" in contenido
    assert 'aria-live="polite"' in contenido
    # The invited-services table and its summary on the same page update too.
    assert f'id="fila-invitacion-{invitacion.pk}" hx-swap-oob="true"' in contenido
    assert "1 confirmado<" in contenido


_BOTON_DE_RESPUESTA = re.compile(r'<button[^>]*value="(confirmada|rechazada)".*?</button>', re.S)


def _botones_de_respuesta(html: str) -> dict[str, str]:
    """The answer buttons of the page, by the answer they send."""
    return {m.group(1): m.group(0) for m in _BOTON_DE_RESPUESTA.finditer(html)}


def test_la_respuesta_elegida_se_ve_marcada(client, usuarios, mundo):
    client.force_login(usuarios["senadis"])
    url = mundo["visita"].get_absolute_url()
    antes = _botones_de_respuesta(client.get(url).content.decode())

    client.post(
        reverse("empresas:invitacion_responder", args=[mundo["invitacion"].pk]),
        {"estado": "confirmada"},
    )
    despues = _botones_de_respuesta(client.get(url).content.decode())

    assert 'class="btn btn-sm btn-outline-success" aria-pressed="false"' in antes["confirmada"]
    assert 'class="btn btn-sm btn-success" aria-pressed="true"' in despues["confirmada"]
    assert '<span aria-hidden="true">✓ </span>Confirmar asistencia' in despues["confirmada"]
    assert 'class="btn btn-sm btn-outline-danger" aria-pressed="false"' in despues["rechazada"]
    assert "✗" not in despues["rechazada"]


def test_confirmar_desde_el_panel_de_inicio_no_envia_la_tabla(client, usuarios, mundo):
    client.force_login(usuarios["senadis"])

    respuesta = client.post(
        reverse("empresas:invitacion_responder", args=[mundo["invitacion"].pk]),
        {"estado": "rechazada"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/",
    )

    assert "✗ No asistirá" in respuesta.content.decode()
    assert "hx-swap-oob" not in respuesta.content.decode()


def test_respuesta_no_valida_no_cambia_nada(client, usuarios, mundo):
    client.force_login(usuarios["senadis"])

    respuesta = client.post(
        reverse("empresas:invitacion_responder", args=[mundo["invitacion"].pk]),
        {"estado": "quizas"},
        HTTP_HX_REQUEST="true",
    )

    assert "Respuesta no válida" in respuesta.content.decode()
    mundo["invitacion"].refresh_from_db()
    assert mundo["invitacion"].estado == InvitacionVisita.Estado.PENDIENTE


def test_panel_de_inicio_del_representante_lista_sus_invitaciones(client, usuarios, mundo):
    client.force_login(usuarios["senadis"])

    contenido = client.get(reverse("nucleo:inicio")).content.decode()

    assert "Visitas a empresas por confirmar" in contenido
    assert "Agrícola Limache" in contenido
    assert "Confirmar asistencia" in contenido


def test_panel_de_inicio_de_sence_muestra_proximas_visitas(client, usuarios, mundo):
    client.force_login(usuarios["ejecutivo"])

    contenido = client.get(reverse("nucleo:inicio")).content.decode()

    assert "Red de Empleadores" in contenido
    assert "? SENADIS: sin respuesta" in contenido


# --- Answers by signed link ---------------------------------------------------------------------
def _enlace(invitacion, estado="confirmada"):
    return services.invitacion_enlaces(invitacion)[estado].removeprefix("http://testserver")


def _ruta(invitacion, estado="confirmada"):
    from django.conf import settings

    return services.invitacion_enlaces(invitacion)[estado].removeprefix(settings.SITE_URL)


def test_enlace_del_correo_muestra_y_luego_confirma_sin_ingresar(client, mundo):
    invitacion = mundo["invitacion"]
    url = _ruta(invitacion)

    pagina = client.get(url)
    invitacion.refresh_from_db()
    assert pagina.status_code == 200
    assert invitacion.estado == InvitacionVisita.Estado.PENDIENTE  # a GET changes nothing

    respuesta = client.post(url)

    invitacion.refresh_from_db()
    assert "Quedó registrado: Confirmó asistencia" in respuesta.content.decode()
    assert invitacion.estado == InvitacionVisita.Estado.CONFIRMADA
    assert invitacion.respondido_por is None
    assert invitacion.respondido_por_enlace


def test_enlace_para_no_asistir(client, mundo):
    client.post(_ruta(mundo["invitacion"], "rechazada"))

    mundo["invitacion"].refresh_from_db()
    assert mundo["invitacion"].estado == InvitacionVisita.Estado.RECHAZADA


def test_enlace_alterado_no_cambia_nada(client, mundo):
    url = _ruta(mundo["invitacion"])
    alterado = url[:-3] + ("AAA/" if not url.endswith("AAA/") else "BBB/")

    respuesta = client.post(alterado)

    assert respuesta.status_code == 400
    assert "El enlace no es válido" in respuesta.content.decode()
    mundo["invitacion"].refresh_from_db()
    assert mundo["invitacion"].estado == InvitacionVisita.Estado.PENDIENTE


def test_enlace_expirado_no_cambia_nada(client, mundo, monkeypatch):
    url = _ruta(mundo["invitacion"])
    monkeypatch.setattr(services.visitas, "VIGENCIA_ENLACE", -1)

    respuesta = client.post(url)

    assert respuesta.status_code == 400
    assert "El enlace expiró" in respuesta.content.decode()
    mundo["invitacion"].refresh_from_db()
    assert mundo["invitacion"].estado == InvitacionVisita.Estado.PENDIENTE


def test_enlace_de_una_invitacion_no_responde_otra(client, mundo):
    otra = InvitacionVisitaFactory(visita=mundo["visita"], institucion=oficina("sernameg"))
    token = _ruta(mundo["invitacion"]).rstrip("/").rsplit("/", 1)[-1]

    respuesta = client.post(reverse("empresas:invitacion_enlace", args=[otra.pk, token]))

    assert respuesta.status_code == 400
    otra.refresh_from_db()
    mundo["invitacion"].refresh_from_db()
    assert (otra.estado, mundo["invitacion"].estado) == ("pendiente", "pendiente")


def test_enlace_de_antes_del_cambio_de_fecha_ya_no_sirve(client, mundo):
    invitacion = mundo["invitacion"]
    visita = invitacion.visita
    url = _ruta(invitacion)
    services.visita_actualizar(
        visita=visita,
        version=visita.version,
        inicio=visita.inicio + timedelta(days=2),
        objetivo=visita.objetivo,
        participantes=[visita.planificada_por],
        instituciones=[invitacion.institucion],
        por=visita.planificada_por,
    )

    respuesta = client.post(url)

    assert "La visita cambió de fecha" in respuesta.content.decode()
    invitacion.refresh_from_db()
    assert invitacion.estado == InvitacionVisita.Estado.PENDIENTE


def test_enlace_usado_con_la_sesion_de_otra_persona_no_cambia_nada(client, usuarios, mundo):
    client.force_login(usuarios["sernameg"])

    respuesta = client.post(_ruta(mundo["invitacion"]))

    assert respuesta.status_code == 403
    assert "tu sesión es de otra persona o institución" in respuesta.content.decode()
    mundo["invitacion"].refresh_from_db()
    assert mundo["invitacion"].estado == InvitacionVisita.Estado.PENDIENTE


def test_enlace_con_la_sesion_del_representante_registra_quien_respondio(client, usuarios, mundo):
    client.force_login(usuarios["senadis"])

    client.post(_ruta(mundo["invitacion"]))

    mundo["invitacion"].refresh_from_db()
    assert mundo["invitacion"].respondido_por == usuarios["senadis"]


# --- Outcome, agreements, encuentros ------------------------------------------------------------
def test_registrar_resultado_con_acuerdos(client, usuarios, mundo):
    visita = mundo["visita"]
    VisitaEmpresa.objects.filter(pk=visita.pk).update(inicio=timezone.now() - timedelta(hours=3))
    client.force_login(usuarios["omil_limache"])
    senadis = oficina("senadis")

    respuesta = client.post(
        reverse("empresas:visita_resultado", args=[visita.pk]),
        {
            "version": "1",
            "vacantes_ofrecidas": "6",
            "personas_derivadas": "9",
            "capacitaciones_acordadas": "Más Capaz de bodegaje",
            "resultado": "Muy buena recepción",
            "acuerdos-TOTAL_FORMS": "2",
            "acuerdos-INITIAL_FORMS": "1",
            "acuerdos-MIN_NUM_FORMS": "0",
            "acuerdos-MAX_NUM_FORMS": "30",
            "acuerdos-0-id": mundo["acuerdo"].pk,
            "acuerdos-0-visita": visita.pk,
            "acuerdos-0-texto": "Enviar terna",
            "acuerdos-0-institucion": senadis.pk,
            "acuerdos-0-fecha_limite": "2030-01-15",
            "acuerdos-0-estado": "pendiente",
            "acuerdos-1-visita": visita.pk,
            "acuerdos-1-texto": "Derivar postulantes",
            "acuerdos-1-institucion": omil_de("05802").pk,
            "acuerdos-1-fecha_limite": "2030-01-30",
            "acuerdos-1-estado": "pendiente",
        },
    )

    assert respuesta.status_code == 302
    visita.refresh_from_db()
    assert visita.estado == VisitaEmpresa.Estado.REALIZADA
    assert visita.vacantes_ofrecidas == 6
    assert sorted(visita.acuerdos.values_list("texto", flat=True)) == [
        "Derivar postulantes",
        "Enviar terna",
    ]


def test_historial_de_la_visita_muestra_quien_desde_donde_y_que_cambio(client, usuarios, mundo):
    visita = mundo["visita"]
    client.force_login(usuarios["ejecutivo"])
    client.post(
        reverse("empresas:visita_suspender", args=[visita.pk]),
        {"motivo": "La empresa pidió otra fecha"},
        REMOTE_ADDR="201.10.20.30",
    )

    detalle = client.get(visita.get_absolute_url()).content.decode()
    contenido = client.get(reverse("empresas:visita_historial", args=[visita.pk])).content.decode()

    assert reverse("empresas:visita_historial", args=[visita.pk]) in detalle
    assert f"{usuarios['ejecutivo']} (desde 201.10.20.30)" in contenido
    assert cambios_en(contenido) == [
        ("Estado", "Planificada", "Suspendida"),
        ("Motivo de la suspensión", "—", "La empresa pidió otra fecha"),
    ]
    assert '<a class="nav-link active" aria-current="page" href="' in contenido


def test_servicio_responsable_marca_su_acuerdo_cumplido(client, usuarios, mundo):
    client.force_login(usuarios["senadis"])

    respuesta = client.post(
        reverse("empresas:acuerdo_cumplir", args=[mundo["acuerdo"].pk]),
        {"cumplido": "1"},
        HTTP_HX_REQUEST="true",
    )

    assert "Cumplido" in respuesta.content.decode()
    mundo["acuerdo"].refresh_from_db()
    assert mundo["acuerdo"].estado == AcuerdoVisita.Estado.CUMPLIDO


def test_suspender_visita_avisa_a_los_servicios(
    client, usuarios, mundo, django_capture_on_commit_callbacks
):
    client.force_login(usuarios["ejecutivo"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("empresas:visita_suspender", args=[mundo["visita"].pk]),
            {"motivo": "La empresa pidió postergar"},
        )

    mundo["visita"].refresh_from_db()
    assert mundo["visita"].estado == VisitaEmpresa.Estado.SUSPENDIDA
    assert [m.to for m in mail.outbox] == [[usuarios["senadis"].email]]
    assert "Suspendida" in mail.outbox[0].subject


def test_encuentro_registra_asistencia_con_htmx(client, usuarios, mundo):
    client.force_login(usuarios["ejecutivo"])
    participacion = mundo["participacion"]

    respuesta = client.post(
        reverse("empresas:participacion_estado", args=[participacion.pk]),
        {"estado": "asistio"},
        HTTP_HX_REQUEST="true",
    )

    assert 'value="asistio" selected' in respuesta.content.decode()
    assert "Guardado" in respuesta.content.decode()
    participacion.refresh_from_db()
    assert participacion.estado == "asistio"


def test_crear_encuentro_e_invitar_empresas(client, usuarios, mundo):
    client.force_login(usuarios["ejecutivo"])
    sence = oficina("sence")

    respuesta = client.post(
        reverse("empresas:encuentro_create"),
        {
            "nombre": "Encuentro Empresarial Quillota",
            "inicio": _fecha(30),
            "duracion_minutos": "180",
            "lugar": "Centro cultural",
            "comuna": "05501",
            "estado": "programado",
            "organizadores": [sence.pk],
            "servicios_presentes": [oficina("senadis").pk],
        },
    )
    encuentro = EncuentroEmpresarial.objects.get(nombre="Encuentro Empresarial Quillota")
    client.post(
        reverse("empresas:encuentro_empresas", args=[encuentro.pk]),
        {"empresas": [mundo["empresa"].pk]},
    )

    assert respuesta.status_code == 302
    assert encuentro.region_id == "05"
    assert list(encuentro.participaciones.values_list("empresa", "estado")) == [
        (mundo["empresa"].pk, "invitada")
    ]


def test_pestana_en_las_que_participo_muestra_solo_las_propias(client, usuarios, mundo):
    otra = InvitacionVisitaFactory(visita__empresa=mundo["empresa"]).visita
    client.force_login(usuarios["ejecutivo"])

    respuesta = client.get(reverse("empresas:visita_list"), {"ver": "mias"})

    assert list(respuesta.context["pagina"]) == [mundo["visita"]]
    assert otra.planificada_por != usuarios["ejecutivo"]


def test_representante_no_ve_la_pestana_de_participacion(client, usuarios, mundo):
    client.force_login(usuarios["senadis"])

    respuesta = client.get(reverse("empresas:visita_list"))

    assert respuesta.context["ver"] == "pendientes"
    assert "mias" not in respuesta.context["vistas"]
    assert "Agrícola Limache" in respuesta.content.decode()


def test_ids_de_mas_de_mil_no_llevan_separador_de_miles(client, usuarios):
    empresa = EmpresaFactory(pk=12345)
    invitacion = InvitacionVisitaFactory(
        pk=23456, visita__empresa=empresa, visita__planificada_por=usuarios["ejecutivo"]
    )
    client.force_login(usuarios["ejecutivo"])
    ficha = client.get(empresa.get_absolute_url()).content.decode()
    client.force_login(usuarios["senadis"])

    respuesta = client.post(
        reverse("empresas:invitacion_responder", args=[invitacion.pk]),
        {"estado": "confirmada"},
        HTTP_HX_REQUEST="true",
    )

    assert "?empresa=12345" in ficha
    assert 'id="respuesta-23456"' in respuesta.content.decode()
    assert 'hx-target="#respuesta-23456"' in respuesta.content.decode()


def test_formularios_de_una_omil_parten_con_su_comuna_y_su_oficina(client, usuarios):
    client.force_login(usuarios["omil_limache"])

    empresa = client.get(reverse("empresas:empresa_create")).context["form"]
    encuentro = client.get(reverse("empresas:encuentro_create")).context["form"]

    assert empresa.initial["comuna"] == "05802"
    assert encuentro.initial["comuna"] == "05802"
    assert encuentro.initial["organizadores"] == [omil_de("05802").pk]
