import pytest

from tests.conftest import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_omil_limache_ingresa_y_ve_su_comuna(pagina, demo_transaccional):
    ingresar(pagina, "omil.limache")

    pagina.get_by_role("heading", name="Comuna de Limache").wait_for()
    assert pagina.title() == "Inicio · SENCE"
    assert "Provincia de Marga Marga" in pagina.content()
    pagina.screenshot(path="var/capturas/inicio-omil-limache.png", full_page=True)


def test_clave_equivocada_muestra_el_error(pagina, demo_transaccional):
    ingresar(pagina, "omil.limache", password="equivocada")

    assert pagina.get_by_text("Usuario o contraseña incorrectos").is_visible()
