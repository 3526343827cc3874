"""nucleo.forms.Renderizador writes <select> in Python: the same bytes as Django's templates."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from nucleo.forms import Renderizador
from nucleo.models import Comuna, Institucion


class Todo(forms.Form):
    simple = forms.ChoiceField(choices=[("a", "Uno & <dos>"), ("b", 'Tres "comillas"')])
    grupos = forms.ChoiceField(
        choices=[("", "—"), ("Región «05»", [("1", "Valparaíso"), ("2", "Viña")]), ("3", "Otra")]
    )
    varias = forms.MultipleChoiceField(choices=[("x", "Equis"), ("y", "Ye"), ("z", "Zeta")])
    comuna = forms.ModelChoiceField(
        queryset=Comuna.objects.filter(region_id="05"), empty_label="Todas"
    )
    instituciones = forms.ModelMultipleChoiceField(queryset=Institucion.objects.all()[:5])
    si_no = forms.NullBooleanField()
    atributos = forms.ChoiceField(
        choices=[("1", "Uno")],
        widget=forms.Select(attrs={"class": "form-select", "autofocus": True, "hidden": False}),
    )


class OpcionPropia(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"  # any other template


@pytest.mark.django_db
@pytest.mark.parametrize(
    "datos",
    [{}, {"simple": "b", "grupos": "2", "varias": ["x", "z"], "comuna": "05802", "si_no": "true"}],
)
def test_los_select_salen_identicos_a_los_de_django(datos):
    rapido = Todo(datos or None, renderer=Renderizador())
    django = Todo(datos or None, renderer=DjangoTemplates())

    for nombre in rapido.fields:
        assert str(rapido[nombre]) == str(django[nombre]), nombre
    assert 'label="Región «05»"' in str(rapido["grupos"])
    assert "Uno &amp; &lt;dos&gt;" in str(rapido["simple"])


def test_un_widget_con_su_propia_plantilla_de_opcion_usa_las_plantillas():
    campo = forms.ChoiceField(choices=[("1", "Uno")], widget=OpcionPropia)
    rapido = forms.Form(renderer=Renderizador())
    rapido.fields["c"] = campo
    django = forms.Form(renderer=DjangoTemplates())
    django.fields["c"] = campo

    assert str(rapido["c"]) == str(django["c"])
