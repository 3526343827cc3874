from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from mesas import reglas
from mesas.models import Asistencia, Integrante, Mesa, Poblacion, TipoSesion
from nucleo.forms import FechaHoraInput, FechaInput, VersionForm
from nucleo.models import Comuna, Institucion, Programa, Usuario


class HoraInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class PersonaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Usuario) -> str:
        instituciones = ", ".join(m.institucion.nombre for m in obj.membresias.all())
        return f"{obj} ({instituciones})" if instituciones else str(obj)


def _personas_de_region(region_id: str):
    return (
        Usuario.objects.filter(
            is_active=True,
            membresias__activa=True,
            membresias__institucion__region_id=region_id,
        )
        .distinct()
        .prefetch_related("membresias__institucion")
        .order_by("first_name", "last_name")
    )


class MesaCrearForm(forms.Form):
    tipo = forms.ChoiceField(
        choices=[
            (Mesa.Tipo.COMUNAL, "Comunal (coordina la OMIL)"),
            (Mesa.Tipo.REGIONAL, "Regional (coordina SENCE)"),
        ]
    )
    comuna = forms.ModelChoiceField(
        queryset=Comuna.objects.none(), required=False, help_text="Solo para mesas comunales."
    )
    poblaciones = forms.MultipleChoiceField(
        label="Poblaciones foco",
        choices=Poblacion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    objetivo = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    fecha_inicio = forms.DateField(label="Fecha de inicio", widget=FechaInput)
    integrantes = forms.ModelMultipleChoiceField(
        label="Instituciones integrantes",
        queryset=Institucion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="La institución coordinadora se agrega sola. Podrá sumar personas después.",
    )

    def __init__(self, *args, comunas, instituciones, solo_comunal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comuna"].queryset = comunas
        self.fields["integrantes"].queryset = instituciones
        self.fields["fecha_inicio"].initial = timezone.localdate()
        if solo_comunal:
            self.fields["tipo"].choices = [(Mesa.Tipo.COMUNAL, "Comunal (coordina la OMIL)")]

    def clean(self):
        datos = super().clean()
        if datos.get("tipo") == Mesa.Tipo.COMUNAL and not datos.get("comuna"):
            self.add_error("comuna", "Elija la comuna de la mesa.")
        return datos


class MesaEditarForm(VersionForm):
    poblaciones = forms.MultipleChoiceField(
        label="Poblaciones foco",
        choices=Poblacion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    objetivo = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    fecha_inicio = forms.DateField(label="Fecha de inicio", widget=FechaInput)
    activa = forms.BooleanField(
        required=False, help_text="Una mesa inactiva no programa sesiones nuevas."
    )


class IntegranteForm(forms.Form):
    institucion = forms.ModelChoiceField(label="Institución", queryset=Institucion.objects.none())
    persona = PersonaChoiceField(
        label="Persona (opcional)",
        queryset=Usuario.objects.none(),
        required=False,
        help_text="Sin persona, se invita a la institución por su correo institucional.",
    )
    rol = forms.ChoiceField(
        label="Rol en la mesa", choices=Integrante.Rol.choices, initial="titular"
    )

    def __init__(self, *args, mesa, instituciones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institucion"].queryset = instituciones
        self.fields["persona"].queryset = _personas_de_region(mesa.region_id)


class SesionForm(forms.Form):
    tipo = forms.ChoiceField(choices=TipoSesion.choices, initial="ordinaria")
    titulo = forms.CharField(
        label="Título (opcional)",
        max_length=200,
        required=False,
        help_text="Por ejemplo: «Jornada semestral de evaluación».",
    )
    inicio = forms.DateTimeField(label="Fecha y hora de inicio", widget=FechaHoraInput)
    duracion_minutos = forms.IntegerField(
        label="Duración (minutos)", min_value=15, max_value=600, initial=120
    )
    lugar = forms.CharField(max_length=200, required=False)
    enlace_video = forms.URLField(
        label="Enlace de videoconferencia", required=False, assume_scheme="https"
    )
    puntos = forms.CharField(
        label="Tabla",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Un tema por línea. Los acuerdos abiertos anteriores se listan solos.",
    )

    def clean(self):
        datos = super().clean()
        if not datos.get("lugar") and not datos.get("enlace_video"):
            raise forms.ValidationError("Indique el lugar o el enlace de videoconferencia.")
        return datos


class SesionEditarForm(VersionForm):
    tipo = forms.ChoiceField(choices=TipoSesion.choices)
    titulo = forms.CharField(label="Título (opcional)", max_length=200, required=False)
    inicio = forms.DateTimeField(label="Inicio", widget=FechaHoraInput)
    fin = forms.DateTimeField(label="Término", widget=FechaHoraInput)
    lugar = forms.CharField(max_length=200, required=False)
    enlace_video = forms.URLField(
        label="Enlace de videoconferencia", required=False, assume_scheme="https"
    )
    programas = forms.ModelMultipleChoiceField(
        label="Programas presentados (capacitación interna)",
        queryset=Programa.objects.filter(activo=True).select_related("servicio"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    dificultades = forms.CharField(
        label="Dificultades detectadas (evaluación semestral)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    propuestas_mejora = forms.CharField(
        label="Propuestas de mejora (evaluación semestral)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean(self):
        datos = super().clean()
        if datos.get("inicio") and datos.get("fin") and datos["fin"] <= datos["inicio"]:
            self.add_error("fin", "El término debe ser posterior al inicio.")
        return datos


class SuspenderForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo de la suspensión",
        max_length=300,
        help_text="Se informa a todas las personas invitadas.",
    )


class SerieForm(forms.Form):
    regla = forms.CharField(
        label="¿Cuándo se reúne la mesa?",
        max_length=120,
        initial="último jueves de cada mes, 10:00",
        help_text=f"Ejemplos: {reglas.EJEMPLOS}.",
    )
    # Empty by default: a rule that says its time ("…, 15:00") needs nothing here, and a filled
    # field beside it read as a contradiction. Neither says a time: 10:00 (mesas.reglas).
    hora = forms.TimeField(
        label="Hora (si la regla no la dice)",
        widget=HoraInput,
        required=False,
        help_text="Déjela vacía si la regla ya dice la hora. Si ninguna la dice: 10:00.",
    )
    duracion_minutos = forms.IntegerField(
        label="Duración (minutos)", min_value=15, max_value=600, initial=120
    )
    desde = forms.DateField(label="Desde", widget=FechaInput)
    hasta = forms.DateField(label="Hasta", widget=FechaInput, required=False)
    cantidad = forms.IntegerField(
        label="o cantidad de sesiones",
        min_value=1,
        max_value=reglas.MAXIMO_OCURRENCIAS,
        required=False,
        help_text=f"Máximo {reglas.MAXIMO_OCURRENCIAS}. Indique «Hasta» o la cantidad.",
    )
    tipo = forms.ChoiceField(choices=TipoSesion.choices, initial="ordinaria")
    lugar = forms.CharField(max_length=200, required=False)
    enlace_video = forms.URLField(
        label="Enlace de videoconferencia", required=False, assume_scheme="https"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desde"].initial = timezone.localdate() + timedelta(days=1)
        self.fields["cantidad"].initial = 12

    def clean(self):
        datos = super().clean()
        if not datos.get("lugar") and not datos.get("enlace_video"):
            raise forms.ValidationError("Indique el lugar o el enlace de videoconferencia.")
        return datos


class SerieModificarForm(VersionForm):
    hora = forms.TimeField(widget=HoraInput)
    duracion_minutos = forms.IntegerField(label="Duración (minutos)", min_value=15, max_value=600)
    lugar = forms.CharField(max_length=200, required=False)
    enlace_video = forms.URLField(
        label="Enlace de videoconferencia", required=False, assume_scheme="https"
    )


class SerieTerminarForm(forms.Form):
    desde = forms.DateField(
        label="Suspender las sesiones desde", widget=FechaInput, initial=timezone.localdate
    )
    motivo = forms.CharField(max_length=300, initial="Fin de la serie de sesiones")


ETIQUETAS_REGISTRO = [
    ("asistio", "Asistió"),
    ("ausente", "Ausente"),
    ("justificada", "Justificada"),
]


class AsistenciaRegistroForm(forms.Form):
    """One radio group per invitee, prefilled from what they answered."""

    def __init__(self, *args, asistencias: list[Asistencia], **kwargs):
        super().__init__(*args, **kwargs)
        self.filas = []
        for a in asistencias:
            if a.estado in Asistencia.REGISTROS:
                inicial = a.estado
            elif a.estado == Asistencia.Estado.RECHAZADA:
                inicial = "justificada"
            elif a.estado == Asistencia.Estado.CONFIRMADA:
                inicial = "asistio"
            else:
                inicial = "ausente"
            nombre = f"a{a.pk}"
            self.fields[nombre] = forms.ChoiceField(
                label=a.invitado,
                choices=ETIQUETAS_REGISTRO,
                widget=forms.RadioSelect,
                initial=inicial,
            )
            self.filas.append((a, self[nombre]))

    def estados(self) -> dict[int, str]:
        return {int(k[1:]): v for k, v in self.cleaned_data.items()}


class MinutaForm(forms.Form):
    """One version is one document: the chosen kind decides which field counts."""

    ARCHIVO, TEXTO = "archivo", "texto"

    tipo = forms.ChoiceField(
        label="Esta versión de la minuta es",
        choices=[
            (ARCHIVO, "Un archivo (PDF, DOCX u ODT)"),
            (TEXTO, "Un texto escrito aquí (se puede descargar como PDF)"),
        ],
        widget=forms.RadioSelect,
        required=False,  # when not chosen, a sent file makes it a file version (see clean)
    )
    archivo = forms.FileField(
        label="Archivo de la minuta",
        required=False,
        help_text="PDF, DOCX u ODT de hasta 20 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )
    texto = forms.CharField(
        label="Texto de la minuta",
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
        required=False,
        help_text="Viene completado con la asistencia, la tabla y los acuerdos de la sesión.",
    )
    nota = forms.CharField(
        label="Nota de esta versión (opcional)",
        max_length=200,
        required=False,
        help_text="Por ejemplo: «Corrige la fecha del acuerdo 2».",
    )

    def clean(self):
        datos = super().clean()
        tipo = datos.get("tipo")
        if not tipo:
            texto = datos.get("texto", "").replace("\r\n", "\n").strip()
            propuesto = (self.initial.get("texto") or "").strip()
            if datos.get("archivo") and texto and texto != propuesto:
                # A file and a text of one's own: only the person knows which one is the minute.
                self.add_error(
                    "tipo",
                    "Subió un archivo y también escribió un texto: elija cuál de los dos es esta "
                    "versión de la minuta.",
                )
                return datos
            tipo = self.ARCHIVO if datos.get("archivo") else self.TEXTO
        datos["tipo"] = tipo
        if tipo == self.ARCHIVO:
            datos["texto"] = ""  # the pre-filled draft is not part of a file version
            if not datos.get("archivo") and "archivo" not in self.errors:
                self.add_error("archivo", "Elija el archivo de la minuta.")
        elif tipo == self.TEXTO:
            if datos.get("archivo"):
                self.add_error(
                    "archivo",
                    "Eligió escribir la minuta: quite el archivo, o elija «Un archivo» para "
                    "subirlo como esta versión.",
                )
            elif not datos.get("texto", "").strip():
                self.add_error("texto", "Escriba el texto de la minuta.")
        return datos


class AcuerdoForm(forms.Form):
    texto = forms.CharField(label="Acuerdo", widget=forms.Textarea(attrs={"rows": 2}))
    institucion_responsable = forms.ModelChoiceField(
        label="Institución responsable", queryset=Institucion.objects.none()
    )
    persona_responsable = PersonaChoiceField(
        label="Persona responsable (opcional)", queryset=Usuario.objects.none(), required=False
    )
    fecha_limite = forms.DateField(label="Fecha límite", widget=FechaInput)

    def __init__(self, *args, mesa, instituciones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institucion_responsable"].queryset = instituciones
        self.fields["persona_responsable"].queryset = _personas_de_region(mesa.region_id)
        self.fields["fecha_limite"].initial = timezone.localdate() + timedelta(days=30)

    def clean(self):
        datos = super().clean()
        persona, institucion = (
            datos.get("persona_responsable"),
            datos.get("institucion_responsable"),
        )
        if (
            persona
            and institucion
            and not persona.membresias.filter(institucion=institucion, activa=True).exists()
        ):
            self.add_error("persona_responsable", "La persona no pertenece a esa institución.")
        return datos


class PuntoForm(forms.Form):
    titulo = forms.CharField(label="Tema", max_length=200)
    expositor = forms.CharField(label="Expone (opcional)", max_length=120, required=False)
