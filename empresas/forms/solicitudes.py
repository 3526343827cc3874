"""A company's public request for a joint visit, and discarding one."""

from django import forms
from django.core import signing

from empresas import rut as rut_chileno
from empresas.models import (
    Rubro,
    Tamano,
    TipoNecesidad,
)


class SolicitudVisitaForm(forms.Form):
    """The public form. Spam defences with no third party: a honeypot field people never see,
    a signed timestamp (the form must take a few seconds to fill) and, in the view, a limit per
    client address."""

    SAL = "empresas.solicitud_visita"
    SEGUNDOS_MINIMOS = 4
    VALIDEZ = 60 * 60 * 2  # a form left open longer is asked again

    razon_social = forms.CharField(label="Razón social", max_length=200)
    rut = forms.CharField(
        label="RUT de la empresa",
        max_length=20,
        help_text="Con o sin puntos y guion; por ejemplo 76.123.456-0.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    rubro = forms.ChoiceField(label="Rubro", choices=[("", "Elige el rubro"), *Rubro.choices])
    tamano = forms.ChoiceField(label="Tamaño", choices=[("", "Elige el tamaño"), *Tamano.choices])
    comuna = forms.ModelChoiceField(
        label="Comuna donde está la empresa",
        queryset=None,
        empty_label="Elige la comuna",
        error_messages={
            "invalid_choice": "Aún no recibimos solicitudes de esa comuna por este medio: "
            "escribe a la dirección regional de SENCE."
        },
    )
    necesidades = forms.MultipleChoiceField(
        label="¿Qué necesita la empresa?",
        choices=TipoNecesidad.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Marca al menos una necesidad."},
    )
    detalle = forms.CharField(
        label="Cuéntanos más (opcional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Por ejemplo: cuántas vacantes, qué cargos, qué capacitación buscan.",
    )
    contacto_nombre = forms.CharField(
        label="Nombre de la persona de contacto",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contacto_cargo = forms.CharField(label="Cargo", max_length=120, required=False)
    contacto_email = forms.EmailField(
        label="Correo electrónico", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    contacto_telefono = forms.CharField(
        label="Teléfono",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    # Honeypot: hidden from people (and from assistive technology); bots fill every field.
    sitio = forms.CharField(
        required=False,
        label="No completar este campo",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    marca = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, comunas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comuna"].queryset = comunas
        if not self.is_bound:
            self.initial["marca"] = signing.TimestampSigner(salt=self.SAL).sign("solicitud")

    def clean_rut(self) -> str:
        try:
            return rut_chileno.normalizar(self.cleaned_data["rut"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def clean(self):
        datos = super().clean()
        if datos.get("sitio"):
            raise forms.ValidationError("No pudimos recibir la solicitud. Inténtalo nuevamente.")
        firmante = signing.TimestampSigner(salt=self.SAL)
        try:
            firmante.unsign(datos.get("marca", ""), max_age=self.VALIDEZ)
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                "El formulario estuvo abierto demasiado tiempo. Revisa los datos y envíalo "
                "otra vez."
            ) from error
        except signing.BadSignature as error:
            raise forms.ValidationError(
                "No pudimos recibir la solicitud. Recarga la página e inténtalo nuevamente."
            ) from error
        try:
            firmante.unsign(datos.get("marca", ""), max_age=self.SEGUNDOS_MINIMOS)
        except signing.SignatureExpired:
            pass  # old enough: a person took the time to fill it
        else:
            raise forms.ValidationError(
                "El formulario se envió demasiado rápido. Revisa los datos y envíalo otra vez."
            )
        return datos


class DescartarSolicitudForm(forms.Form):
    motivo = forms.CharField(label="Motivo", max_length=300)
