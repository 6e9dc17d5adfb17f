"""Password rules beyond Django's own validators."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password needs letters and at least one digit or symbol."""

    def validate(self, password: str, user=None) -> None:
        has_letter = any(c.isalpha() for c in password)
        has_other = any(not c.isalpha() for c in password)
        if not (has_letter and has_other):
            raise ValidationError(
                _("Your password must contain letters and at least one digit or symbol."),
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return _("Your password must contain letters and at least one digit or symbol.")


# Characters that change how text is shown without being seen: bidirectional overrides
# and isolates (U+202A-U+202E, U+2066-U+2069, "Trojan Source", CVE-2021-42574) and the
# other format and control characters (Unicode categories Cf and Cc), except the tab and
# line breaks a text area holds. "Rossi\u202eLRS" reads as "RossiSRL" reversed in a list.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def validate_visible_text(value: str) -> None:
    import unicodedata

    if any(
        unicodedata.category(ch) in ("Cf", "Cc") and ch not in _ALLOWED_CONTROLS
        for ch in value or ""
    ):
        raise ValidationError(
            _("Remove the invisible formatting characters (such as right-to-left marks)."),
            code="invisible_characters",
        )
