from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from informes import services
from informes.forms import SolicitarInformeForm
from informes.models import Informe
from informes.permissions import regiones_de_informes
from informes.selectors import informes_visibles
from nucleo.archivos import respuesta_descarga


def informe_list(request, form=None):
    informes = list(informes_visibles(request.user))
    grupos = [
        {"periodo": periodo, "informes": list(filas)}
        for periodo, filas in groupby(informes, key=lambda i: i.periodo)
    ]
    form = form or SolicitarInformeForm(regiones=regiones_de_informes(request.user))
    return render(request, "informes/informe_list.html", {"grupos": grupos, "form": form})


@require_POST
def informe_create(request):
    form = SolicitarInformeForm(request.POST, regiones=regiones_de_informes(request.user))
    if not form.is_valid():
        return informe_list(request, form=form)
    try:
        informe, nuevo = services.informe_solicitar(
            tipo=form.cleaned_data["tipo"],
            region=form.cleaned_data["region"],
            periodo=form.cleaned_data["periodo"],
            por=request.user,
        )
    except ValidationError as error:
        form.add_error("periodo" if error.code in ("periodo", "futuro") else None, error)
        return informe_list(request, form=form)
    informe.refresh_from_db()
    if not nuevo:
        messages.info(
            request,
            f"Ya se está generando el {informe}: te unimos a esa solicitud en vez de duplicarla.",
        )
    elif informe.estado == Informe.Estado.LISTO:
        messages.success(request, f"{informe} listo para descargar.")
    elif informe.estado == Informe.Estado.FALLIDO:
        messages.error(request, informe.error)
    elif informe.encolado_at is None:
        messages.warning(
            request,
            f"{informe} quedó pendiente: el servicio de tareas no responde ahora. Se generará "
            "automáticamente apenas vuelva; no necesitas pedirlo de nuevo.",
        )
    else:
        messages.success(request, f"{informe} solicitado. Verás el avance en esta página.")
    return redirect("informes:informe_list")


def _informe(request, pk: int) -> Informe:
    return get_object_or_404(informes_visibles(request.user), pk=pk)


def informe_detail(request, pk: int):
    informe = _informe(request, pk)
    versiones = informes_visibles(request.user).filter(
        tipo=informe.tipo, region=informe.region, periodo=informe.periodo
    )
    return render(
        request, "informes/informe_detail.html", {"informe": informe, "versiones": versiones}
    )


def informe_fila(request, pk: int):
    """The row of one report, polled by htmx while it is being built."""
    return render(request, "informes/informe_list.html#fila", {"informe": _informe(request, pk)})


def _descarga(request, pk: int, campo: str, extension: str):
    informe = _informe(request, pk)
    archivo = getattr(informe, campo)
    if informe.estado != Informe.Estado.LISTO or not archivo:
        raise Http404("El informe aún no tiene archivo.")
    return respuesta_descarga(archivo, informe.nombre_archivo(extension))


def informe_pdf(request, pk: int):
    return _descarga(request, pk, "pdf", "pdf")


def informe_excel(request, pk: int):
    return _descarga(request, pk, "excel", "xlsx")
