"""Forms render through Django's own renderer: no copy of its widget rendering of ours."""

import re

import pytest
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer

from nucleo.models import Usuario

pytestmark = pytest.mark.django_db


def test_los_formularios_usan_el_renderizador_de_django():
    assert not hasattr(settings, "FORM_RENDERER") or settings.FORM_RENDERER == (
        "django.forms.renderers.DjangoTemplates"
    )
    assert type(get_default_renderer()) is DjangoTemplates


def test_los_select_de_un_filtro_tienen_su_etiqueta(client, demo):
    # given the articulator on the agreements list
    client.force_login(Usuario.objects.get(username="articuladora"))

    # when the page is rendered
    html = client.get("/mesas/acuerdos/").content.decode()

    # then each <select> is named by its label
    for campo in ("estado", "mesa", "institucion"):
        assert re.search(rf'<label [^>]*for="id_{campo}"', html), campo
        assert re.search(rf'<select name="{campo}" [^>]*id="id_{campo}"', html), campo
    assert '<option value="" selected>Todas las mesas</option>' in html
