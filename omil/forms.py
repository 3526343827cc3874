from __future__ import annotations

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone

from nucleo.forms import FechaInput, OpcionesCompartidas, VersionForm
from nucleo.models import Poblacion, ServicioPublico
from omil import selectors
from omil.models import LineaAccion, PlanComunal, PoblacionFoco
from omil.services import DatosLinea


class PlanCrearForm(forms.Form):
    comuna = forms.ChoiceField(label="Comuna")
    anio = forms.IntegerField(label="Año", min_value=2016, max_value=2100)

    def __init__(self, *args, comunas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comuna"].choices = [(c.pk, c.nombre) for c in comunas]
        self.fields["comuna"].error_messages["invalid_choice"] = (
            "Solo puedes crear el plan de la comuna de tu OMIL."
        )
        self.fields["anio"].initial = timezone.localdate().year


class PlanForm(VersionForm, forms.ModelForm):
    poblaciones_foco = forms.MultipleChoiceField(
        label="Poblaciones foco",
        choices=PoblacionFoco.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Las poblaciones a las que el plan da prioridad este año.",
    )

    class Meta:
        model = PlanComunal
        fields = ["poblaciones_foco", "diagnostico"]
        widgets = {"diagnostico": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "diagnostico": "Situación del empleo en la comuna, brechas y redes disponibles."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class LineaForm(forms.ModelForm):
    class Meta:
        model = LineaAccion
        fields = [
            "actividad",
            "servicios",
            "programa",
            "meta_numero",
            "meta_unidad",
            "plazo",
            "estado",
        ]
        widgets = {
            "servicios": forms.CheckboxSelectMultiple,
            "plazo": FechaInput,
            "actividad": forms.TextInput(attrs={"placeholder": "Qué se hará"}),
            "meta_unidad": forms.TextInput(attrs={"placeholder": "personas derivadas"}),
        }
        labels = {"meta_numero": "Meta (número)", "programa": "Programa"}

    def __init__(self, *args, region_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["servicios"].queryset = selectors.servicios_de_region(region_id)
        self.fields["servicios"].label_from_instance = lambda i: (
            i.servicio.sigla if i.servicio else i.nombre
        )
        self.fields["programa"].queryset = selectors.programas_de_region(region_id)
        self.fields["programa"].empty_label = "— Sin programa específico —"
        self.fields["meta_numero"].min_value = 1
        self.fields["meta_numero"].widget.attrs["min"] = 1

    def datos(self) -> DatosLinea:
        c = self.cleaned_data
        if c.get("DELETE"):
            return DatosLinea(
                id=self.instance.pk,
                actividad="",
                meta_numero=0,
                meta_unidad="",
                plazo=None,
                eliminar=True,
            )
        return DatosLinea(
            id=self.instance.pk,
            actividad=c["actividad"],
            servicios=list(c["servicios"]),
            programa=c["programa"],
            meta_numero=c["meta_numero"],
            meta_unidad=c["meta_unidad"],
            plazo=c["plazo"],
            estado=c["estado"],
        )


class _LineaFormSetBase(OpcionesCompartidas, BaseInlineFormSet):
    campos_compartidos = ("servicios", "programa")


LineaFormSet = inlineformset_factory(
    PlanComunal,
    LineaAccion,
    form=LineaForm,
    formset=_LineaFormSetBase,
    extra=0,
    can_delete=True,
    max_num=60,
)


def lineas_de(formset) -> list[DatosLinea]:
    """The rows a person filled in (untouched blank rows are ignored)."""
    filas = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        if not form.cleaned_data:
            continue
        filas.append(form.datos())
    return filas


class ComentarioForm(forms.Form):
    comentario = forms.CharField(
        label="Comentario", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ObservarForm(forms.Form):
    comentario = forms.CharField(
        label="Observaciones para la OMIL",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Escribe las observaciones para que la OMIL sepa qué corregir."
        },
    )


class DocumentoForm(forms.Form):
    archivo = forms.FileField(
        label="Plan firmado (PDF)",
        help_text="Solo PDF, hasta 20 MB, sin contraseña.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class AvanceForm(forms.Form):
    valor = forms.IntegerField(
        label="Avance acumulado",
        min_value=0,
        error_messages={"min_value": "El avance no puede ser negativo."},
    )
    estado = forms.ChoiceField(label="Estado", choices=LineaAccion.Estado.choices)
    comentario = forms.CharField(label="Comentario", required=False, max_length=500)


class ProgramaForm(VersionForm):
    servicio = forms.ModelChoiceField(label="Servicio", queryset=ServicioPublico.objects.none())
    nombre = forms.CharField(max_length=200)
    descripcion = forms.CharField(
        label="Descripción", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    poblacion_objetivo = forms.CharField(label="Población objetivo", max_length=300, required=False)
    requisitos = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    como_derivar = forms.CharField(
        label="Cómo derivar a una persona", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contacto = forms.CharField(
        max_length=300, required=False, help_text="Nombre, teléfono y correo de quien recibe."
    )
    activo = forms.BooleanField(
        required=False, initial=True, help_text="Desmárcalo si el programa ya no recibe personas."
    )
    # The public offer (/oferta/): plain words for the person who needs a job.
    publico = forms.BooleanField(
        label="Mostrar en la oferta pública",
        required=False,
        help_text="Aparece en las páginas públicas de la región y de cada comuna.",
    )
    para_quien = forms.CharField(
        label="¿Para quién es? (texto público)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    requisitos_publicos = forms.CharField(
        label="Requisitos (texto público)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    como_postular = forms.CharField(
        label="¿Cómo postular? (texto público)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    poblaciones = forms.MultipleChoiceField(
        label="Poblaciones",
        choices=Poblacion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Para el filtro por población de la oferta pública.",
    )

    def __init__(self, *args, servicios, editar: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["servicio"].queryset = servicios
        if len(servicios) == 1:
            self.fields["servicio"].initial = servicios[0]
        if editar:
            del self.fields["servicio"]
        else:  # a new programme has no version to keep nor state to change
            del self.fields["activo"]
            del self.fields["version"]
            # …and is published once its people have written it (the edit page).
            for campo in ("publico", "para_quien", "requisitos_publicos", "como_postular"):
                del self.fields[campo]
            del self.fields["poblaciones"]
