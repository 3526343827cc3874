"""Joint company visits: planning, suspension, outcome and the agreements taken."""

from django import forms

from empresas import selectors
from empresas.forms.base import VersionMixin
from empresas.models import (
    AcuerdoVisita,
    Empresa,
    VisitaEmpresa,
)
from nucleo.forms import FechaHoraInput, FechaInput, OpcionesCompartidas

DURACIONES = [(30, "30 minutos"), (60, "1 hora"), (90, "1 hora y media"), (120, "2 horas")]


class VisitaForm(VersionMixin, forms.Form):
    inicio = forms.DateTimeField(
        label="Fecha y hora",
        widget=FechaHoraInput(),
        help_text="Hora de la comuna de la empresa.",
        error_messages={"invalid": "Escribe una fecha y hora válidas."},
    )
    duracion_minutos = forms.TypedChoiceField(
        label="Duración estimada", choices=DURACIONES, coerce=int, initial=90
    )
    objetivo = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Qué se conversará con la empresa: vacantes, capacitación, inclusión…",
    )
    participantes = forms.ModelMultipleChoiceField(
        label="Quiénes van de SENCE y de la OMIL",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Indica al menos una persona que irá a la visita."},
    )
    instituciones = forms.ModelMultipleChoiceField(
        label="Servicios invitados",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Marcamos los servicios que calzan con las necesidades de la empresa; "
        "puedes quitar o agregar otros. Cada servicio recibe un correo para confirmar.",
    )

    def __init__(
        self,
        *args,
        empresa: Empresa,
        usuario,
        visita: VisitaEmpresa | None = None,
        tipos_necesidad: list[str] | None = None,
        **kw,
    ):
        super().__init__(*args, **kw)
        self.empresa = empresa
        equipo = selectors.equipo_para_visita(empresa).prefetch_related("membresias__institucion")
        self.fields["participantes"].queryset = equipo
        self.fields["participantes"].label_from_instance = _persona_con_institucion
        invitables = selectors.instituciones_invitables(empresa.comuna.region_id)
        self.fields["instituciones"].queryset = invitables
        # A company's request (SolicitudVisita) brings its needs before the company exists.
        tipos = tipos_necesidad or [n.tipo for n in empresa.necesidades.all()]
        self.sugerencias = selectors.servicios_sugeridos(tipos)
        motivos = {s.servicio: s for s in self.sugerencias}
        self.motivos = {
            i.pk: f"{motivos[i.servicio.codigo].programa}. {motivos[i.servicio.codigo].motivo}."
            for i in invitables
            if i.servicio.codigo in motivos
        }
        self.fields["instituciones"].label_from_instance = lambda i: (
            str(i) if i.pk not in self.motivos else f"{i} — sugerido: {self.motivos[i.pk]}"
        )
        self.sugerencia_sence = motivos["sence"]
        if visita is None:
            self.initial.setdefault("instituciones", list(self.motivos))
            if equipo.filter(pk=usuario.pk).exists():
                self.initial.setdefault("participantes", [usuario.pk])
        else:
            self.initial.update(
                {
                    "inicio": visita.inicio,
                    "duracion_minutos": visita.duracion_minutos,
                    "objetivo": visita.objetivo,
                    "participantes": [p.pk for p in visita.participantes.all()],
                    "instituciones": [i.institucion_id for i in visita.invitaciones.all()],
                    "version": visita.version,
                }
            )


def _persona_con_institucion(usuario) -> str:
    instituciones = sorted({m.institucion.nombre for m in usuario.membresias.all() if m.activa})
    return f"{usuario} ({', '.join(instituciones)})" if instituciones else str(usuario)


class SuspenderForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo de la suspensión",
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "Por ejemplo: la empresa pidió postergar"}),
    )


class ResultadoForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = VisitaEmpresa
        fields = [
            "vacantes_ofrecidas",
            "personas_derivadas",
            "capacitaciones_acordadas",
            "resultado",
        ]
        widgets = {"resultado": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)


class AcuerdoForm(forms.ModelForm):
    class Meta:
        model = AcuerdoVisita
        fields = ["texto", "institucion", "fecha_limite", "estado"]
        widgets = {"fecha_limite": FechaInput()}

    def __init__(self, *args, instituciones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institucion"].queryset = instituciones


class _AcuerdoFormSetBase(OpcionesCompartidas, forms.BaseInlineFormSet):
    """The visit's agreements; each names an institution of the company's region or comuna."""

    campos_compartidos = ("institucion",)

    def __init__(self, *args, instance, **kwargs):
        empresa = instance.empresa
        kwargs.setdefault("form_kwargs", {})["instituciones"] = selectors.instituciones_de_acuerdo(
            empresa.comuna.region_id, empresa.comuna_id
        )
        super().__init__(*args, instance=instance, **kwargs)


AcuerdoFormSet = forms.inlineformset_factory(
    VisitaEmpresa,
    AcuerdoVisita,
    form=AcuerdoForm,
    formset=_AcuerdoFormSetBase,
    extra=1,
    can_delete=True,
    max_num=30,
)
