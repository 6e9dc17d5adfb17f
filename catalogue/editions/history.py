"""Every change of the catalogue's editions and services, with who and when
(django-simple-history).

The historical tables belong to the funding app (app="funding") because they were
created there first: keeping their app label means moving this code needed no data
migration. The user is recorded by simple_history's HistoryRequestMiddleware.
"""

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.editions.models import Edition, Service


def _caption(record) -> str:
    return gettext("%(object)s as of %(when)s") % {
        "object": record.history_object,
        "when": formats.date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT"),
    }


class _Records(HistoricalRecords):
    # simple_history captions a record "<object> as of <ISO timestamp>", in English: the
    # admin's titles and breadcrumbs show it. The same, in the reader's language.
    def get_extra_fields(self, model, fields):
        return {**super().get_extra_fields(model, fields), "__str__": _caption}


def _track(model: type[models.Model], verbose_name, verbose_name_plural) -> type[models.Model]:
    """Keep every change of a catalogue model (see the module's docstring)."""
    records = _Records(
        app="funding",
        verbose_name=verbose_name,
        verbose_name_plural=verbose_name_plural,
        user_related_name="+",
    )
    records.manager_name = "history"
    records.table_name = None
    records.module = __name__
    records.cls = model
    records.add_extra_methods(model)
    records.finalize(model)
    return model.history.model


HistoricalEdition = _track(Edition, _("catalogue edition change"), _("catalogue edition changes"))
HistoricalService = _track(Service, _("catalogue service change"), _("catalogue service changes"))
