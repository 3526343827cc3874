"""People management pages (thin: scope lookup -> form -> one service -> render/redirect)."""

from __future__ import annotations

import copy
import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from nucleo import firmas, formato
from nucleo.forms import LoginForm, errores_en_formulario
from nucleo.historial import versiones
from nucleo.models import Invitacion, Membresia, Rol
from nucleo.personas import claveunica, permissions, selectors, services
from nucleo.personas.forms import (
    AjustesOmilForm,
    CambiarRolForm,
    CuentaNuevaForm,
    DesactivarForm,
    InstitucionPublicaForm,
    InvitacionForm,
)


def solo_con_clave(vista):
    """Wraps a password page (change, reset): 404 when PASSWORD_LOGIN=False, where ClaveÚnica
    is the only way in and no password may be set."""

    @functools.wraps(vista)
    def envuelta(request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            raise Http404("El ingreso con contraseña está desactivado: usa ClaveÚnica.")
        return vista(request, *args, **kwargs)

    return envuelta


class Ingresar(LoginView):
    """Django's login page, with ClaveÚnica when configured; PASSWORD_LOGIN=False leaves
    ClaveÚnica as the only way in."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "claveunica": claveunica.activa(),
            "con_clave": settings.PASSWORD_LOGIN,
        }

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            messages.error(request, "El ingreso con contraseña está desactivado: usa ClaveÚnica.")
            return redirect("login")
        return super().post(request, *args, **kwargs)


def persona_list(request):
    instituciones = selectors.instituciones_gestionables(request.user)
    membresias = selectors.membresias_visibles(request.user)
    invitaciones = selectors.invitaciones_visibles(request.user).filter(
        estado=Invitacion.Estado.PENDIENTE
    )
    elegida = None
    valor = request.GET.get("institucion", "")
    if valor:
        elegida = instituciones.filter(pk=valor).first() if valor.isdigit() else None
        if elegida is None:
            messages.warning(request, "Esa institución no está entre las tuyas: se muestran todas.")
        else:
            membresias = membresias.filter(institucion=elegida)
            invitaciones = invitaciones.filter(institucion=elegida)
    filas = [(m, permissions.puede_gestionar_membresia(request.user, m)) for m in membresias]
    return render(
        request,
        "nucleo/personas/persona_list.html",
        {
            "filas": filas,
            "invitaciones": invitaciones.order_by("expira_at"),
            "instituciones": instituciones,
            "elegida": elegida,
        },
    )


def persona_detail(request, pk: int):
    persona = get_object_or_404(selectors.personas_visibles(request.user), pk=pk)
    membresias = selectors.membresias_visibles(request.user).filter(usuario=persona)
    historial = versiones(
        Membresia.history.filter(id__in=membresias.values("pk")).select_related("institucion"),
        campos=["institucion", "rol", "cargo", "activa"],
        titulo=lambda r: f"{r.institucion}",
    )
    return render(
        request,
        "nucleo/personas/persona_detail.html",
        {
            "persona": persona,
            "filas": [
                (m, permissions.puede_gestionar_membresia(request.user, m)) for m in membresias
            ],
            "versiones": historial,
        },
    )


def invitacion_create(request):
    instituciones = selectors.instituciones_gestionables(request.user)
    roles = sorted(
        {r for i in instituciones for r in permissions.roles_asignables(request.user, i)},
        key=lambda r: list(Rol.values).index(r),
    )
    inicial = {"institucion": request.GET.get("institucion")}
    form = InvitacionForm(
        request.POST or None, instituciones=instituciones, roles=roles, initial=inicial
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            invitacion = services.invitacion_crear(
                email=d["email"],
                nombre=d["nombre"],
                institucion=d["institucion"],
                rol=d["rol"],
                cargo=d["cargo"],
                por=request.user,
            )
        except PermissionDenied:
            form.add_error("rol", "No puedes invitar con ese rol a esa institución.")
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(
                request,
                f"Invitación enviada a {invitacion.email}; vence el "
                f"{formato.fecha(invitacion.expira_at)}.",
            )
            return redirect("nucleo:persona_list")
    return render(request, "nucleo/personas/invitacion_form.html", {"form": form})


@require_POST
def invitacion_revocar(request, pk: int):
    invitacion = get_object_or_404(selectors.invitaciones_visibles(request.user), pk=pk)
    try:
        services.invitacion_revocar(invitacion=invitacion, por=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invitación a {invitacion.email} anulada.")
    return redirect("nucleo:persona_list")


def _membresia(request, pk: int) -> Membresia:
    membresia = get_object_or_404(selectors.membresias_visibles(request.user), pk=pk)
    if not permissions.puede_gestionar_membresia(request.user, membresia):
        raise PermissionDenied("No puedes gestionar este rol.")
    return membresia


def membresia_rol(request, pk: int):
    membresia = _membresia(request, pk)
    roles = permissions.roles_asignables(request.user, membresia.institucion)
    form = CambiarRolForm(request.POST or None, roles=roles, initial={"rol": membresia.rol})
    if request.method == "POST" and form.is_valid():
        try:
            services.membresia_cambiar_rol(
                membresia=membresia, rol=form.cleaned_data["rol"], por=request.user
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, f"Rol de {membresia.usuario} actualizado.")
            return redirect("nucleo:persona_detail", pk=membresia.usuario_id)
    return render(
        request, "nucleo/personas/membresia_rol.html", {"form": form, "membresia": membresia}
    )


def membresia_desactivar(request, pk: int):
    membresia = _membresia(request, pk)
    colegas = selectors.colegas(membresia)
    form = DesactivarForm(request.POST if request.method == "POST" else None, colegas=colegas)
    if request.method == "POST" and form.is_valid():
        try:
            movidos = services.membresia_desactivar(
                membresia=membresia, reemplazo=form.cleaned_data["reemplazo"], por=request.user
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            detalle = "; ".join(f"{n} {etiqueta}" for etiqueta, n in movidos.items())
            messages.success(
                request,
                f"{membresia.usuario} ya no está en {membresia.institucion}."
                + (f" Pasaron a {form.cleaned_data['reemplazo']}: {detalle}." if detalle else ""),
            )
            return redirect("nucleo:persona_list")
    return render(
        request,
        "nucleo/personas/membresia_desactivar.html",
        {
            "form": form,
            "membresia": membresia,
            "pendientes": services.pendientes_de(membresia),
            "hay_colegas": colegas.exists(),
        },
    )


def omil_ajustes(request, pk: int):
    omil = get_object_or_404(
        selectors.instituciones_gestionables(request.user).filter(tipo="omil"), pk=pk
    )
    if not permissions.puede_ajustar_omil(request.user, omil):
        raise PermissionDenied("No puedes cambiar los ajustes de esta OMIL.")
    form = AjustesOmilForm(
        request.POST if request.method == "POST" else None,
        initial={"aprobacion_comunal": omil.aprobacion_comunal},
    )
    if request.method == "POST" and form.is_valid():
        services.omil_ajustar(
            institucion=omil,
            aprobacion_comunal=form.cleaned_data["aprobacion_comunal"],
            por=request.user,
        )
        messages.success(request, f"Ajustes de {omil} guardados.")
        return redirect(f"{reverse('nucleo:persona_list')}?institucion={omil.pk}")
    return render(request, "nucleo/personas/omil_ajustes.html", {"form": form, "omil": omil})


def institucion_edit(request, pk: int):
    """«Datos públicos»: what the public offer shows of the institution (nucleo.publico)."""
    institucion = get_object_or_404(selectors.instituciones_editables(request.user), pk=pk)
    if not permissions.puede_editar_institucion(request.user, institucion):
        raise PermissionDenied("No puedes cambiar los datos públicos de esta institución.")
    # As stored, for the logo preview: a refused upload is copied onto the form's instance.
    guardada = copy.copy(institucion)
    form = InstitucionPublicaForm(request.POST or None, request.FILES or None, instance=institucion)
    if request.method == "POST" and form.is_valid():
        try:
            services.institucion_actualizar(
                institucion=institucion, por=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, f"Datos públicos de {institucion} guardados.")
            return redirect("nucleo:institucion_edit", pk=institucion.pk)
    return render(
        request,
        "nucleo/personas/institucion_form.html",
        {"form": form, "institucion": institucion, "guardada": guardada},
    )


def invitacion_aceptar(request, token: str):
    """The signed link of the e-mail: create an account (password or ClaveÚnica), or add the
    role to the account already signed in."""
    try:
        invitacion = services.invitacion_de_token(token)
    except firmas.EnlaceInvalido as error:
        return render(
            request, "nucleo/personas/invitacion_error.html", {"mensaje": error.mensaje}, status=410
        )
    form = CuentaNuevaForm(
        request.POST or None,
        initial={"username": invitacion.email, "first_name": invitacion.nombre},
    )
    if request.method == "POST":
        try:
            if request.user.is_authenticated and request.POST.get("accion") == "cuenta":
                services.invitacion_aceptar(invitacion=invitacion, usuario=request.user)
                messages.success(request, f"Ahora participas en {invitacion.institucion}.")
                return redirect("nucleo:inicio")
            if not settings.PASSWORD_LOGIN:
                messages.error(
                    request, "El ingreso con contraseña está desactivado: usa ClaveÚnica."
                )
            elif form.is_valid():
                d = form.cleaned_data
                usuario = services.cuenta_crear_por_invitacion(
                    invitacion=invitacion,
                    username=d["username"],
                    first_name=d["first_name"],
                    last_name=d["last_name"],
                    password=d["password1"],
                )
                login(request, usuario, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request, f"Bienvenida/o. Ya participas en {invitacion.institucion}."
                )
                return redirect("nucleo:inicio")
        except ValidationError as error:
            errores_en_formulario(form, error)
    request.session[claveunica.SESION_INVITACION] = invitacion.pk
    return render(
        request,
        "nucleo/personas/invitacion_aceptar.html",
        {
            "invitacion": invitacion,
            "form": form,
            "claveunica": claveunica.activa(),
            "con_clave": settings.PASSWORD_LOGIN,
        },
    )
