"""Who may open an application's journey pages: its applicant, for the scheme whose URL
was used (an audit's number under the catalogue's URLs is a 404 like anybody else's)."""

from collections.abc import Callable

from django.http import Http404

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application
from trinno_portal.funding.selectors import application_for_user


def applicant_loader(scheme: str) -> Callable[[User, int], Application]:
    """Journey.load for a scheme whose applicants are enterprises' members."""

    def load(user: User, pk: int) -> Application:
        application = application_for_user(user, pk)
        if application.scheme != scheme:
            raise Http404
        return application

    return load
