from django import forms
from django.utils.translation import gettext_lazy as _


class WorkbookForm(forms.Form):
    file = forms.FileField(label=_("Roadmap workbook (.xlsx)"))
    reason = forms.CharField(
        label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 3})
    )
