import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nucleo.models import Rol
from tests.factories import CLAVE, usuario_con_rol

pytestmark = pytest.mark.django_db


def codigo(dispositivo: TOTPDevice) -> str:
    return f"{totp(dispositivo.bin_key, step=dispositivo.step, digits=dispositivo.digits):06d}"


def ingresar(client, usuario):
    return client.post(reverse("login"), {"username": usuario.username, "password": CLAVE})


def test_sin_dispositivo_y_sin_obligacion_entra_directo(client):
    usuario = usuario_con_rol(Rol.DIRECTOR)

    ingresar(client, usuario)

    assert client.get(reverse("nucleo:inicio")).status_code == 200


def test_con_obligacion_el_director_debe_configurarlo(client, settings):
    settings.OTP_OBLIGATORIO = True
    usuario = usuario_con_rol(Rol.DIRECTOR)
    ingresar(client, usuario)

    respuesta = client.get(reverse("nucleo:inicio"))

    assert respuesta.status_code == 302
    assert respuesta.url.startswith(reverse("nucleo:otp_configurar"))
    pagina = client.get(respuesta.url).content.decode()
    assert "Tu rol exige un segundo factor" in pagina
    assert "<svg" in pagina


def test_con_obligacion_una_omil_no_lo_necesita(client, settings):
    settings.OTP_OBLIGATORIO = True
    ingresar(client, usuario_con_rol(Rol.ENCARGADO_OMIL))

    assert client.get(reverse("nucleo:inicio")).status_code == 200


def test_configurar_con_codigo_correcto_lo_activa(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would throttle the right one
    usuario = usuario_con_rol(Rol.ARTICULADOR)
    client.force_login(usuario)
    client.get(reverse("nucleo:otp_configurar"))
    dispositivo = TOTPDevice.objects.get(user=usuario)

    client.post(reverse("nucleo:otp_configurar"), {"codigo": "000000"})
    assert not TOTPDevice.objects.get(pk=dispositivo.pk).confirmed
    respuesta = client.post(reverse("nucleo:otp_configurar"), {"codigo": codigo(dispositivo)})

    assert respuesta.status_code == 302
    assert TOTPDevice.objects.get(pk=dispositivo.pk).confirmed


def test_con_dispositivo_se_pide_el_codigo_tras_la_clave(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    usuario = usuario_con_rol(Rol.ARTICULADOR)
    dispositivo = TOTPDevice.objects.create(user=usuario, name="app", confirmed=True)
    ingresar(client, usuario)

    bloqueado = client.get(reverse("nucleo:inicio"))
    incorrecto = client.post(reverse("nucleo:otp_verificar"), {"codigo": "123456"})
    correcto = client.post(reverse("nucleo:otp_verificar"), {"codigo": codigo(dispositivo)})

    assert bloqueado.url.startswith(reverse("nucleo:otp_verificar"))
    assert "Código incorrecto" in incorrecto.content.decode()
    assert correcto.status_code == 302
    assert client.get(reverse("nucleo:inicio")).status_code == 200


def test_rol_obligado_no_puede_desactivarlo(client, settings):
    settings.OTP_OBLIGATORIO = True
    usuario = usuario_con_rol(Rol.DIRECTOR)
    dispositivo = TOTPDevice.objects.create(user=usuario, name="app", confirmed=True)
    ingresar(client, usuario)
    client.post(reverse("nucleo:otp_verificar"), {"codigo": codigo(dispositivo)})

    client.post(reverse("nucleo:otp_desactivar"))

    assert TOTPDevice.objects.filter(user=usuario).exists()


def test_tras_un_codigo_incorrecto_se_frena_el_siguiente_intento(client):
    usuario = usuario_con_rol(Rol.ARTICULADOR)
    dispositivo = TOTPDevice.objects.create(user=usuario, name="app", confirmed=True)
    ingresar(client, usuario)

    client.post(reverse("nucleo:otp_verificar"), {"codigo": "123456"})
    inmediato = client.post(reverse("nucleo:otp_verificar"), {"codigo": codigo(dispositivo)})

    assert inmediato.status_code == 200
    assert "demasiados intentos" in inmediato.content.decode()
