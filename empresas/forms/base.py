"""What the edit forms share: the hidden lock version (django-concurrency, nucleo.servicios)."""

from django import forms


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
