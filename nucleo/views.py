from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from nucleo.alcance import alcance_de
from nucleo.registro import paneles_para


@login_required
def inicio(request):
    alcance = alcance_de(request.user)
    paneles = [] if alcance.vacio else paneles_para(request.user, alcance)
    return render(request, "nucleo/inicio.html", {"paneles": paneles, "alcance": alcance})


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)
