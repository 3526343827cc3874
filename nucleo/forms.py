from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def errores_en_formulario(form, error: ValidationError) -> None:
    """Puts a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(error, "error_dict"):
        for campo, errores in error.error_dict.items():
            form.add_error(campo if campo in form.fields else None, errores)
    else:
        form.add_error(None, error)


SELECT = "django/forms/widgets/select.html"
OPCION = "django/forms/widgets/select_option.html"


class Renderizador(DjangoTemplates):
    """Django's form renderer, except that a <select> is written in Python.

    Django renders every <option> through two templates; a filter with a hundred choices (comunas,
    institutions) then costs milliseconds on every list page. The output is byte for byte what
    Django's templates give (tests/nucleo/test_formularios.py compares them); widgets with their
    own option template go through the templates as usual.
    """

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is None or any(
            opcion["template_name"] != OPCION
            for _, opciones, _ in widget["optgroups"]
            for opcion in opciones
        ):
            return super().render(template_name, context, request)
        return _select(widget)


def _atributos(atributos: dict) -> str:
    return "".join(
        format_html(" {}", nombre) if valor is True else format_html(' {}="{}"', nombre, valor)
        for nombre, valor in atributos.items()
        if valor is not False
    )


def _select(widget: dict) -> str:
    partes = [format_html('<select name="{}"', widget["name"]), _atributos(widget["attrs"]), ">"]
    for grupo, opciones, _ in widget["optgroups"]:
        if grupo:
            partes.append(format_html('\n  <optgroup label="{}">', grupo))
        for opcion in opciones:
            partes.append("\n  ")
            partes.append(format_html('<option value="{}"', opcion["value"]))
            partes.append(_atributos(opcion["attrs"]))
            partes.append(format_html(">{}</option>\n", opcion["label"]))
        if grupo:
            partes.append("\n  </optgroup>")
    partes.append("\n</select>")
    return mark_safe("".join(partes))


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Usuario o contraseña incorrectos. Revisa ambos campos; las mayúsculas cuentan."
        ),
        "inactive": "Esta cuenta está desactivada. Consulta al administrador del sistema.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Usuario"
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].label = "Contraseña"
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )


class FechaInput(forms.DateInput):
    """The browser's date picker; HTML requires ISO dates in the value attribute."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class FechaHoraInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class VersionForm(forms.Form):
    """Mixin field for edit forms of Versionado models: the version the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CodigoOtpForm(forms.Form):
    codigo = forms.RegexField(
        label="Código de 6 dígitos",
        regex=r"^\d{6}$",
        error_messages={"invalid": "Escribe los 6 dígitos que muestra tu aplicación."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "6"}
        ),
    )
