"""What the survey pages read from a query string, parsed before a view uses it."""

from django import forms


class CompareForm(forms.Form):
    """`?from=N&to=M`: the two submissions of a response to compare (default: the last two)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: the fields are named through the form's mapping.
        self.fields["from"] = forms.IntegerField(required=False, min_value=1)
        self.fields["to"] = forms.IntegerField(required=False, min_value=1)
