"""A company, its contacts and its needs."""

from django import forms

from empresas import rut as rut_chileno
from empresas import selectors
from empresas.forms.base import VersionMixin
from empresas.models import (
    Contacto,
    Empresa,
    Necesidad,
)
from empresas.services.empresas import CAMPOS_EMPRESA
from nucleo.forms import FechaInput


class EmpresaForm(VersionMixin, forms.ModelForm):
    rut = forms.CharField(
        label="RUT",
        max_length=20,
        help_text="Con o sin puntos y guion; por ejemplo 76.123.456-0.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    sitio_web = forms.URLField(label="Sitio web", required=False, assume_scheme="https")

    class Meta:
        model = Empresa
        fields = CAMPOS_EMPRESA
        widgets = {
            "miembro_red_desde": FechaInput(),
            "observaciones": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        comunas = selectors.comunas_editables(usuario)
        self.fields["comuna"].queryset = comunas
        if not self.instance.pk and len(comunas) == 1:  # an OMIL: its own comuna
            self.initial.setdefault("comuna", comunas[0].pk)
        if self.instance.pk:
            self.initial.setdefault("rut", self.instance.rut_formateado)
            self.initial.setdefault("version", self.instance.version)

    def clean_rut(self) -> str:
        return rut_chileno.normalizar(self.cleaned_data["rut"])


class ContactoForm(forms.ModelForm):
    class Meta:
        model = Contacto
        fields = ["nombre", "cargo", "telefono", "email"]


class NecesidadForm(forms.ModelForm):
    class Meta:
        model = Necesidad
        fields = ["tipo", "ocupacion", "cantidad", "detalle"]


class _FilasFormSet(forms.BaseInlineFormSet):
    """A company's rows: an empty row to type in while there is none yet; once there are rows,
    «Agregar …» adds one from the page's row template, as on a plan's action lines (an empty
    row under every list was also a fifth of the edit page's rendering)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and len(self.get_queryset()):  # the rows the formset shows anyway
            self.extra = 0


ContactoFormSet = forms.inlineformset_factory(
    Empresa,
    Contacto,
    form=ContactoForm,
    formset=_FilasFormSet,
    extra=1,
    can_delete=True,
    max_num=20,
)


NecesidadFormSet = forms.inlineformset_factory(
    Empresa,
    Necesidad,
    form=NecesidadForm,
    formset=_FilasFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
)


def filas_de(formset) -> list[dict]:
    """The kept rows of a valid formset, as dicts for a service that replaces the rows: every
    saved row the user did not mark for deletion, touched or not, and every new row with
    something typed in (an empty new row is left out)."""
    ajenos = {"id", "DELETE", formset.fk.name}
    filas = []
    for form in formset.forms:
        if form.cleaned_data.get("DELETE"):
            continue
        if not form.has_changed() and form.instance.pk is None:
            continue
        filas.append({k: v for k, v in form.cleaned_data.items() if k not in ajenos})
    return filas
