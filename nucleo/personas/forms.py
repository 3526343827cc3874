from django import forms

from nucleo.forms import VersionForm
from nucleo.models import Institucion, Rol, Usuario


class InvitacionForm(forms.Form):
    email = forms.EmailField(label="Correo electrónico")
    nombre = forms.CharField(label="Nombre (opcional)", max_length=150, required=False)
    institucion = forms.ModelChoiceField(
        label="Institución", queryset=Institucion.objects.none(), empty_label="Elige…"
    )
    rol = forms.ChoiceField(label="Rol", choices=[])
    cargo = forms.CharField(label="Cargo (opcional)", max_length=120, required=False)

    def __init__(self, *args, instituciones, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institucion"].queryset = instituciones
        self.fields["rol"].choices = [("", "Elige…")] + [(r, Rol(r).label) for r in roles]


class CambiarRolForm(forms.Form):
    rol = forms.ChoiceField(label="Nuevo rol", choices=[])

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rol"].choices = [(r, Rol(r).label) for r in roles]


class DesactivarForm(forms.Form):
    reemplazo = forms.ModelChoiceField(
        label="Sus pendientes pasan a",
        queryset=Usuario.objects.none(),
        required=False,
        empty_label="Nadie (quedan a cargo de la institución)",
    )

    def __init__(self, *args, colegas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reemplazo"].queryset = colegas


class AjustesOmilForm(forms.Form):
    aprobacion_comunal = forms.BooleanField(
        label="El plan comunal pasa por la autoridad comunal antes de enviarse a SENCE",
        required=False,
    )


class InstitucionPublicaForm(VersionForm, forms.ModelForm):
    """An institution's public data (nucleo.personas.services.institucion_actualizar)."""

    quitar_logo = forms.BooleanField(label="Quitar el logo actual", required=False)
    mapa_url = forms.URLField(
        label="Enlace al mapa",
        required=False,
        assume_scheme="https",
        help_text=Institucion._meta.get_field("mapa_url").help_text,
    )

    class Meta:
        model = Institucion
        fields = [
            "publica",
            "direccion",
            "telefono",
            "email",
            "horario",
            "mapa_url",
            "contacto_cargo",
            "contacto_nombre",
            "contacto_email",
            "contacto_telefono",
            "logo",
        ]
        labels = {"email": "Correo de la oficina"}
        help_texts = {
            "horario": "Como lo diría en la puerta: p. ej. «Lunes a viernes, 8:30 a 14:00».",
            "telefono": "Con código de área: p. ej. +56 33 212 3456.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        # The content is judged by the service (nucleo.archivos.imagenes), with its messages.
        self.fields["logo"] = forms.FileField(
            label="Logo nuevo" if self.instance.logo else "Logo",
            required=False,
            widget=forms.FileInput(attrs={"accept": ".png,.jpg,.jpeg,.webp"}),
            help_text=self.fields["logo"].help_text,
        )
        if not self.instance.logo:
            del self.fields["quitar_logo"]

    def clean(self):
        datos = super().clean()
        if datos.pop("quitar_logo", False):
            datos["logo"] = False  # the service removes it
        return datos


class CuentaNuevaForm(forms.Form):
    first_name = forms.CharField(label="Nombres", max_length=150)
    last_name = forms.CharField(label="Apellidos", max_length=150)
    username = forms.CharField(
        label="Nombre de usuario",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label="Contraseña", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="Repite la contraseña",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        datos = super().clean()
        if datos.get("password1") and datos.get("password1") != datos.get("password2"):
            self.add_error("password2", "Las contraseñas no coinciden.")
        return datos
