"""A company asks the network for a joint visit: the public form, and the ejecutivos' side."""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from empresas import forms, selectors, services
from empresas.models import Empresa, SolicitudVisita
from nucleo.cache import _FALLOS
from nucleo.forms import errores_en_formulario
from nucleo.historial import ip_de

LIMITE_POR_HORA = 5  # requests from one client address


def _limite_superado(request) -> bool:
    """Counts this address's requests in the last hour (the cache: Redis in production); with
    the cache down, nobody is turned away."""
    clave = f"empresas:solicitud-visita:{ip_de(request) or 'sin-ip'}"
    try:
        cache.add(clave, 0, timeout=60 * 60)
        return cache.incr(clave) > LIMITE_POR_HORA
    except (*_FALLOS, ValueError):
        return False


def solicitud_visita(request):
    comunas = selectors.comunas_para_solicitud()
    inicial = {}
    if codigo := request.GET.get("comuna"):
        inicial["comuna"] = comunas.filter(codigo=codigo).first()
    form = forms.SolicitudVisitaForm(request.POST or None, comunas=comunas, initial=inicial)
    if request.method == "POST" and form.is_valid():
        if _limite_superado(request):
            form.add_error(
                None,
                "Recibimos varias solicitudes desde esta conexión en la última hora. "
                "Vuelve a intentarlo más tarde o escribe a la dirección regional de SENCE.",
            )
        else:
            try:
                services.solicitud_recibir(datos=form.cleaned_data, ip=ip_de(request))
            except ValidationError as error:
                errores_en_formulario(form, error)
            else:
                return redirect("oferta_empresas:solicitud_enviada")
    return render(request, "empresas/publico/solicitud_form.html", {"form": form})


def solicitud_enviada(request):
    return render(request, "empresas/publico/solicitud_enviada.html")


def solicitud_list(request):
    solicitudes = selectors.solicitudes_visibles(request.user)
    return render(
        request,
        "empresas/solicitud_list.html",
        {
            "pendientes": solicitudes.filter(estado=SolicitudVisita.Estado.PENDIENTE),
            "atendidas": solicitudes.exclude(estado=SolicitudVisita.Estado.PENDIENTE)[:30],
        },
    )


def solicitud_detail(request, pk: int):
    solicitud = get_object_or_404(
        selectors.solicitudes_visibles(request.user).select_related("comuna"), pk=pk
    )
    # The visit's time is read as the wall clock of the company's comuna, as in visita_create.
    with timezone.override(solicitud.comuna.zona_horaria or settings.TIME_ZONE):
        return _solicitud_detail_en_zona(request, solicitud)


def _solicitud_detail_en_zona(request, solicitud):
    # The company may already be in the network; if not, the visit's form works on the
    # company the request describes (created on accepting).
    empresa = Empresa.objects.filter(rut=solicitud.rut).first() or Empresa(
        rut=solicitud.rut, razon_social=solicitud.razon_social, comuna=solicitud.comuna
    )
    pendiente = solicitud.estado == SolicitudVisita.Estado.PENDIENTE
    form = forms.VisitaForm(
        request.POST or None if pendiente else None,
        empresa=empresa,
        usuario=request.user,
        tipos_necesidad=solicitud.necesidades,
        initial={"objetivo": _objetivo(solicitud)},
    )
    if request.method == "POST" and pendiente and form.is_valid():
        try:
            visita = services.solicitud_aceptar(
                solicitud=solicitud,
                inicio=form.cleaned_data["inicio"],
                duracion_minutos=form.cleaned_data["duracion_minutos"],
                objetivo=form.cleaned_data["objetivo"],
                participantes=form.cleaned_data["participantes"],
                instituciones=form.cleaned_data["instituciones"],
                motivos=form.motivos,
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(
                request,
                "Visita planificada y empresa registrada en la red. Avisamos la fecha a la "
                "empresa por correo.",
            )
            return redirect(visita)
    return render(
        request,
        "empresas/solicitud_detail.html",
        {
            "solicitud": solicitud,
            "empresa_existente": empresa if empresa.pk else None,
            "form": form,
            "pendiente": pendiente,
            "descartar_form": forms.DescartarSolicitudForm(),
        },
    )


def _objetivo(solicitud: SolicitudVisita) -> str:
    texto = "Solicitud de la empresa: " + "; ".join(solicitud.necesidades_display) + "."
    return f"{texto} {solicitud.detalle}".strip()


@require_POST
def solicitud_descartar(request, pk: int):
    solicitud = get_object_or_404(selectors.solicitudes_visibles(request.user), pk=pk)
    form = forms.DescartarSolicitudForm(request.POST)
    if form.is_valid():
        try:
            services.solicitud_descartar(
                solicitud=solicitud, motivo=form.cleaned_data["motivo"], por=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Solicitud descartada.")
    else:
        messages.error(request, "Indica el motivo para descartar la solicitud.")
    return redirect("empresas:solicitud_list")
