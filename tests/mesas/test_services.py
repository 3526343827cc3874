from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from mesas import services
from mesas.models import Acuerdo, Asistencia, Integrante, Mesa, Minuta, Serie, Sesion
from mesas.reglas import ZONA
from nucleo.models import Comuna, Institucion, Region, Rol, Usuario
from nucleo.servicios import ConflictoDeEdicion
from tests.factories import (
    AcuerdoFactory,
    AsistenciaFactory,
    SesionFactory,
    en_santiago,
    mesa_comunal,
    mesa_regional,
    oficina,
    omil_de,
    usuario_con_rol,
)
from tests.mesas.archivos import pdf

pytestmark = pytest.mark.django_db

PROXIMO_ANIO = timezone.localdate().year + 1


def _articuladora():
    return usuario_con_rol(Rol.ARTICULADOR, username="paula")


def _gestora():
    """The region's articulator, who may change every mesa of the region (one per test)."""
    return Usuario.objects.filter(username="gestora").first() or usuario_con_rol(
        Rol.ARTICULADOR, username="gestora"
    )


def test_crear_mesa_comunal_deja_a_la_omil_como_coordinadora():
    articuladora = _articuladora()

    mesa = services.mesa_crear(
        tipo=Mesa.Tipo.COMUNAL,
        region=Region.objects.get(codigo="05"),
        comuna=Comuna.objects.get(codigo="05802"),
        coordinadora=omil_de("05802"),
        poblaciones=["discapacidad"],
        fecha_inicio=date(2017, 5, 1),
        integrantes=[oficina("senda")],
        por=articuladora,
    )

    assert mesa.nombre == "Mesa Intersectorial Comunal de Limache"
    assert sorted((i.institucion.nombre, i.rol) for i in mesa.integrantes.all()) == [
        ("OMIL Limache", "coordinacion"),
        ("SENDA Valparaíso", "titular"),
    ]


def test_segunda_mesa_comunal_en_la_misma_comuna_se_rechaza():
    mesa_comunal("05802")

    with pytest.raises(ValidationError, match="ya tiene su mesa comunal"):
        services.mesa_crear(
            tipo=Mesa.Tipo.COMUNAL,
            region=Region.objects.get(codigo="05"),
            comuna=Comuna.objects.get(codigo="05802"),
            coordinadora=omil_de("05802"),
            poblaciones=[],
            fecha_inicio=date(2020, 1, 1),
            por=_gestora(),
        )

    assert Mesa.objects.count() == 1


def test_omil_de_otra_comuna_no_puede_coordinar():
    with pytest.raises(ValidationError) as error:
        services.mesa_crear(
            tipo=Mesa.Tipo.COMUNAL,
            region=Region.objects.get(codigo="05"),
            comuna=Comuna.objects.get(codigo="05802"),
            coordinadora=omil_de("05109"),
            poblaciones=[],
            fecha_inicio=date(2020, 1, 1),
            por=_gestora(),
        )

    assert "coordinadora" in error.value.message_dict
    assert not Mesa.objects.exists()


