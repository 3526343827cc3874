"""The spreadsheet import of companies: the upload and the column mapping."""

from django import forms


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
