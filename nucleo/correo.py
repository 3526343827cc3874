"""E-mail from templates: `templates/correo/<nombre>.txt` (and `.html` if present).

Call it from a Celery task (each app's tasks.py), never in the request.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string


def enviar(
    *,
    plantilla: str,
    asunto: str,
    para: Iterable[str],
    contexto: dict,
    adjuntos: Iterable[tuple[str, bytes | str, str]] = (),
) -> int:
    """Sends one message to each address (so no recipient sees the others). Returns how many."""
    destinatarios = sorted({d for d in para if d})
    contexto = {"site_url": settings.SITE_URL, **contexto}
    texto = render_to_string(f"correo/{plantilla}.txt", contexto)
    try:
        html = render_to_string(f"correo/{plantilla}.html", contexto)
    except TemplateDoesNotExist:
        html = None
    enviados = 0
    for destinatario in destinatarios:
        mensaje = EmailMultiAlternatives(
            subject=f"[Mesas Intersectoriales] {asunto}",
            body=texto,
            to=[destinatario],
        )
        if html:
            mensaje.attach_alternative(html, "text/html")
        for nombre, contenido, mimetype in adjuntos:
            mensaje.attach(nombre, contenido, mimetype)
        enviados += mensaje.send()
    return enviados
