"""The personal calendar feed's secret."""

from __future__ import annotations

import secrets

from django.db import transaction

from nucleo.models import Usuario


@transaction.atomic
def calendario_token_asegurar(*, usuario: Usuario, regenerar: bool = False) -> str:
    if regenerar or not usuario.token_calendario:
        usuario.token_calendario = secrets.token_urlsafe(32)
        usuario.save(update_fields=["token_calendario"])
    return usuario.token_calendario
