import django_filters

from convenios.models import Convenio, Vigencia
from nucleo.filtros import FiltroBase
from nucleo.forms import FechaInput
from nucleo.models import Institucion


class ConvenioFilter(FiltroBase):
    q = django_filters.CharFilter(label="Buscar", method="filtrar_texto")
    estado = django_filters.ChoiceFilter(
        label="Estado", choices=Vigencia.choices, field_name="vigencia_hoy", empty_label="Todos"
    )
    institucion = django_filters.ModelChoiceFilter(
        label="Institución",
        field_name="instituciones",
        queryset=Institucion.objects.none(),
        empty_label="Todas",
    )
    tipo = django_filters.ChoiceFilter(
        label="Tipo", choices=Convenio.Tipo.choices, empty_label="Todos"
    )
    vence_antes = django_filters.DateFilter(
        label="Vence antes de",
        field_name="fecha_termino",
        lookup_expr="lte",
        widget=FechaInput,
    )

    class Meta:
        model = Convenio
        fields = ["q", "estado", "institucion", "tipo", "vence_antes"]

    def __init__(self, *args, instituciones=None, **kwargs):
        super().__init__(*args, **kwargs)
        if instituciones is not None:
            self.filters["institucion"].queryset = instituciones

    def filtrar_texto(self, queryset, name, value):
        for palabra in value.split():
            queryset = queryset.filter(nombre__icontains=palabra) | queryset.filter(
                resolucion_numero__icontains=palabra
            )
        return queryset
