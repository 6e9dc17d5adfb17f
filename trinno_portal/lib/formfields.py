"""Form fields the portal's forms share."""

from decimal import InvalidOperation

from django import forms


class DecimalField(forms.DecimalField):
    """Django's DecimalField, safe on a row that already exists: comparing the initial
    amount with a signalling NaN ("sNaN") raised InvalidOperation, a 500, before clean()
    could refuse it. The value counts as changed, and clean() says it is no number."""

    def has_changed(self, initial, data) -> bool:
        try:
            return super().has_changed(initial, data)
        except InvalidOperation:
            return True
