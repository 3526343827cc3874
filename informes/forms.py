from django import forms
from django.utils import timezone

from informes.models import Informe
from informes.periodos import MENSUAL, SEMESTRAL, Periodo
from nucleo.models import Region


class SolicitarInformeForm(forms.Form):
    tipo = forms.ChoiceField(label="Tipo de informe", choices=Informe.Tipo.choices)
    periodo = forms.CharField(
        label="Periodo",
        max_length=7,
        help_text="Mensual: AAAA-MM (2026-10). Semestral: AAAA-S1 (enero–junio) o AAAA-S2.",
    )
    region = forms.ModelChoiceField(label="Región", queryset=Region.objects.none())

    def __init__(self, *args, regiones: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(codigo__in=regiones)
        if len(regiones) == 1:
            self.fields["region"].initial = next(iter(regiones))
            self.fields["region"].widget = forms.HiddenInput()
        self.fields["tipo"].initial = MENSUAL
        self.fields["periodo"].initial = Periodo.ultimo_cerrado(
            MENSUAL, timezone.localdate()
        ).codigo
        hoy = timezone.localdate()
        self.fields["periodo"].widget.attrs.update(
            {
                "placeholder": "2026-10",
                "autocomplete": "off",
                # static/js/informes.js proposes the last closed period of the chosen kind
                "data-mensual": Periodo.ultimo_cerrado(MENSUAL, hoy).codigo,
                "data-semestral": Periodo.ultimo_cerrado(SEMESTRAL, hoy).codigo,
            }
        )
