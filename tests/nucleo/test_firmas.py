import pytest

from nucleo.firmas import MENSAJE_EXPIRADO, MENSAJE_INVALIDO, EnlaceInvalido, firmar, verificar


def test_enlace_firmado_devuelve_sus_datos():
    token = firmar("asistencia", {"id": 7, "respuesta": "confirmada"})

    assert verificar("asistencia", token, max_age_segundos=60) == {
        "id": 7,
        "respuesta": "confirmada",
    }


def test_enlace_alterado_se_rechaza():
    token = firmar("asistencia", {"id": 7})
    alterado = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")

    with pytest.raises(EnlaceInvalido) as error:
        verificar("asistencia", alterado, max_age_segundos=60)

    assert error.value.mensaje == MENSAJE_INVALIDO


def test_enlace_de_otro_proposito_se_rechaza():
    token = firmar("visita", {"id": 7})

    with pytest.raises(EnlaceInvalido):
        verificar("asistencia", token, max_age_segundos=60)


def test_enlace_expirado_se_rechaza(monkeypatch):
    import time

    token = firmar("asistencia", {"id": 7})
    ahora = time.time()
    monkeypatch.setattr(time, "time", lambda: ahora + 3601)

    with pytest.raises(EnlaceInvalido) as error:
        verificar("asistencia", token, max_age_segundos=3600)

    assert error.value.mensaje == MENSAJE_EXPIRADO
