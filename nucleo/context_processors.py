from django.urls import reverse

from nucleo.alcance import alcance_de
from nucleo.registro import enlaces_para


def navegacion(request) -> dict:
    """The navigation links of the signed-in user's roles, and their scope for templates."""
    usuario = getattr(request, "user", None)
    if usuario is None or not usuario.is_authenticated:
        return {}
    alcance = alcance_de(usuario)
    actual = request.path
    enlaces = []
    for enlace in enlaces_para(alcance):
        url = reverse(enlace.url_name)
        activo = actual == url if url == "/" else actual.startswith(url)
        enlaces.append({"etiqueta": enlace.etiqueta, "url": url, "activo": activo})
    return {"alcance": alcance, "navegacion": enlaces}
