"""Views of mesas and their members."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mesas import permissions, selectors, services
from mesas.forms import (
    IntegranteForm,
    MesaCrearForm,
    MesaEditarForm,
)
from mesas.models import Acuerdo, Mesa, Minuta
from mesas.selectors.agenda import zona_de_mesa_pk
from mesas.views.calendario import en_zona_de_la_mesa
from nucleo.forms import errores_en_formulario
from nucleo.models import Institucion, Region
from nucleo.servicios import exigir


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
    """The form offers exactly what permissions.mesas_por_crear leaves to create."""
    sin_regional, comunas = permissions.mesas_por_crear(usuario)
    comunas = comunas.order_by("nombre")
    regiones = sin_regional | set(comunas.values_list("region_id", flat=True))
    instituciones = (
        Institucion.objects.filter(region_id__in=regiones, activa=True)
        .select_related("servicio", "comuna")
        .order_by("tipo", "nombre")
    )
    return sin_regional, comunas, instituciones, not sin_regional


def mesa_create(request):
    if not permissions.puede_crear_mesa(request.user):  # the button is hidden by the same rule
        messages.info(
            request,
            "No quedan mesas por crear: cada comuna a su cargo ya tiene su mesa comunal"
            " (y la región, su mesa regional).",
        )
        return redirect("mesas:mesa_list")
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


_minuta_vigente = Minuta.objects.filter(sesion=OuterRef("pk")).order_by("-numero")
_tipo_minuta_vigente = _minuta_vigente.annotate(tipo=selectors.etiqueta_de_formato()).values(
    "tipo"
)[:1]


@en_zona_de_la_mesa(zona_de_mesa_pk)
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
            # The current minute's version number and kind, or None: columns, not a prefetch.
            .annotate(
                version_minuta=Subquery(_minuta_vigente.values("numero")[:1]),
                tipo_minuta=Subquery(_tipo_minuta_vigente),
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
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.puede_gestionar_mesa(request.user, mesa))
    inicial = {
        "version": mesa.version,
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
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.puede_gestionar_mesa(request.user, mesa))
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
