"""Thin views: scope (selectors, 404) -> permission (403) -> form -> one service -> response."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, OuterRef, Q, Subquery, When, Window
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from mesas import permissions, reglas, selectors, services
from mesas.forms import (
    AcuerdoFiltroForm,
    AcuerdoForm,
    AsistenciaRegistroForm,
    IntegranteForm,
    MesaCrearForm,
    MesaEditarForm,
    MinutaForm,
    PuntoForm,
    SerieForm,
    SerieModificarForm,
    SerieTerminarForm,
    SesionEditarForm,
    SesionForm,
    SuspenderForm,
)
from mesas.ics import ics_feed, ics_sesion
from mesas.models import Acuerdo, Asistencia, Mesa, Minuta, PuntoTabla, Sesion
from nucleo import firmas
from nucleo.alcance import alcance_de
from nucleo.archivos import respuesta_descarga
from nucleo.forms import errores_en_formulario
from nucleo.historial import registrar_lectura
from nucleo.models import Comuna, Institucion, Region, Rol, Usuario
from nucleo.paginacion import consulta_sin_pagina, pagina_de
from nucleo.registro import eventos_para


def _volver(request, defecto: str) -> str:
    """Where to go back after a form: only a path of this site (no open redirects)."""
    destino = request.POST.get("volver", "")
    if destino and url_has_allowed_host_and_scheme(
        destino, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return destino
    return defecto


def _exigir(condicion: bool) -> None:
    if not condicion:
        raise PermissionDenied("No puede modificar esta mesa.")


# --- Mesas ----------------------------------------------------------------------------------------
def mesa_list(request):
    mesas = list(selectors.mesas_con_resumen(request.user))
    return render(
        request,
        "mesas/mesa_list.html",
        {
            "regionales": [m for m in mesas if m.es_regional],
            "comunales": [m for m in mesas if not m.es_regional],
            "puede_crear": permissions.puede_crear_mesa(request.user),
            "ahora": timezone.now(),
        },
    )


def _opciones_mesa_nueva(usuario):
    alcance = alcance_de(usuario)
    regiones = alcance.regiones_sence(Rol.ARTICULADOR)
    if regiones:
        comunas = Comuna.objects.filter(region_id__in=regiones)
    else:
        comunas = Comuna.objects.filter(codigo__in=alcance.comunas_omil())
        regiones = set(comunas.values_list("region_id", flat=True))
    comunas = comunas.exclude(mesas__tipo=Mesa.Tipo.COMUNAL).order_by("nombre")
    instituciones = (
        Institucion.objects.filter(region_id__in=regiones, activa=True)
        .select_related("servicio", "comuna")
        .order_by("tipo", "nombre")
    )
    return regiones, comunas, instituciones, not alcance.tiene_rol(Rol.ARTICULADOR)


def mesa_create(request):
    _exigir(permissions.puede_crear_mesa(request.user))
    regiones, comunas, instituciones, solo_comunal = _opciones_mesa_nueva(request.user)
    form = MesaCrearForm(
        request.POST or None,
        comunas=comunas,
        instituciones=instituciones.exclude(tipo=Institucion.Tipo.OMIL)
        | instituciones.filter(comuna__in=comunas),
        solo_comunal=solo_comunal,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        comuna = d["comuna"] if d["tipo"] == Mesa.Tipo.COMUNAL else None
        region_id = comuna.region_id if comuna else sorted(regiones)[0]
        if comuna:
            coordinadora = (
                Institucion.objects.filter(comuna=comuna, tipo=Institucion.Tipo.OMIL).first()
                or instituciones.filter(region_id=region_id, servicio__codigo="sence").first()
            )
        else:
            coordinadora = instituciones.filter(
                region_id=region_id, servicio__codigo="sence"
            ).first()
        if coordinadora is None:
            form.add_error(None, "No hay institución coordinadora registrada (OMIL o SENCE).")
        else:
            try:
                mesa = services.mesa_crear(
                    tipo=d["tipo"],
                    region=Region.objects.get(codigo=region_id),
                    comuna=comuna,
                    coordinadora=coordinadora,
                    poblaciones=d["poblaciones"],
                    objetivo=d["objetivo"],
                    fecha_inicio=d["fecha_inicio"],
                    integrantes=list(d["integrantes"]),
                    por=request.user,
                )
            except ValidationError as error:
                errores_en_formulario(form, error)
            else:
                messages.success(request, f"Se creó la {mesa.nombre}.")
                return redirect(mesa)
    return render(request, "mesas/mesa_form.html", {"form": form})


def mesa_detail(request, pk: int):
    mesa = get_object_or_404(selectors.mesa_detalle(request.user), pk=pk)
    ahora = timezone.now()
    # The mesa is in scope, so its sessions and agreements are: no second scope filter.
    sesiones = mesa.sesiones.all()
    gestiona = permissions.puede_gestionar_mesa(request.user, mesa)
    contexto = {
        "mesa": mesa,
        "gestiona": gestiona,
        "proximas": list(sesiones.filter(inicio__gte=ahora).order_by("inicio")[:12]),
        "pasadas": list(
            sesiones.filter(inicio__lt=ahora)
            .order_by("-inicio")
            # The current minute's version number, or None: one column, not a prefetch.
            .annotate(
                version_minuta=Subquery(
                    Minuta.objects.filter(sesion=OuterRef("pk"))
                    .order_by("-numero")
                    .values("numero")[:1]
                )
            )[:12]
        ),
        "series": list(mesa.series.filter(terminada_at__isnull=True)),
        "acuerdos": list(
            mesa.acuerdos.filter(estado__in=Acuerdo.ABIERTOS)
            .select_related("institucion_responsable")
            .order_by("fecha_limite")[:20]
        ),
    }
    return render(request, "mesas/mesa_detail.html", contexto)


def mesa_update(request, pk: int):
    mesa = get_object_or_404(selectors.mesas_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, mesa))
    inicial = {
        "poblaciones": mesa.poblaciones,
        "objetivo": mesa.objetivo,
        "fecha_inicio": mesa.fecha_inicio,
        "activa": mesa.activa,
    }
    form = MesaEditarForm(request.POST or None, initial=inicial)
    if request.method == "POST" and form.is_valid():
        try:
            services.mesa_actualizar(mesa=mesa, por=request.user, **form.cleaned_data)
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Cambios guardados.")
            return redirect(mesa)
    return render(request, "mesas/mesa_editar.html", {"form": form, "mesa": mesa})


def integrante_add(request, pk: int):
    """The form is built only when asked for (its choices are every institution and person of
    the region): inline on the mesa page through htmx, or as a page of its own."""
    mesa = get_object_or_404(selectors.mesas_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, mesa))
    form = IntegranteForm(
        request.POST or None, mesa=mesa, instituciones=selectors.instituciones_para_mesa(mesa)
    )
    if request.method == "POST" and form.is_valid():
        try:
            integrante = services.integrante_agregar(
                mesa=mesa, por=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(
                request, f"Se agregó a {integrante.persona or integrante.institucion}."
            )
            return redirect(f"{mesa.get_absolute_url()}#integrantes")
    plantilla = "mesas/_integrante_form.html" if request.htmx else "mesas/integrante_form.html"
    return render(request, plantilla, {"form": form, "mesa": mesa})


@require_POST
def integrante_remove(request, pk: int, integrante_pk: int):
    mesa = get_object_or_404(selectors.mesas_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, mesa))
    integrante = get_object_or_404(mesa.integrantes.filter(activo=True), pk=integrante_pk)
    try:
        services.integrante_quitar(integrante=integrante, por=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{integrante.persona or integrante.institucion} ya no integra la mesa."
        )
    return redirect(f"{mesa.get_absolute_url()}#integrantes")


def mesa_asistencia(request, pk: int):
    mesa = get_object_or_404(selectors.mesas_visibles(request.user), pk=pk)
    sesiones, filas = selectors.asistencia_por_institucion(mesa, ultimas=12)
    return render(
        request, "mesas/mesa_asistencia.html", {"mesa": mesa, "sesiones": sesiones, "filas": filas}
    )


# --- Sessions -------------------------------------------------------------------------------------
def sesion_create(request, pk: int):
    mesa = get_object_or_404(selectors.mesas_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, mesa))
    form = SesionForm(request.POST or None, initial={"lugar": mesa.coordinadora.direccion})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            sesion = services.sesion_programar(
                mesa=mesa,
                tipo=d["tipo"],
                titulo=d["titulo"],
                inicio=d["inicio"],
                duracion_minutos=d["duracion_minutos"],
                lugar=d["lugar"],
                enlace_video=d["enlace_video"],
                puntos=d["puntos"].splitlines(),
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Sesión programada. Las invitaciones se envían por correo.")
            return redirect(sesion)
    return render(request, "mesas/sesion_form.html", {"form": form, "mesa": mesa})


PREVIOS_EN_SESION = 15


def sesion_detail(request, pk: int):
    sesion = get_object_or_404(selectors.sesion_detalle(request.user), pk=pk)
    gestiona = permissions.puede_gestionar_mesa(request.user, sesion.mesa)
    asistencias = list(sesion.asistencias.all())
    mias = [a for a in asistencias if permissions.puede_responder(request.user, a)]
    minutas = [m for m in sesion.todas_las_minutas if m.eliminada_at is None]
    # Those who manage the mesa may restore a deleted version.
    eliminadas = [m for m in sesion.todas_las_minutas if gestiona and m.eliminada_at is not None]
    acuerdos = list(sesion.acuerdos.all())
    # The nearest deadlines first; the rest are one link away (a mesa years old has many).
    previos = list(
        selectors.acuerdos_abiertos_previos(sesion).annotate(total=Window(Count("pk")))[
            :PREVIOS_EN_SESION
        ]
    )
    for a in acuerdos + previos:
        a.mesa = sesion.mesa
        a.puede_cumplir = a.abierto and permissions.puede_cumplir_acuerdo(request.user, a)
    contexto = {
        "sesion": sesion,
        "mesa": sesion.mesa,
        "gestiona": gestiona,
        "asistencias": asistencias,
        "mias": mias,
        "puede_responder": sesion.estado == "programada" and not sesion.pasada,
        "resumen": {
            e: sum(1 for a in asistencias if a.estado == e) for e in Asistencia.Estado.values
        },
        "minutas": minutas,
        "eliminadas": eliminadas,
        "minuta": minutas[0] if minutas else None,
        "acuerdos": acuerdos,
        "previos": previos,
        "n_previos": previos[0].total if previos else 0,
        "form_punto": PuntoForm() if gestiona else None,
        "inicio": timezone.localtime(sesion.inicio),
        "fin": timezone.localtime(sesion.fin),
        "plazo_minuta": selectors.DIAS_MINUTA_A_TIEMPO,
    }
    respuesta = render(request, "mesas/sesion_detail.html", contexto)
    if minutas and minutas[0].texto:  # the page shows the current version's text
        _registrar_lectura_del_texto(request, minutas[0], "página de la sesión")
    return respuesta


def sesion_update(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, sesion.mesa))
    inicial = {
        "version": sesion.version,
        "tipo": sesion.tipo,
        "titulo": sesion.titulo,
        "inicio": timezone.localtime(sesion.inicio),
        "fin": timezone.localtime(sesion.fin),
        "lugar": sesion.lugar,
        "enlace_video": sesion.enlace_video,
        "programas": list(sesion.programas_presentados.all()),
        "dificultades": sesion.dificultades,
        "propuestas_mejora": sesion.propuestas_mejora,
    }
    form = SesionEditarForm(request.POST or None, initial=inicial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        programas = list(d.pop("programas"))
        try:
            services.sesion_actualizar(sesion=sesion, programas=programas, por=request.user, **d)
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(
                request,
                "Sesión actualizada. Si cambió la fecha o el lugar, se avisa a los invitados.",
            )
            return redirect(sesion)
    return render(request, "mesas/sesion_editar.html", {"form": form, "sesion": sesion})


def sesion_suspend(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, sesion.mesa))
    form = SuspenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sesion_suspender(
                sesion=sesion, motivo=form.cleaned_data["motivo"], por=request.user
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Sesión suspendida. Se avisó a las personas invitadas.")
            return redirect(sesion)
    return render(request, "mesas/sesion_suspender.html", {"form": form, "sesion": sesion})


def sesion_ics(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    respuesta = HttpResponse(ics_sesion(sesion), content_type="text/calendar; charset=utf-8")
    respuesta["Content-Disposition"] = f'attachment; filename="sesion-{sesion.pk}.ics"'
    return respuesta


def sesion_asistencia(request, pk: int):
    sesion = get_object_or_404(selectors.sesion_detalle(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, sesion.mesa))
    asistencias = list(sesion.asistencias.all())
    form = AsistenciaRegistroForm(request.POST or None, asistencias=asistencias)
    if request.method == "POST" and form.is_valid():
        try:
            services.asistencia_registrar(sesion=sesion, estados=form.estados(), por=request.user)
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Asistencia registrada. La sesión quedó como realizada.")
            return redirect(sesion)
    return render(
        request,
        "mesas/sesion_asistencia.html",
        {"form": form, "sesion": sesion, "mesa": sesion.mesa},
    )


# --- Agenda ---------------------------------------------------------------------------------------
def _sesion_gestionable(request, pk: int) -> Sesion:
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, sesion.mesa))
    return sesion


def _puntos_respuesta(request, sesion: Sesion, form=None):
    if request.htmx:
        return render(
            request,
            "mesas/sesion_detail.html#puntos",
            {"sesion": sesion, "gestiona": True, "form_punto": form or PuntoForm()},
        )
    return redirect(f"{sesion.get_absolute_url()}#tabla")


@require_POST
def punto_add(request, pk: int):
    sesion = _sesion_gestionable(request, pk)
    form = PuntoForm(request.POST)
    if form.is_valid():
        try:
            services.punto_agregar(sesion=sesion, por=request.user, **form.cleaned_data)
            form = None
        except ValidationError as error:
            errores_en_formulario(form, error)
    if form is not None and not request.htmx:
        messages.error(request, "Escriba el tema del punto de tabla.")
    return _puntos_respuesta(request, sesion, form)


@require_POST
def punto_delete(request, pk: int, punto_pk: int):
    sesion = _sesion_gestionable(request, pk)
    punto = get_object_or_404(PuntoTabla, sesion=sesion, pk=punto_pk)
    services.punto_quitar(punto=punto, por=request.user)
    return _puntos_respuesta(request, sesion)


@require_POST
def punto_move(request, pk: int, punto_pk: int):
    sesion = _sesion_gestionable(request, pk)
    punto = get_object_or_404(PuntoTabla, sesion=sesion, pk=punto_pk)
    services.punto_mover(
        punto=punto, direccion=request.POST.get("direccion", "arriba"), por=request.user
    )
    return _puntos_respuesta(request, sesion)


# --- Series ---------------------------------------------------------------------------------------
def _vista_previa(form: SerieForm):
    d = form.cleaned_data
    try:
        regla, fechas = reglas.ocurrencias(
            d["regla"],
            desde=d["desde"],
            hasta=d.get("hasta"),
            cantidad=d.get("cantidad"),
            hora=d.get("hora"),
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None, []
    return regla, fechas


def _ajustes(post, fechas) -> dict[date, date]:
    ajustes = {}
    for o in fechas:
        valor = post.get(f"mover_{o.fecha.isoformat()}", "")
        try:
            nueva = date.fromisoformat(valor) if valor else o.fecha
        except ValueError:
            raise ValidationError(
                f"La nueva fecha para el {o.fecha:%d-%m-%Y} no es válida."
            ) from None
        if nueva != o.fecha:
            ajustes[o.fecha] = nueva
    return ajustes


def serie_create(request, pk: int):
    mesa = get_object_or_404(selectors.mesas_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, mesa))
    form = SerieForm(request.POST or None, initial={"lugar": mesa.coordinadora.direccion})
    regla, fechas = None, []
    if request.method == "POST" and form.is_valid():
        regla, fechas = _vista_previa(form)
        if regla and request.POST.get("accion") == "crear":
            d = form.cleaned_data
            try:
                serie = services.serie_crear(
                    mesa=mesa,
                    regla=d["regla"],
                    desde=d["desde"],
                    hasta=d["hasta"],
                    cantidad=d["cantidad"],
                    hora=d["hora"],
                    duracion_minutos=d["duracion_minutos"],
                    tipo=d["tipo"],
                    lugar=d["lugar"],
                    enlace_video=d["enlace_video"],
                    ajustes=_ajustes(request.POST, fechas),
                    por=request.user,
                )
            except ValidationError as error:
                errores_en_formulario(form, error)
            else:
                n = serie.sesiones.count()
                messages.success(
                    request,
                    f"Se programaron {n} sesiones ({serie.regla}). Cada invitación se envía "
                    f"{services.DIAS_INVITACION} días antes de la sesión.",
                )
                return redirect(serie)
    contexto = {"form": form, "mesa": mesa, "regla": regla, "fechas": fechas}
    if request.htmx:
        return render(request, "mesas/serie_form.html#vista_previa", contexto)
    return render(request, "mesas/serie_form.html", contexto)


def serie_preview(request, pk: int):
    return serie_create(request, pk)


def serie_detail(request, pk: int):
    serie = get_object_or_404(selectors.series_visibles(request.user), pk=pk)
    gestiona = permissions.puede_gestionar_mesa(request.user, serie.mesa)
    return render(
        request,
        "mesas/serie_detail.html",
        {
            "serie": serie,
            "mesa": serie.mesa,
            "gestiona": gestiona and not serie.terminada_at,
            "sesiones": list(serie.sesiones.order_by("inicio").prefetch_related("minutas")),
            "ahora": timezone.now(),
            "form_modificar": SerieModificarForm(
                initial={
                    "hora": serie.hora,
                    "duracion_minutos": serie.duracion_minutos,
                    "lugar": serie.lugar,
                    "enlace_video": serie.enlace_video,
                }
            ),
            "form_terminar": SerieTerminarForm(),
        },
    )


@require_POST
def serie_update(request, pk: int):
    serie = get_object_or_404(selectors.series_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, serie.mesa))
    form = SerieModificarForm(request.POST)
    if form.is_valid():
        try:
            n = services.serie_modificar_restantes(
                serie=serie, por=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Se actualizaron {n} sesiones restantes de la serie.")
    else:
        messages.error(request, "Revise la hora, la duración y el lugar.")
    return redirect(serie)


@require_POST
def serie_end(request, pk: int):
    serie = get_object_or_404(selectors.series_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, serie.mesa))
    form = SerieTerminarForm(request.POST)
    if form.is_valid():
        try:
            n = services.serie_terminar(serie=serie, por=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Serie terminada: {n} sesiones suspendidas y avisadas.")
    else:
        messages.error(request, "Indique desde qué fecha termina la serie.")
    return redirect(serie)


# --- Attendance answers ---------------------------------------------------------------------------
@require_POST
def asistencia_responder(request, pk: int):
    asistencia = get_object_or_404(selectors.asistencias_visibles(request.user), pk=pk)
    _exigir(permissions.puede_responder(request.user, asistencia))
    error = None
    try:
        services.asistencia_responder(
            asistencia=asistencia, respuesta=request.POST.get("respuesta", ""), por=request.user
        )
    except ValidationError as e:
        error = " ".join(e.messages)
    if request.htmx:
        return render(
            request,
            "mesas/sesion_detail.html#mi_respuesta",
            {"a": asistencia, "error": error, "puede_responder": True},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Respuesta registrada: {asistencia.get_estado_display()}.")
    return redirect(_volver(request, asistencia.sesion.get_absolute_url()))


def invitacion(request, token: str):
    """Signed link from the invitation e-mail: no login. GET shows, POST answers (so that
    link scanners in mail servers never answer for the person)."""
    try:
        asistencia, respuesta = services.leer_enlace(token)
    except firmas.EnlaceInvalido as error:
        return render(
            request, "mesas/invitacion_error.html", {"mensaje": error.mensaje}, status=400
        )
    hecho = False
    if request.method == "POST":
        try:
            services.asistencia_responder(
                asistencia=asistencia, respuesta=respuesta, por=None, via="correo"
            )
        except ValidationError as error:
            return render(
                request,
                "mesas/invitacion_error.html",
                {"mensaje": " ".join(error.messages)},
                status=400,
            )
        hecho = True
    return render(
        request,
        "mesas/invitacion.html",
        {
            "asistencia": asistencia,
            "sesion": asistencia.sesion,
            "respuesta": respuesta,
            "hecho": hecho,
            "inicio": timezone.localtime(asistencia.sesion.inicio),
            "fin": timezone.localtime(asistencia.sesion.fin),
        },
    )


# --- Minutes --------------------------------------------------------------------------------------
def minuta_create(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, sesion.mesa))
    actual = selectors.minuta_vigente(sesion)
    inicial = {
        "texto": actual.texto if actual and actual.texto else selectors.texto_inicial_minuta(sesion)
    }
    form = MinutaForm(request.POST or None, request.FILES or None, initial=inicial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        texto = d["texto"].replace("\r\n", "\n")
        if d["archivo"] and texto.strip() == selectors.texto_inicial_minuta(sesion).strip():
            texto = ""  # the untouched draft is not a minute: keep only the uploaded file
        try:
            minuta = services.minuta_subir(
                sesion=sesion, archivo=d["archivo"], texto=texto, nota=d["nota"], por=request.user
            )
        except ValidationError as error:
            form.add_error("archivo" if d["archivo"] else None, error.messages)
        else:
            messages.success(request, f"Minuta guardada (versión {minuta.numero}).")
            return redirect(f"{sesion.get_absolute_url()}#minuta")
    return render(
        request,
        "mesas/minuta_form.html",
        {"form": form, "sesion": sesion, "mesa": sesion.mesa, "actual": actual},
    )


@require_POST
def minuta_eliminar(request, pk: int):
    minuta = get_object_or_404(selectors.minutas_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, minuta.sesion.mesa))
    services.minuta_eliminar(minuta=minuta, por=request.user)
    messages.success(
        request,
        f"Versión {minuta.numero} de la minuta eliminada. Puedes restaurarla desde «Minutas "
        "eliminadas» en esta misma página.",
    )
    return redirect(f"{minuta.sesion.get_absolute_url()}#minuta")


@require_POST
def minuta_restaurar(request, pk: int):
    minuta = get_object_or_404(selectors.minutas_eliminadas_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, minuta.sesion.mesa))
    services.minuta_restaurar(minuta=minuta, por=request.user)
    messages.success(request, f"Versión {minuta.numero} de la minuta restaurada.")
    return redirect(f"{minuta.sesion.get_absolute_url()}#minuta")


def minuta_download(request, pk: int):
    minuta = get_object_or_404(selectors.minutas_visibles(request.user), pk=pk)
    if not minuta.archivo:
        raise Http404("Esta versión de la minuta no tiene archivo.")
    registrar_lectura(request, minuta, f"Archivo de la {minuta}")
    return respuesta_descarga(minuta.archivo, minuta.nombre_original, minuta.content_type or None)


def _registrar_lectura_del_texto(request, minuta: Minuta, donde: str) -> None:
    registrar_lectura(request, minuta, f"Texto de la {minuta} ({donde})")


def minuta_historial(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    versiones = selectors.historial_de_minutas(
        sesion, con_eliminadas=permissions.puede_gestionar_mesa(request.user, sesion.mesa)
    )
    respuesta = render(
        request,
        "mesas/minuta_historial.html",
        {"sesion": sesion, "mesa": sesion.mesa, "versiones": versiones},
    )
    # The changes show the texts (cut short): a read of each minute whose text appears.
    con_texto = {v.registro.id: v.registro.instance for v in versiones if v.registro.texto}
    for minuta in con_texto.values():
        _registrar_lectura_del_texto(request, minuta, "historial")
    return respuesta


def minuta_pdf(request, pk: int):
    from mesas.pdf import minuta_pdf as generar

    minuta = get_object_or_404(selectors.minutas_visibles(request.user), pk=pk)
    if not minuta.texto:
        raise Http404("Esta versión de la minuta no tiene texto.")
    registrar_lectura(request, minuta, f"Texto de la {minuta} (PDF)")
    inicio = timezone.localtime(minuta.sesion.inicio)
    respuesta = HttpResponse(generar(minuta), content_type="application/pdf")
    respuesta["Content-Disposition"] = (
        f'attachment; filename="minuta-{inicio:%Y-%m-%d}-v{minuta.numero}.pdf"'
    )
    return respuesta


# --- Agreements -----------------------------------------------------------------------------------
def acuerdo_list(request):
    # The visible mesas, by name only: the filter's choices, and the scope of the list as a short
    # list of ids (the planner then reads agreements by mesa instead of joining every mesa).
    mesas = list(
        selectors.mesas_visibles(request.user)
        .select_related(None)
        .only("pk", "nombre")
        .order_by("-tipo", "nombre")
    )
    acuerdos = selectors.acuerdos_de_mesas([m.pk for m in mesas])
    alcance = alcance_de(request.user)
    # Only institutions that answer for some agreement the user sees: a short, useful list.
    instituciones = (
        Institucion.objects.filter(
            region_id__in=alcance.regiones(),
            pk__in=acuerdos.values("institucion_responsable_id"),
        )
        .only("pk", "nombre")
        .order_by("nombre")
    )
    datos = request.GET.copy()
    datos.setdefault("estado", "abiertos")
    form = AcuerdoFiltroForm(datos, mesas=mesas, instituciones=instituciones)
    form.is_valid()  # a wrong value (a mesa out of scope) drops that filter only, with a message
    d = form.cleaned_data
    if d.get("estado") == "abiertos":
        acuerdos = acuerdos.filter(estado__in=Acuerdo.ABIERTOS)
    elif d.get("estado"):
        acuerdos = acuerdos.filter(estado=d["estado"])
    if d.get("mesa"):
        acuerdos = acuerdos.filter(mesa=d["mesa"])
    if d.get("institucion"):
        acuerdos = acuerdos.filter(institucion_responsable=d["institucion"])
    if d.get("q"):
        acuerdos = acuerdos.filter(Q(texto__icontains=d["q"]) | Q(observacion__icontains=d["q"]))
    # Most urgent first: overdue, then pending by deadline; completed ones last.
    urgencia = Case(
        When(estado=Acuerdo.Estado.VENCIDO, then=0),
        When(estado=Acuerdo.Estado.PENDIENTE, then=1),
        default=2,
    )
    pagina = pagina_de(
        request,
        acuerdos.order_by(urgencia, "fecha_limite", "pk"),
        filas=acuerdos.select_related(*selectors.RELACIONES_ACUERDO),
    )
    for a in pagina:
        a.puede_cumplir = a.abierto and permissions.puede_cumplir_acuerdo(request.user, a)
    return render(
        request,
        "mesas/acuerdo_list.html",
        {"form": form, "pagina": pagina, "consulta": consulta_sin_pagina(request)},
    )


def acuerdo_create(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    _exigir(permissions.puede_gestionar_mesa(request.user, sesion.mesa))
    instituciones = Institucion.objects.filter(
        pk__in=sesion.mesa.integrantes.filter(activo=True).values("institucion_id")
    ).order_by("nombre")
    form = AcuerdoForm(request.POST or None, mesa=sesion.mesa, instituciones=instituciones)
    if request.method == "POST" and form.is_valid():
        try:
            services.acuerdo_registrar(sesion=sesion, por=request.user, **form.cleaned_data)
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Acuerdo registrado.")
            if "otro" in request.POST:
                return redirect("mesas:acuerdo_create", pk=sesion.pk)
            return redirect(f"{sesion.get_absolute_url()}#acuerdos")
    return render(
        request, "mesas/acuerdo_form.html", {"form": form, "sesion": sesion, "mesa": sesion.mesa}
    )


@require_POST
def acuerdo_cumplir(request, pk: int):
    acuerdo = get_object_or_404(selectors.acuerdos_visibles(request.user), pk=pk)
    _exigir(permissions.puede_cumplir_acuerdo(request.user, acuerdo))
    error = None
    try:
        services.acuerdo_cumplir(
            acuerdo=acuerdo, observacion=request.POST.get("observacion", ""), por=request.user
        )
    except ValidationError as e:
        error = " ".join(e.messages)
    if request.htmx:
        return render(
            request,
            "mesas/_acuerdo.html#celda",
            {"a": acuerdo, "error": error},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Acuerdo marcado como cumplido.")
    return redirect(_volver(request, acuerdo.get_absolute_url()))


def acuerdo_historial(request, pk: int):
    acuerdo = get_object_or_404(selectors.acuerdos_visibles(request.user), pk=pk)
    return render(
        request,
        "mesas/acuerdo_historial.html",
        {"acuerdo": acuerdo, "versiones": selectors.historial_de_acuerdo(acuerdo)},
    )


# --- Calendar -------------------------------------------------------------------------------------
def calendario(request):
    hoy = timezone.localdate()
    try:
        anio, mes = (int(x) for x in request.GET.get("mes", "").split("-"))
        primero = date(anio, mes, 1)
    except ValueError:
        primero = hoy.replace(day=1)
    dias = reglas.dias_del_mes(primero.year, primero.month)
    desde = reglas.en_chile(dias[0], time(0, 0))
    hasta = reglas.en_chile(dias[-1] + timedelta(days=1), time(0, 0))
    eventos = eventos_para(request.user, alcance_de(request.user), desde, hasta)
    por_dia: dict[date, list] = {d: [] for d in dias}
    for e in eventos:
        dia = timezone.localtime(e.inicio).date()
        if dia in por_dia:
            por_dia[dia].append(e)
    semanas = [
        [(d, por_dia[d], reglas.feriado(d)) for d in dias[i : i + 7]]
        for i in range(0, len(dias), 7)
    ]
    anterior = (primero - timedelta(days=1)).replace(day=1)
    siguiente = (primero + timedelta(days=32)).replace(day=1)
    token = request.user.token_calendario
    feed = (
        request.build_absolute_uri(reverse("mesas:calendario_feed", args=[token])) if token else ""
    )
    return render(
        request,
        "mesas/calendario.html",
        {
            "primero": primero,
            "semanas": semanas,
            "hoy": hoy,
            "anterior": anterior,
            "siguiente": siguiente,
            "eventos": eventos,
            "feed": feed,
            "dias_semana": [
                "lunes",
                "martes",
                "miércoles",
                "jueves",
                "viernes",
                "sábado",
                "domingo",
            ],
        },
    )


@require_POST
def calendario_token(request):
    regenerar = bool(request.user.token_calendario)
    services.calendario_token_asegurar(usuario=request.user, regenerar=regenerar)
    messages.success(
        request,
        "Se generó una dirección nueva para su calendario; la anterior dejó de funcionar."
        if regenerar
        else "Se generó la dirección de su calendario personal.",
    )
    return redirect(f"{reverse('mesas:calendario')}#suscripcion")


def calendario_feed(request, token: str):
    if len(token) < 20:
        raise Http404()
    usuario = Usuario.objects.filter(token_calendario=token, is_active=True).first()
    if usuario is None:
        raise Http404()
    ahora = timezone.now()
    eventos = eventos_para(
        usuario, alcance_de(usuario), ahora - timedelta(days=180), ahora + timedelta(days=400)
    )
    respuesta = HttpResponse(
        ics_feed(eventos, nombre=f"Mesas Intersectoriales — {usuario}"),
        content_type="text/calendar; charset=utf-8",
    )
    respuesta["Cache-Control"] = "private, max-age=900"
    return respuesta


# --- Regional overview ----------------------------------------------------------------------------
def panorama(request):
    alcance = alcance_de(request.user)
    regiones = list(
        Region.objects.filter(codigo__in=alcance.regiones_sence(Rol.ARTICULADOR, Rol.DIRECTOR))
    )
    bloques = []
    for region, (filas, sin_mesa) in zip(
        regiones, selectors.panoramas([r.codigo for r in regiones]), strict=True
    ):
        bloques.append(
            {
                "region": region,
                "filas": filas,
                "sin_mesa": sin_mesa,
                "conteo": {
                    n: sum(1 for f in filas if f.nivel == n) for n in ("ok", "atencion", "atrasada")
                },
            }
        )
    return render(
        request,
        "mesas/panorama.html",
        {
            "bloques": bloques,
            "plazo": selectors.DIAS_MINUTA_A_TIEMPO,
            "semestre": selectors.inicio_semestre(timezone.localdate()),
        },
    )