def test_programar_sesion_invita_a_cada_integrante_con_ics(django_capture_on_commit_callbacks):
    mesa = mesa_regional(miembros=("senadis", "senda"))
    for servicio in ("sence", "senadis", "senda"):
        Institucion.objects.filter(pk=oficina(servicio).pk).update(
            email=f"{servicio}.valparaiso@ejemplo.cl"
        )
    persona = usuario_con_rol(Rol.REPRESENTANTE, oficina("senda"), email="marcela@senda.cl")
    Integrante.objects.create(mesa=mesa, institucion=oficina("senda"), persona=persona)
    inicio = en_santiago(timezone.localdate() + timedelta(days=7))

    with django_capture_on_commit_callbacks(execute=True):
        sesion = services.sesion_programar(
            mesa=mesa,
            inicio=inicio,
            lugar="SENCE",
            puntos=["Bienvenida", "Acuerdos"],
            por=_gestora(),
        )

    invitados = sorted(
        (a.institucion.servicio.codigo, a.persona_id is not None, a.email)
        for a in sesion.asistencias.all()
    )
    assert invitados == [
        ("senadis", False, "senadis.valparaiso@ejemplo.cl"),
        ("sence", False, "sence.valparaiso@ejemplo.cl"),
        ("senda", True, "marcela@senda.cl"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(i[2] for i in invitados)
    mensaje = next(m for m in mail.outbox if m.to == ["marcela@senda.cl"])
    assert mensaje.subject.startswith("[Mesas Intersectoriales] Invitación: Mesa Intersectorial")
    assert "1. Bienvenida" in mensaje.body
    assert "/mesas/invitacion/" in mensaje.body
    nombre, contenido, tipo = mensaje.attachments[0]
    assert (nombre, tipo) == ("invitacion.ics", "text/calendar; method=REQUEST")
    cal = Calendar.from_ical(contenido)
    evento = cal.walk("VEVENT")[0]
    assert cal["METHOD"] == "REQUEST"
    assert str(evento["UID"]) == f"sesion-{sesion.pk}@mesas-intersectoriales"
    assert evento.decoded("DTSTART") == inicio
    assert str(evento["LOCATION"]) == "SENCE"
    assert Asistencia.objects.filter(invitacion_enviada_at__isnull=True).count() == 0


def test_sesion_lejana_se_invita_cuando_entra_en_la_ventana(django_capture_on_commit_callbacks):
    mesa = mesa_regional()

    with django_capture_on_commit_callbacks(execute=True):
        services.sesion_programar(
            mesa=mesa, inicio=en_santiago(timezone.localdate() + timedelta(days=60)), por=_gestora()
        )

    assert mail.outbox == []


def test_serie_crea_todas_las_sesiones_y_mueve_el_feriado():
    mesa = mesa_regional()

    serie = services.serie_crear(
        mesa=mesa,
        regla="día 18, 10:00",
        desde=date(PROXIMO_ANIO, 8, 1),
        cantidad=3,
        ajustes={date(PROXIMO_ANIO, 9, 18): date(PROXIMO_ANIO, 9, 22)},
        por=_gestora(),
    )

    dias = [timezone.localtime(s.inicio, ZONA) for s in serie.sesiones.order_by("inicio")]
    assert [(d.date(), d.time()) for d in dias] == [
        (date(PROXIMO_ANIO, 8, 18), time(10)),
        (date(PROXIMO_ANIO, 9, 22), time(10)),
        (date(PROXIMO_ANIO, 10, 18), time(10)),
    ]
    assert serie.rrule.endswith("RRULE:FREQ=MONTHLY;COUNT=3;BYMONTHDAY=18")


def test_serie_de_mas_de_36_no_crea_nada():
    mesa = mesa_regional()

    with pytest.raises(ValidationError, match="más de 36"):
        services.serie_crear(
            mesa=mesa,
            regla="primer martes",
            desde=date(PROXIMO_ANIO, 1, 1),
            hasta=date(PROXIMO_ANIO + 4, 1, 1),
            por=_gestora(),
        )

    assert Serie.objects.count() == 0
    assert Sesion.objects.count() == 0


def test_mover_una_ocurrencia_no_toca_las_demas():
    mesa = mesa_regional()
    serie = services.serie_crear(
        mesa=mesa,
        regla="primer martes, 10:00",
        desde=date(PROXIMO_ANIO, 1, 1),
        cantidad=3,
        por=_gestora(),
    )
    primera, segunda, tercera = serie.sesiones.order_by("inicio")
    nuevo = en_santiago(date(PROXIMO_ANIO, 2, 5), time(15, 0))

    services.sesion_actualizar(
        sesion=segunda,
        version=segunda.version,
        tipo=segunda.tipo,
        titulo="",
        inicio=nuevo,
        fin=nuevo + timedelta(hours=2),
        lugar="Sala 2",
        enlace_video="",
        por=_gestora(),
    )

    assert Sesion.objects.get(pk=segunda.pk).inicio == nuevo
    assert Sesion.objects.get(pk=primera.pk).inicio == primera.inicio
    assert Sesion.objects.get(pk=tercera.pk).inicio == tercera.inicio


def test_dos_ediciones_concurrentes_la_segunda_recibe_conflicto():
    sesion = SesionFactory(mesa=mesa_regional())
    version = sesion.version
    datos = dict(
        tipo="ordinaria", titulo="", fin=sesion.fin, lugar="Sala A", enlace_video="", por=_gestora()
    )
    services.sesion_actualizar(sesion=sesion, version=version, inicio=sesion.inicio, **datos)
    otra = Sesion.objects.get(pk=sesion.pk)

    with pytest.raises(ConflictoDeEdicion):
        services.sesion_actualizar(
            sesion=otra, version=version, inicio=otra.inicio, **{**datos, "lugar": "Sala B"}
        )

    assert Sesion.objects.get(pk=sesion.pk).lugar == "Sala A"


def test_cambiar_el_resto_de_la_serie_mantiene_los_dias(django_capture_on_commit_callbacks):
    mesa = mesa_regional()
    serie = services.serie_crear(
        mesa=mesa,
        regla="último jueves, 10:00",
        desde=date(PROXIMO_ANIO, 3, 1),
        cantidad=3,
        por=_gestora(),
    )
    dias = [timezone.localtime(s.inicio).date() for s in serie.sesiones.order_by("inicio")]

    n = services.serie_modificar_restantes(
        serie=serie,
        hora=time(9, 30),
        duracion_minutos=90,
        lugar="Online",
        enlace_video="",
        por=_gestora(),
    )

    sesiones = list(serie.sesiones.order_by("inicio"))
    assert n == 3
    assert [timezone.localtime(s.inicio).date() for s in sesiones] == dias
    assert {timezone.localtime(s.inicio).time() for s in sesiones} == {time(9, 30)}
    assert {s.fin - s.inicio for s in sesiones} == {timedelta(minutes=90)}


def test_terminar_serie_suspende_las_restantes_y_avisa(django_capture_on_commit_callbacks):
    mesa = mesa_regional()
    Institucion.objects.filter(pk=mesa.coordinadora_id).update(email="sence@ejemplo.cl")
    manana = timezone.localdate() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        serie = services.serie_crear(
            mesa=mesa, regla=f"día {manana.day}", desde=manana, cantidad=3, por=_gestora()
        )
    primera = serie.sesiones.order_by("inicio").first()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        n = services.serie_terminar(
            serie=serie, desde=timezone.localtime(primera.inicio).date(), por=_gestora()
        )

    assert n == 3
    assert set(serie.sesiones.values_list("estado", flat=True)) == {"suspendida"}
    # Only the first one had been invited (within 30 days): only they hear about the cancellation.
    assert {m.subject.split(":")[0] for m in mail.outbox} == {
        "[Mesas Intersectoriales] Sesión suspendida"
    }
    cal = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert cal["METHOD"] == "CANCEL"
    assert str(cal.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_responder_invitacion_registra_quien_y_cuando():
    persona = usuario_con_rol(Rol.REPRESENTANTE)
    asistencia = AsistenciaFactory(persona=persona)

    services.asistencia_responder(asistencia=asistencia, respuesta="confirmada", por=persona)

    asistencia.refresh_from_db()
    assert (asistencia.estado, asistencia.respondida_por, asistencia.respondida_via) == (
        "confirmada",
        persona,
        "app",
    )
    assert asistencia.respondida_at is not None


def test_no_se_responde_una_sesion_que_ya_comenzo():
    asistencia = AsistenciaFactory(
        sesion=SesionFactory(inicio=timezone.now() - timedelta(minutes=5))
    )

    with pytest.raises(ValidationError, match="ya comenzó"):
        services.asistencia_responder(
            asistencia=asistencia, respuesta="rechazada", por=_gestora(), via="correo"
        )

    assert Asistencia.objects.get(pk=asistencia.pk).estado == "invitada"


def test_registrar_asistencia_marca_la_sesion_realizada():
    sesion = SesionFactory(inicio=timezone.now() - timedelta(hours=3))
    a = AsistenciaFactory(sesion=sesion)
    b = AsistenciaFactory(sesion=sesion, institucion=oficina("senda"))
    articuladora = _articuladora()

    services.asistencia_registrar(
        sesion=sesion, estados={a.pk: "asistio", b.pk: "justificada"}, por=articuladora
    )

    sesion.refresh_from_db()
    assert sesion.estado == "realizada"
    assert dict(sesion.asistencias.values_list("pk", "estado")) == {
        a.pk: "asistio",
        b.pk: "justificada",
    }
    assert Asistencia.objects.get(pk=a.pk).registrada_por == articuladora


def test_no_se_registra_asistencia_antes_de_la_sesion():
    sesion = SesionFactory()
    a = AsistenciaFactory(sesion=sesion)

    with pytest.raises(ValidationError, match="una vez comenzada"):
        services.asistencia_registrar(sesion=sesion, estados={a.pk: "asistio"}, por=_gestora())

    assert Sesion.objects.get(pk=sesion.pk).estado == "programada"


def test_reemplazar_minuta_conserva_la_version_anterior():
    sesion = SesionFactory(inicio=timezone.now() - timedelta(days=1), estado="realizada")
    services.minuta_subir(sesion=sesion, archivo=pdf(), por=_gestora())

    services.minuta_subir(
        sesion=sesion, texto="Versión corregida", nota="Corrige fechas", por=_gestora()
    )

    versiones = list(sesion.minutas.order_by("numero").values_list("numero", "nombre_original"))
    assert versiones == [(1, "minuta.pdf"), (2, "")]
    assert Minuta.objects.get(numero=1).archivo.name.startswith("minutas/")


def test_minuta_con_rutas_en_el_nombre_se_juzga_por_su_nombre_base():
    # A name is judged by its base name (issue 14); the stored path is generated anyway.
    sesion = SesionFactory(inicio=timezone.now() - timedelta(days=1), estado="realizada")

    minuta = services.minuta_subir(sesion=sesion, archivo=pdf("..\\..\\minuta.pdf"), por=_gestora())

    assert minuta.nombre_original == "minuta.pdf"
    assert ".." not in minuta.archivo.name


def test_minuta_vacia_se_rechaza():
    sesion = SesionFactory(inicio=timezone.now() - timedelta(days=1), estado="realizada")

    with pytest.raises(ValidationError, match="Suba un archivo o escriba"):
        services.minuta_subir(sesion=sesion, texto="   ", por=_gestora())

    assert not Minuta.objects.exists()


def test_acuerdo_cumplido_registra_quien_y_cuando():
    acuerdo = AcuerdoFactory(sesion=SesionFactory(mesa=mesa_regional()))
    articuladora = _articuladora()

    services.acuerdo_cumplir(acuerdo=acuerdo, observacion="Listo", por=articuladora)

    acuerdo.refresh_from_db()
    assert (acuerdo.estado, acuerdo.cumplido_por) == ("cumplido", articuladora)
    assert acuerdo.cumplido_at is not None
    assert acuerdo.history.count() == 2


def test_acuerdos_pasada_la_fecha_quedan_vencidos():
    hoy = timezone.localdate()
    sesion = SesionFactory(mesa=mesa_regional())
    vencido = AcuerdoFactory(sesion=sesion, fecha_limite=hoy - timedelta(days=1))
    vigente = AcuerdoFactory(sesion=sesion, fecha_limite=hoy)
    cumplido = AcuerdoFactory(
        sesion=sesion, fecha_limite=hoy - timedelta(days=5), estado="cumplido"
    )

    n = services.acuerdos_vencer(hoy=hoy)

    assert n == 1
    assert dict(Acuerdo.objects.values_list("pk", "estado")) == {
        vencido.pk: "vencido",
        vigente.pk: "pendiente",
        cumplido.pk: "cumplido",
    }


def test_token_de_calendario_se_genera_y_se_regenera():
    usuario = _articuladora()

    primero = services.calendario_token_asegurar(usuario=usuario)
    igual = services.calendario_token_asegurar(usuario=usuario)
    nuevo = services.calendario_token_asegurar(usuario=usuario, regenerar=True)

    assert len(primero) >= 40
    assert igual == primero
    assert nuevo != primero
