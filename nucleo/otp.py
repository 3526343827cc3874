"""Second factor with TOTP (django-otp): who must use it, and setting a device up."""

from __future__ import annotations

import segno
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from nucleo import cache
from nucleo.alcance import alcance_de
from nucleo.models import Rol, Usuario

ROLES_CON_OTP = frozenset({Rol.DIRECTOR, Rol.ARTICULADOR})


def _clave(usuario_id: int) -> str:
    return f"nucleo:otp:{usuario_id}"


def tiene_dispositivo(usuario: Usuario) -> bool:
    """Asked on every page of a user not yet verified, so kept a minute in the cache; saving or
    deleting a device forgets it at once (see `_olvidar`)."""
    valor = cache.leer(_clave(usuario.pk))
    if valor is None:
        valor = TOTPDevice.objects.filter(user=usuario, confirmed=True).exists()
        cache.guardar(_clave(usuario.pk), valor, 60)
    return valor


@receiver([post_save, post_delete], sender=TOTPDevice, dispatch_uid="nucleo.otp.olvidar")
def _olvidar(sender, instance: TOTPDevice, **kwargs) -> None:
    cache.borrar(_clave(instance.user_id))


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
    return segno.make(dispositivo.config_url, error="m").svg_inline(
        scale=5, dark="#0b3d6e", omitsize=True
    )


def clave_legible(dispositivo: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing it by hand."""
    from base64 import b32encode

    clave = b32encode(dispositivo.bin_key).decode().rstrip("=")
    return " ".join(clave[i : i + 4] for i in range(0, len(clave), 4))
