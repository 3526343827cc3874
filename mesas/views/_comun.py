"""Helpers shared by the mesas views."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def _volver(request, defecto: str) -> str:
    """Where to go back after a form: only a path of this site (no open redirects)."""
    destino = request.POST.get("volver", "")
    if destino and url_has_allowed_host_and_scheme(
        destino, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return destino
    return defecto
