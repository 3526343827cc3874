"""Encuentros empresariales and the companies taking part."""

from django import forms

from empresas import selectors
from empresas.forms.base import VersionMixin
from empresas.models import (
    EncuentroEmpresarial,
    ParticipacionEncuentro,
)
from nucleo.alcance import alcance_de
from nucleo.forms import FechaHoraInput


class EncuentroForm(VersionMixin, forms.ModelForm):
    organizadores = forms.ModelMultipleChoiceField(
        label="Instituciones organizadoras",
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Mantén presionada la tecla Ctrl (⌘ en Mac) para elegir varias.",
    )
    servicios_presentes = forms.ModelMultipleChoiceField(
        label="Servicios presentes",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = EncuentroEmpresarial
        fields = [
            "nombre",
            "inicio",
            "duracion_minutos",
            "lugar",
            "comuna",
            "descripcion",
            "estado",
            "organizadores",
            "servicios_presentes",
            "vacantes_comprometidas",
            "personas_derivadas",
            "resultados",
        ]
        widgets = {
            "inicio": FechaHoraInput(),
            "descripcion": forms.Textarea(attrs={"rows": 3}),
            "resultados": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, region_id: str, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        comunas = selectors.comunas_editables(usuario).filter(region_id=region_id)
        self.fields["comuna"].queryset = comunas
        instituciones = selectors.instituciones_de_region(region_id)
        self.fields["organizadores"].queryset = instituciones
        self.fields["servicios_presentes"].queryset = selectors.instituciones_invitables(region_id)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        else:
            # Start from what the organiser would pick: their office and, for an OMIL, its comuna.
            propias = alcance_de(usuario).instituciones()
            self.initial.setdefault(
                "organizadores", [i.pk for i in instituciones if i.pk in propias]
            )
            if len(comunas) == 1:
                self.initial.setdefault("comuna", comunas[0].pk)


class InvitarEmpresasForm(forms.Form):
    empresas = forms.ModelMultipleChoiceField(
        label="Empresas a invitar",
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="Empresas de la región que aún no están en este encuentro.",
    )

    def __init__(self, *args, encuentro: EncuentroEmpresarial, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["empresas"].queryset = (
            selectors.empresas_visibles(usuario)
            .filter(comuna__region_id=encuentro.region_id)
            .exclude(participaciones_encuentro__encuentro=encuentro)
        )


class ParticipacionForm(forms.Form):
    estado = forms.ChoiceField(choices=ParticipacionEncuentro.Estado.choices)
