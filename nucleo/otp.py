"""Second factor with TOTP (django-otp): who must use it, and setting a device up."""

from __future__ import annotations

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from nucleo.alcance import alcance_de
from nucleo.models import Rol, Usuario

ROLES_CON_OTP = frozenset({Rol.DIRECTOR, Rol.ARTICULADOR})


def tiene_dispositivo(usuario: Usuario) -> bool:
    return TOTPDevice.objects.filter(user=usuario, confirmed=True).exists()


def otp_requerido(usuario: Usuario) -> bool:
    if not settings.OTP_OBLIGATORIO:
        return False
    return usuario.is_superuser or alcance_de(usuario).tiene_rol(*ROLES_CON_OTP)


def dispositivo_pendiente(usuario: Usuario) -> TOTPDevice:
    """The unconfirmed device being set up (created on first visit, reused until confirmed)."""
    dispositivo = TOTPDevice.objects.filter(user=usuario, confirmed=False).first()
    if dispositivo is None:
        dispositivo = TOTPDevice.objects.create(
            user=usuario, name="Aplicación de autenticación", confirmed=False
        )
    return dispositivo


def qr_svg(dispositivo: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code, for the authenticator app to scan."""
    return segno.make(dispositivo.config_url, error="m").svg_inline(scale=5, dark="#0b3d6e")


def clave_legible(dispositivo: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing it by hand."""
    from base64 import b32encode

    clave = b32encode(dispositivo.bin_key).decode().rstrip("=")
    return " ".join(clave[i : i + 4] for i in range(0, len(clave), 4))
