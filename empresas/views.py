"""Thin views: scope (selectors) -> form -> one service -> render or redirect."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from empresas import forms, importacion, selectors, services
from empresas.models import InvitacionVisita, ParticipacionEncuentro, VisitaEmpresa
from empresas.permissions import (
    EDITORES,
    ROLES_GESTION_SENCE,
    puede_actualizar_acuerdo,
    puede_editar_empresa,
    puede_gestionar_encuentro,
    puede_gestionar_visita,
    puede_planificar_visitas,
)
from nucleo.alcance import alcance_de
from nucleo.firmas import EnlaceInvalido
from nucleo.forms import errores_en_formulario
from nucleo.paginacion import consulta_sin_pagina, pagina_de


# --- Companies ----------------------------------------------------------------------------------
def empresa_list(request):
    qs = selectors.empresas_visibles(request.user)
    filtro = forms.EmpresaFiltro(request.GET or None, queryset=qs, usuario=request.user)
    empresas = filtro.qs if filtro.is_bound else qs
    # Count and sort companies alone; count the visits of the page's 25 only.
    pagina = pagina_de(
        request,
        empresas.select_related(None).order_by("razon_social", "pk"),
        filas=qs.annotate(n_visitas=Count("visitas", distinct=True)),
    )
    contexto = {
        "filtro": filtro,
        "pagina": pagina,
        "total": pagina.paginator.count,
        "consulta": consulta_sin_pagina(request),
        "puede_registrar": puede_planificar_visitas(request.user),
        # Turning pages is not filtering.
        "filtrando": any(v for k, v in request.GET.items() if k != "pagina"),
    }
    if request.htmx:
        return render(request, "empresas/empresa_list.html#resultados", contexto)
    return render(request, "empresas/empresa_list.html", contexto)


def empresa_detail(request, pk: int):
    empresa = get_object_or_404(selectors.empresa_con_detalle(request.user), pk=pk)
    necesidades = list(empresa.necesidades.all())
    return render(
        request,
        "empresas/empresa_detail.html",
        {
            "empresa": empresa,
            "necesidades": necesidades,
            "sugerencias": selectors.servicios_sugeridos(n.tipo for n in necesidades),
            "visitas": selectors.visitas_de_empresa(request.user, empresa).order_by("-inicio"),
            "encuentros": selectors.encuentros_de_empresa(request.user, empresa),
            "puede_editar": puede_editar_empresa(request.user, empresa),
            "cambios": empresa.history.select_related("history_user")[:8],
            "ahora": timezone.now(),
        },
    )


def _formulario_empresa(request, empresa=None):
    datos = request.POST if request.method == "POST" else None
    form = forms.EmpresaForm(datos, instance=empresa, usuario=request.user)
    contactos = forms.ContactoFormSet(datos, instance=empresa, prefix="contactos")
    necesidades = forms.NecesidadFormSet(datos, instance=empresa, prefix="necesidades")
    if request.method == "POST" and all(
        [form.is_valid(), contactos.is_valid(), necesidades.is_valid()]
    ):
        datos_empresa = {c: form.cleaned_data[c] for c in services.CAMPOS_EMPRESA}
        try:
            if empresa is None:
                empresa = services.empresa_crear(
                    datos=datos_empresa,
                    contactos=forms.filas_de(contactos),
                    necesidades=forms.filas_de(necesidades),
                    por=request.user,
                )
                messages.success(request, f"Empresa «{empresa}» registrada.")
            else:
                services.empresa_actualizar(
                    empresa=empresa,
                    version=form.cleaned_data.get("version") or 0,
                    datos=datos_empresa,
                    contactos=forms.filas_de(contactos),
                    necesidades=forms.filas_de(necesidades),
                    por=request.user,
                )
                messages.success(request, "Cambios guardados.")
            return redirect(empresa)
        except ValidationError as error:
            errores_en_formulario(form, error)
    return render(
        request,
        "empresas/empresa_form.html",
        {"form": form, "contactos": contactos, "necesidades": necesidades, "empresa": empresa},
    )


@require_http_methods(["GET", "POST"])
def empresa_create(request):
    return _formulario_empresa(request)


@require_http_methods(["GET", "POST"])
def empresa_update(request, pk: int):
    empresa = get_object_or_404(selectors.empresas_editables(request.user), pk=pk)
    return _formulario_empresa(request, empresa)


# --- Import -------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def importar(request):
    form = forms.ImportarForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            subida = services.importacion_subir(
                archivo=form.cleaned_data["archivo"], por=request.user
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            return redirect("empresas:importar_previa", pk=subida.pk)
    return render(
        request,
        "empresas/importar.html",
        {
            "form": form,
            "max_filas": importacion.MAX_FILAS,
            "columnas": importacion.ENCABEZADOS_PLANTILLA,
        },
    )


@require_http_methods(["GET", "POST"])
def importar_previa(request, pk: int):
    subida = get_object_or_404(selectors.importaciones_propias(request.user), pk=pk)
    if subida.estado == subida.Estado.IMPORTADA:
        return render(request, "empresas/importar_previa.html", {"subida": subida})
    if request.method == "POST":
        try:
            services.importacion_confirmar(importacion=subida, por=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("empresas:importar")
        subida.refresh_from_db()
        messages.success(
            request,
            f"Importación lista: {subida.creadas} empresas nuevas, {subida.omitidas} ya "
            f"registradas sin cambios y {subida.con_errores} filas con errores no importadas.",
        )
        return redirect("empresas:importar_previa", pk=subida.pk)
    try:
        analisis = services.importacion_analizar(importacion=subida, por=request.user)
    except (ValidationError, OSError):
        messages.error(request, "No se pudo volver a leer la planilla. Súbela de nuevo.")
        return redirect("empresas:importar")
    return render(
        request, "empresas/importar_previa.html", {"subida": subida, "analisis": analisis}
    )


def plantilla_importacion(request):
    respuesta = HttpResponse(importacion.plantilla_csv(), content_type="text/csv; charset=utf-8")
    respuesta["Content-Disposition"] = 'attachment; filename="plantilla-empresas.csv"'
    return respuesta


# --- Visits -------------------------------------------------------------------------------------
VISTAS_VISITAS = {
    "proximas": "Próximas",
    "mias": "En las que participo",
    "pendientes": "Por responder",
    "pasadas": "Realizadas y pasadas",
    "todas": "Todas",
}


def visita_list(request):
    alcance = alcance_de(request.user)
    ver = request.GET.get("ver") or ("pendientes" if alcance.es_representante() else "proximas")
    if ver not in VISTAS_VISITAS:
        ver = "proximas"
    ahora = timezone.now()
    qs = selectors.visitas_visibles(request.user)
    if ver == "proximas":
        qs = qs.filter(inicio__gte=ahora, estado=VisitaEmpresa.Estado.PLANIFICADA).order_by(
            "inicio"
        )
    elif ver == "pendientes":
        qs = qs.filter(
            inicio__gte=ahora,
            estado=VisitaEmpresa.Estado.PLANIFICADA,
            invitaciones__institucion_id__in=alcance.instituciones_servicio(),
            invitaciones__estado=InvitacionVisita.Estado.PENDIENTE,
        ).order_by("inicio")
    elif ver == "mias":
        qs = (
            qs.filter(Q(planificada_por=request.user) | Q(participantes=request.user))
            .distinct()
            .order_by("-inicio")
        )
    elif ver == "pasadas":
        qs = qs.filter(Q(inicio__lt=ahora) | ~Q(estado=VisitaEmpresa.Estado.PLANIFICADA)).order_by(
            "-inicio"
        )
    else:
        qs = qs.order_by("-inicio")
    vistas = dict(VISTAS_VISITAS)
    if not alcance.es_representante():
        vistas.pop("pendientes")
    if not alcance.tiene_rol(*EDITORES):
        vistas.pop("mias")
    return render(
        request,
        "empresas/visita_list.html",
        {
            "pagina": pagina_de(request, qs),
            "ver": ver,
            "vistas": vistas,
            "consulta": f"ver={ver}",
            "puede_planificar": puede_planificar_visitas(request.user),
            "mis_servicios": alcance.instituciones_servicio(),
            "ahora": ahora,
        },
    )


@require_http_methods(["GET", "POST"])
def visita_create(request):
    editables = selectors.empresas_editables(request.user)
    id_empresa = request.GET.get("empresa") or request.POST.get("empresa")
    if not id_empresa or not str(id_empresa).isdigit():
        texto = request.GET.get("q", "")
        empresas = selectors.filtrar_por_texto(editables, texto).order_by("razon_social")
        return render(
            request,
            "empresas/visita_elegir_empresa.html",
            {
                "pagina": pagina_de(request, empresas, 15),
                "q": texto,
                "consulta": consulta_sin_pagina(request),
            },
        )
    empresa = get_object_or_404(editables.prefetch_related("necesidades"), pk=id_empresa)
    form = forms.VisitaForm(request.POST or None, empresa=empresa, usuario=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            visita = services.visita_planificar(
                empresa=empresa,
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
            invitados = visita.invitaciones.count()
            messages.success(
                request,
                "Visita planificada. "
                + (
                    f"Se envió la invitación a {invitados} "
                    f"{'servicio' if invitados == 1 else 'servicios'}."
                    if invitados
                    else "No invitaste servicios."
                ),
            )
            return redirect(visita)
    return render(request, "empresas/visita_form.html", {"form": form, "empresa": empresa})


def visita_detail(request, pk: int):
    visita = get_object_or_404(selectors.visita_con_detalle(request.user), pk=pk)
    alcance = alcance_de(request.user)
    invitaciones = list(visita.invitaciones.all())
    ahora = timezone.now()
    return render(
        request,
        "empresas/visita_detail.html",
        {
            "visita": visita,
            "invitaciones": invitaciones,
            "mis_invitaciones": [
                i for i in invitaciones if i.institucion_id in alcance.instituciones_servicio()
            ],
            "resumen": {
                estado: sum(1 for i in invitaciones if i.estado == estado)
                for estado in InvitacionVisita.Estado.values
            },
            "puede_gestionar": puede_gestionar_visita(request.user, visita),
            "acuerdos": [
                (a, puede_actualizar_acuerdo(request.user, a), a.vencido_al(ahora.date()))
                for a in visita.acuerdos.all()
            ],
            "suspender_form": forms.SuspenderForm(),
            "futura": visita.inicio > ahora,
            "abierta": visita.estado == VisitaEmpresa.Estado.PLANIFICADA and visita.inicio > ahora,
        },
    )


def visita_historial(request, pk: int):
    visita = get_object_or_404(selectors.visitas_visibles(request.user), pk=pk)
    return render(
        request,
        "empresas/visita_historial.html",
        {"visita": visita, "versiones": selectors.historial_de_visita(visita)},
    )


@require_http_methods(["GET", "POST"])
def visita_update(request, pk: int):
    visita = get_object_or_404(selectors.visitas_gestionables(request.user), pk=pk)
    if visita.estado != VisitaEmpresa.Estado.PLANIFICADA:
        messages.error(request, "Solo se modifica una visita planificada.")
        return redirect(visita)
    form = forms.VisitaForm(
        request.POST or None, empresa=visita.empresa, usuario=request.user, visita=visita
    )
    if request.method == "POST" and form.is_valid():
        try:
            antes = visita.inicio
            services.visita_actualizar(
                visita=visita,
                version=form.cleaned_data.get("version") or 0,
                inicio=form.cleaned_data["inicio"],
                duracion_minutos=form.cleaned_data["duracion_minutos"],
                objetivo=form.cleaned_data["objetivo"],
                participantes=form.cleaned_data["participantes"],
                instituciones=form.cleaned_data["instituciones"],
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            if antes != visita.inicio:
                messages.success(
                    request,
                    "Cambios guardados. Como cambió la fecha, se pidió a cada servicio que "
                    "confirme de nuevo.",
                )
            else:
                messages.success(request, "Cambios guardados.")
            return redirect(visita)
    return render(
        request,
        "empresas/visita_form.html",
        {"form": form, "empresa": visita.empresa, "visita": visita},
    )


@require_POST
def visita_suspender(request, pk: int):
    visita = get_object_or_404(selectors.visitas_gestionables(request.user), pk=pk)
    form = forms.SuspenderForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indica el motivo de la suspensión.")
        return redirect(visita)
    try:
        services.visita_suspender(
            visita=visita, motivo=form.cleaned_data["motivo"], por=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Visita suspendida. Se avisó a los servicios invitados.")
    return redirect(visita)


@require_http_methods(["GET", "POST"])
def visita_resultado(request, pk: int):
    visita = get_object_or_404(selectors.visitas_gestionables(request.user), pk=pk)
    datos = request.POST if request.method == "POST" else None
    form = forms.ResultadoForm(datos, instance=visita)
    acuerdos = forms.AcuerdoFormSet(datos, instance=visita, prefix="acuerdos")
    if request.method == "POST" and form.is_valid() and acuerdos.is_valid():
        try:
            services.visita_registrar_resultado(
                visita=visita,
                version=form.cleaned_data.get("version") or 0,
                vacantes_ofrecidas=form.cleaned_data["vacantes_ofrecidas"],
                personas_derivadas=form.cleaned_data["personas_derivadas"],
                capacitaciones_acordadas=form.cleaned_data["capacitaciones_acordadas"],
                resultado=form.cleaned_data["resultado"],
                acuerdos=forms.filas_de(acuerdos),
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Resultado de la visita registrado.")
            return redirect(visita)
    return render(
        request,
        "empresas/visita_resultado.html",
        {"form": form, "acuerdos": acuerdos, "visita": visita},
    )


@require_POST
def acuerdo_cumplir(request, pk: int):
    acuerdo = get_object_or_404(selectors.acuerdos_actualizables(request.user), pk=pk)
    acuerdo = services.acuerdo_cambiar_estado(
        acuerdo=acuerdo, cumplido=request.POST.get("cumplido") == "1", por=request.user
    )
    if request.htmx:
        return render(
            request,
            "empresas/visita_detail.html#acuerdo",
            {
                "acuerdo": acuerdo,
                "puede": True,
                "vencido": acuerdo.vencido_al(timezone.localdate()),
            },
        )
    return redirect(acuerdo.visita)


# --- Invitations --------------------------------------------------------------------------------
@require_POST
def invitacion_responder(request, pk: int):
    """In-app answer (htmx): only for the offices the user represents; others get 404."""
    invitacion = get_object_or_404(selectors.invitaciones_respondibles(request.user), pk=pk)
    error = None
    try:
        invitacion = services.invitacion_responder(
            invitacion=invitacion, estado=request.POST.get("estado", ""), por=request.user
        )
    except ValidationError as e:
        error = " ".join(e.messages)
    invitacion = selectors.invitaciones_respondibles(request.user).get(pk=pk)
    if request.htmx:
        # The answer, plus the invited-services table and its summary when they are on the page.
        estados = list(invitacion.visita.invitaciones.values_list("estado", flat=True))
        return render(
            request,
            "empresas/visita_detail.html#respuesta_htmx",
            {
                "invitacion": invitacion,
                "error": error,
                "abierta": True,
                "resumen": {e: estados.count(e) for e in InvitacionVisita.Estado.values},
                "con_tabla": request.htmx.current_url_abs_path
                == invitacion.visita.get_absolute_url(),
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Respuesta registrada: {invitacion.get_estado_display()}.")
    return redirect(invitacion.visita)


@require_http_methods(["GET", "POST"])
def invitacion_enlace(request, pk: int, token: str):
    """Answer from the e-mail, without login. GET shows what will be answered (mail scanners
    follow links); the POST answers."""
    try:
        invitacion, estado = services.invitacion_desde_enlace(pk=pk, token=token)
    except EnlaceInvalido as error:
        return render(
            request, "empresas/invitacion_enlace.html", {"error": error.mensaje}, status=400
        )
    usuario = request.user if request.user.is_authenticated else None
    if usuario and invitacion.institucion_id not in alcance_de(usuario).instituciones_servicio():
        return render(
            request,
            "empresas/invitacion_enlace.html",
            {
                "error": f"Este enlace es para {invitacion.institucion} y tu sesión es de otra "
                "persona o institución. Cierra sesión para usarlo o responde desde tu cuenta.",
            },
            status=403,
        )
    contexto = {"invitacion": invitacion, "estado": estado, "token": token}
    if request.method == "POST":
        try:
            services.invitacion_responder(
                invitacion=invitacion, estado=estado, por=usuario, por_enlace=True
            )
        except ValidationError as error:
            contexto["error"] = " ".join(error.messages)
            return render(request, "empresas/invitacion_enlace.html", contexto, status=400)
        invitacion.refresh_from_db()
        contexto["respondida"] = True
    return render(request, "empresas/invitacion_enlace.html", contexto)


# --- Encuentros ---------------------------------------------------------------------------------
def encuentro_list(request):
    qs = selectors.encuentros_visibles(request.user).order_by("-inicio")
    ahora = timezone.now()
    return render(
        request,
        "empresas/encuentro_list.html",
        {
            "proximos": [e for e in qs if e.inicio >= ahora],
            "pasados": [e for e in qs if e.inicio < ahora],
            "puede_crear": alcance_de(request.user).tiene_rol(*ROLES_GESTION_SENCE)
            or bool(alcance_de(request.user).comunas_omil()),
        },
    )


def _region_para_encuentro(request) -> str:
    alcance = alcance_de(request.user)
    regiones = sorted(alcance.regiones_sence(*ROLES_GESTION_SENCE))
    if regiones:
        return regiones[0]
    comunas = selectors.comunas_editables(request.user)
    comuna = comunas.first()
    if comuna is None:
        raise Http404
    return comuna.region_id


@require_http_methods(["GET", "POST"])
def encuentro_create(request):
    region_id = _region_para_encuentro(request)
    form = forms.EncuentroForm(request.POST or None, region_id=region_id, usuario=request.user)
    if request.method == "POST" and form.is_valid():
        datos = {c: form.cleaned_data.get(c) for c in services.CAMPOS_ENCUENTRO}
        try:
            encuentro = services.encuentro_crear(
                region_id=region_id,
                datos=datos,
                organizadores=form.cleaned_data["organizadores"],
                servicios_presentes=form.cleaned_data["servicios_presentes"],
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Encuentro registrado. Ahora invita a las empresas.")
            return redirect(encuentro)
    return render(request, "empresas/encuentro_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def encuentro_update(request, pk: int):
    encuentro = get_object_or_404(selectors.encuentros_gestionables(request.user), pk=pk)
    form = forms.EncuentroForm(
        request.POST or None,
        instance=encuentro,
        region_id=encuentro.region_id,
        usuario=request.user,
    )
    if request.method == "POST" and form.is_valid():
        datos = {c: form.cleaned_data.get(c) for c in services.CAMPOS_ENCUENTRO}
        try:
            services.encuentro_actualizar(
                encuentro=encuentro,
                version=form.cleaned_data.get("version") or 0,
                datos=datos,
                organizadores=form.cleaned_data["organizadores"],
                servicios_presentes=form.cleaned_data["servicios_presentes"],
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Cambios guardados.")
            return redirect(encuentro)
    return render(request, "empresas/encuentro_form.html", {"form": form, "encuentro": encuentro})


def encuentro_detail(request, pk: int):
    encuentro = get_object_or_404(selectors.encuentro_con_detalle(request.user), pk=pk)
    puede = puede_gestionar_encuentro(request.user, encuentro)
    return render(
        request,
        "empresas/encuentro_detail.html",
        {
            "encuentro": encuentro,
            "puede_gestionar": puede,
            "invitar_form": (
                forms.InvitarEmpresasForm(encuentro=encuentro, usuario=request.user)
                if puede
                else None
            ),
            "estados": ParticipacionEncuentro.Estado.choices,
            "conteos": Counter(p.estado for p in encuentro.participaciones.all()),
        },
    )


@require_POST
def encuentro_empresas(request, pk: int):
    encuentro = get_object_or_404(selectors.encuentros_gestionables(request.user), pk=pk)
    form = forms.InvitarEmpresasForm(request.POST, encuentro=encuentro, usuario=request.user)
    if form.is_valid():
        try:
            nuevas = services.encuentro_invitar_empresas(
                encuentro=encuentro, empresas=form.cleaned_data["empresas"], por=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{nuevas} empresas agregadas al encuentro.")
    else:
        messages.error(request, "Elige al menos una empresa de la lista.")
    return redirect(encuentro)


@require_POST
def participacion_estado(request, pk: int):
    participacion = get_object_or_404(selectors.participaciones_gestionables(request.user), pk=pk)
    form = forms.ParticipacionForm(request.POST)
    error = None
    if form.is_valid():
        participacion = services.participacion_cambiar_estado(
            participacion=participacion, estado=form.cleaned_data["estado"], por=request.user
        )
    else:
        error = "Estado no válido."
    if request.htmx:
        return render(
            request,
            "empresas/encuentro_detail.html#participacion",
            {
                "p": participacion,
                "puede_gestionar": True,
                "estados": ParticipacionEncuentro.Estado.choices,
                "error": error,
                "guardado": error is None,
            },
        )
    if error:
        messages.error(request, error)
    return redirect(participacion.encuentro)
