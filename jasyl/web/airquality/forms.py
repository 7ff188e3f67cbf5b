from django import forms
from django.utils.translation import gettext_lazy as _

from jasyl.domain.airquality.models import IngestFile


class IngestForm(forms.Form):
    file = forms.FileField(label=_("Measurement file (.csv or .json)"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Tell from the content")), *IngestFile.Format.choices],
        required=False,
    )
    station = forms.CharField(
        label=_("Station code"),
        required=False,
        max_length=50,
        help_text=_("For a file that does not name its station: a wide CSV or an OpenAQ response."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only: store nothing"), required=False, initial=False
    )
