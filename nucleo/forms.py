from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
