import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from nucleo import otp
from nucleo.alcance import alcance_de
from nucleo.forms import CodigoOtpForm
from nucleo.registro import paneles_para


@login_required
def inicio(request):
    alcance = alcance_de(request.user)
    paneles = [] if alcance.vacio else paneles_para(request.user, alcance)
    return render(
        request,
        "nucleo/inicio.html",
        {"paneles": paneles, "alcance": alcance, "con_htmx": any(p.htmx for p in paneles)},
    )


def error_404(request, exception=None):
    respuesta = render(request, "404.html", status=404)
    respuesta.pagina_de_error = True  # see nucleo.middleware.PaginasDeErrorMiddleware
    return respuesta


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@login_required
def otp_configurar(request):
    """Set up (or see, or turn off) the TOTP second factor."""
    confirmado = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if confirmado:
        return render(
            request,
            "nucleo/otp_configurar.html",
            {"confirmado": confirmado, "requerido": otp.otp_requerido(request.user)},
        )
    dispositivo = otp.dispositivo_pendiente(request.user)
    form = CodigoOtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if dispositivo.verify_token(form.cleaned_data["codigo"]):
            dispositivo.confirmed = True
            dispositivo.save(update_fields=["confirmed"])
            django_otp.login(request, dispositivo)
            messages.success(
                request, "Segundo factor activado. Desde ahora te pediremos el código."
            )
            return redirect(_siguiente(request))
        form.add_error(
            "codigo", "El código no coincide. Revisa la hora del teléfono y vuelve a intentar."
        )
    return render(
        request,
        "nucleo/otp_configurar.html",
        {
            "form": form,
            "qr": otp.qr_svg(dispositivo),
            "clave": otp.clave_legible(dispositivo),
            "requerido": otp.otp_requerido(request.user),
        },
    )


@login_required
@require_POST
def otp_desactivar(request):
    if otp.otp_requerido(request.user):
        messages.error(request, "Tu rol exige el segundo factor: no se puede desactivar.")
    else:
        TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, "Segundo factor desactivado.")
    return redirect("nucleo:otp_configurar")


@login_required
def otp_verificar(request):
    """The code asked after the password, once per session."""
    form = CodigoOtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for dispositivo in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            verificado, _ = dispositivo.verify_is_allowed()
            if verificado and dispositivo.verify_token(form.cleaned_data["codigo"]):
                django_otp.login(request, dispositivo)
                return redirect(_siguiente(request))
        form.add_error(
            "codigo",
            "Código incorrecto o demasiados intentos seguidos. Espera unos segundos y usa el "
            "código que muestra ahora tu aplicación.",
        )
    return render(request, "nucleo/otp_verificar.html", {"form": form})


def _siguiente(request) -> str:
    destino = request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(destino, allowed_hosts={request.get_host()}):
        return destino
    return resolve_url("nucleo:inicio")


def error_500(request):
    """Spanish error page. When the database is down, a 503 that says so (rendered without any
    query, since the context processors would need the database)."""
    import sys

    from django.db import InterfaceError, OperationalError
    from django.http import HttpResponse
    from django.template import loader

    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        contenido = loader.get_template("503.html").render({})
        return HttpResponse(contenido, status=503, headers={"Retry-After": "30"})
    return pagina_500()


def pagina_500():
    """The Spanish 500 page, rendered without the request (no context processor, no query)."""
    from django.http import HttpResponse
    from django.template import loader

    respuesta = HttpResponse(loader.get_template("500.html").render({}), status=500)
    respuesta.pagina_de_error = True
    return respuesta
