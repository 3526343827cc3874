from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


def errores_en_formulario(form, error: ValidationError) -> None:
    """Puts a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(error, "error_dict"):
        for campo, errores in error.error_dict.items():
            form.add_error(campo if campo in form.fields else None, errores)
    else:
        form.add_error(None, error)


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


class OpcionesCompartidas:
    """Formset mixin: its rows share the options of the select fields named in
    `campos_compartidos`, read once per formset instead of once per row.

    A model-choice field runs its queryset whenever it is rendered, so a formset of n rows (and
    its empty template row) ran n + 1 identical queries per field: the edit page of a plan with
    20 action lines ran 42 option queries, an empty plan's 2. The first row built reads each
    field's options; the other rows, and the empty row, get the same list. Validation is
    untouched: a submitted value is still looked up in the field's own queryset (scope rules
    included).

    Use it before the formset base class: `class F(OpcionesCompartidas, BaseInlineFormSet)`.
    """

    campos_compartidos: tuple[str, ...] = ()

    def _construct_form(self, i, **kwargs):
        return self._compartir(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._compartir(super().empty_form)

    def _compartir(self, form):
        opciones = self.__dict__.setdefault("_opciones_compartidas", {})
        for nombre in self.campos_compartidos:
            campo = form.fields[nombre]
            if nombre not in opciones:
                opciones[nombre] = list(campo.choices)
            campo.choices = opciones[nombre]
        return form


class CodigoOtpForm(forms.Form):
    codigo = forms.RegexField(
        label="Código de 6 dígitos",
        regex=r"^\d{6}$",
        error_messages={"invalid": "Escribe los 6 dígitos que muestra tu aplicación."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "6"}
        ),
    )
