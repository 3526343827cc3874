from django import forms
from django.core import signing

from empresas import rut as rut_chileno
from empresas import selectors
from empresas.models import (
    AcuerdoVisita,
    Contacto,
    Empresa,
    EncuentroEmpresarial,
    Necesidad,
    ParticipacionEncuentro,
    Rubro,
    Tamano,
    TipoNecesidad,
    VisitaEmpresa,
)
from nucleo.alcance import alcance_de
from nucleo.forms import FechaHoraInput, FechaInput

DURACIONES = [(30, "30 minutos"), (60, "1 hora"), (90, "1 hora y media"), (120, "2 horas")]


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


# --- Companies ----------------------------------------------------------------------------------
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
        fields = [
            "rut",
            "razon_social",
            "nombre_fantasia",
            "rubro",
            "tamano",
            "comuna",
            "direccion",
            "telefono",
            "email",
            "sitio_web",
            "miembro_red_desde",
            "observaciones",
        ]
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


ContactoFormSet = forms.inlineformset_factory(
    Empresa, Contacto, form=ContactoForm, extra=1, can_delete=True, max_num=20
)
NecesidadFormSet = forms.inlineformset_factory(
    Empresa, Necesidad, form=NecesidadForm, extra=1, can_delete=True, max_num=30
)


def filas_de(formset) -> list[dict]:
    """The kept rows of a valid formset, as dicts for a service."""
    ajenos = {"id", "DELETE", formset.fk.name}
    filas = []
    for form in formset.forms:
        if not form.has_changed() or form.cleaned_data.get("DELETE"):
            continue
        filas.append({k: v for k, v in form.cleaned_data.items() if k not in ajenos})
    return filas


# --- Visits -------------------------------------------------------------------------------------
class VisitaForm(VersionMixin, forms.Form):
    inicio = forms.DateTimeField(
        label="Fecha y hora",
        widget=FechaHoraInput(),
        help_text="Hora de Chile continental.",
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


class _AcuerdoFormSetBase(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        empresa = self.instance.empresa
        instituciones = selectors.instituciones_de_acuerdo(
            empresa.comuna.region_id, empresa.comuna_id
        )
        for form in [*self.forms, self.empty_form]:
            form.fields["institucion"].queryset = instituciones


AcuerdoFormSet = forms.inlineformset_factory(
    VisitaEmpresa,
    AcuerdoVisita,
    form=AcuerdoForm,
    formset=_AcuerdoFormSetBase,
    extra=1,
    can_delete=True,
    max_num=30,
)


# --- Encuentros ---------------------------------------------------------------------------------
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


class ImportarForm(forms.Form):
    archivo = forms.FileField(
        label="Planilla de empresas",
        help_text=(
            "Excel (.xlsx) o CSV separado por comas, punto y coma o tabulador, hasta 5.000 "
            "filas y 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class MapeoForm(forms.Form):
    """Which field each column of an uploaded spreadsheet feeds: one select per column,
    named col_<n>, prefilled with what its title suggests."""

    def __init__(self, *args, columnas, **kwargs):
        from empresas.importacion import CAMPOS

        super().__init__(*args, **kwargs)
        opciones = [("", "No usar esta columna"), *((k, c.etiqueta) for k, c in CAMPOS.items())]
        self.columnas = columnas
        for columna in columnas:
            titulo = f"«{columna.titulo}»" if columna.titulo else "(sin título)"
            self.fields[f"col_{columna.indice}"] = forms.ChoiceField(
                label=f"Columna {columna.letra} {titulo}",
                choices=opciones,
                required=False,
                initial=columna.campo,
            )

    @classmethod
    def enviado(cls, datos) -> bool:
        return any(clave.startswith("col_") for clave in datos)

    def mapeo(self) -> list[str] | None:
        """The chosen field per column, or None when nothing valid was sent."""
        if not self.is_bound or not self.is_valid():
            return None
        return [self.cleaned_data[f"col_{c.indice}"] for c in self.columnas]

    def filas(self):
        """(column, bound field) pairs for the preview's table."""
        return [(c, self[f"col_{c.indice}"]) for c in self.columnas]


# --- A company's request for a joint visit (public form) ---------------------------------------
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
        label="Comuna donde está la empresa", queryset=None, empty_label="Elige la comuna"
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
