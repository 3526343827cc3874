from __future__ import annotations

from django import forms
from django.forms import BaseFormSet, formset_factory

from convenios import selectors
from convenios.models import Convenio
from convenios.services import DatosObligacion
from nucleo.forms import FechaInput, OpcionesCompartidas, VersionForm
from nucleo.models import Institucion


class ConvenioForm(VersionForm, forms.ModelForm):
    documento = forms.FileField(
        label="Convenio firmado (PDF)",
        required=False,
        help_text="Solo PDF, hasta 20 MB, sin contraseña. Déjalo vacío para conservar el actual.",
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    class Meta:
        model = Convenio
        fields = [
            "nombre",
            "tipo",
            "convenio_padre",
            "instituciones",
            "objeto",
            "resolucion_numero",
            "resolucion_fecha",
            "fecha_firma",
            "fecha_inicio",
            "fecha_termino",
            "renovacion_automatica",
            "renovacion_meses",
            "estado",
            "recursos_comprometidos",
        ]
        widgets = {
            "instituciones": forms.CheckboxSelectMultiple,
            "objeto": forms.Textarea(attrs={"rows": 3}),
            "resolucion_fecha": FechaInput,
            "fecha_firma": FechaInput,
            "fecha_inicio": FechaInput,
            "fecha_termino": FechaInput,
        }
        help_texts = {
            "estado": "«Vigente» y «vencido» se calculan solos con las fechas de vigencia.",
        }

    def __init__(self, *args, region_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        if not self.instance.pk:
            self.fields["version"].required = False
        self.fields["instituciones"].queryset = selectors.contrapartes_de_region(region_id)
        padres = Convenio.objects.filter(oficina_sence__region_id=region_id).exclude(
            tipo=Convenio.Tipo.ADDENDUM
        )
        if self.instance.pk:
            padres = padres.exclude(pk=self.instance.pk)
        self.fields["convenio_padre"].queryset = padres
        self.fields["convenio_padre"].empty_label = "— No es addendum —"
        campo = self.fields["recursos_comprometidos"]
        campo.min_value = 0
        campo.widget.attrs.update({"min": 0, "step": 1, "inputmode": "numeric"})
        campo.error_messages["min_value"] = "El monto no puede ser negativo."

    def clean_recursos_comprometidos(self):
        valor = self.cleaned_data["recursos_comprometidos"]
        if valor is not None and valor < 0:
            raise forms.ValidationError("El monto no puede ser negativo.")
        return valor

    def datos(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"version", "instituciones"}}


class ObligacionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parte = forms.ModelChoiceField(label="Parte", queryset=Institucion.objects.none())
    descripcion = forms.CharField(
        label="Obligación", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, partes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parte"].queryset = partes
        self.fields["parte"].empty_label = "— Elige la parte —"
        self.fields["parte"].label_from_instance = lambda i: i.nombre

    def datos(self) -> DatosObligacion:
        c = self.cleaned_data
        return DatosObligacion(
            id=c.get("id"),
            parte=c.get("parte"),
            descripcion=c.get("descripcion", ""),
            eliminar=bool(c.get("DELETE")),
        )


class _ObligacionFormSetBase(OpcionesCompartidas, BaseFormSet):
    campos_compartidos = ("parte",)


ObligacionFormSet = formset_factory(
    ObligacionForm, formset=_ObligacionFormSetBase, extra=0, can_delete=True, max_num=80
)


def obligaciones_de(formset) -> list[DatosObligacion]:
    return [
        f.datos()
        for f in formset.forms
        if f.cleaned_data and (f.has_changed() or f.cleaned_data.get("id"))
    ]


def partes_de_region(region_id: str):
    return Institucion.objects.filter(
        region_id=region_id, tipo=Institucion.Tipo.REGIONAL, activa=True
    ).select_related("servicio")
