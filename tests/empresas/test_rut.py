import pytest
from django.core.exceptions import ValidationError

from empresas import rut


@pytest.mark.parametrize(
    ("escrito", "guardado"),
    [
        ("76.123.456-0", "76123456-0"),
        ("76123456-0", "76123456-0"),
        ("761234560", "76123456-0"),
        (" 76.123.456 - 0 ", "76123456-0"),
        ("11.111.111-1", "11111111-1"),
        ("96.790.240-3", "96790240-3"),
        ("15.312.308-k", "15312308-K"),
        ("15312308K", "15312308-K"),
        ("09.876.543-3", "9876543-3"),
    ],
)
def test_rut_valido_se_guarda_normalizado(escrito, guardado):
    assert rut.normalizar(escrito) == guardado


@pytest.mark.parametrize(
    ("escrito", "mensaje"),
    [
        ("76.123.456-1", "El dígito verificador no corresponde: para 76.123.456 debería ser 0."),
        ("", "Ingresa el RUT de la empresa."),
        ("   ", "Ingresa el RUT de la empresa."),
        ("abc", "El RUT solo puede tener números"),
        ("76.12A.456-0", "El RUT solo puede tener números"),
        ("123456789012-3", "El RUT solo puede tener números"),
        ("0-0", "El RUT no es válido"),
    ],
)
def test_rut_invalido_da_mensaje_en_castellano(escrito, mensaje):
    with pytest.raises(ValidationError) as error:
        rut.normalizar(escrito)

    assert error.value.messages[0].startswith(mensaje)


def test_rut_se_muestra_con_puntos_y_guion():
    assert rut.formatear("76123456-0") == "76.123.456-0"
    assert rut.formatear("15312308-K") == "15.312.308-K"
    assert rut.formatear("9876543-3") == "9.876.543-3"


def test_digito_verificador_modulo_11():
    assert rut.digito_verificador(76123456) == "0"
    assert rut.digito_verificador("15312308") == "K"
    assert rut.es_valido("15.312.308-K")
    assert not rut.es_valido("15.312.309-1")


def test_rut_con_guiones_tipograficos_o_prefijo_de_pais():
    assert rut.normalizar("76.123.456–0") == "76123456-0"
    assert rut.normalizar("CL 76.123.456-0") == "76123456-0"
    assert rut.formatear("no es un rut") == "no es un rut"
