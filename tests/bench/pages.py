"""The pages of the bench's mix: real URLs of the portal, per virtual user."""

from collections.abc import Callable

PAGES = ["catalogue", "dashboard", "application", "queue", "monitoring"]


def page_url(page: str, vu: int, plan: dict) -> tuple[str, str]:
    """(path, session key) of a page for virtual user `vu`."""
    sme = plan["sme"][vu % len(plan["sme"])]
    if page == "catalogue":
        return f"/catalogo/?q={plan['terms'][vu % len(plan['terms'])]}", ""
    if page == "dashboard":
        return "/audit/", sme["session"]
    if page == "application":
        return f"/audit/domanda/{sme['application']}/", sme["session"]
    if page == "queue":
        staff = plan["staff"][vu % len(plan["staff"])]
        return "/admin/funding/application/?status__exact=eligible&province=AR", staff["session"]
    if page == "monitoring":
        official = plan["official"][vu % len(plan["official"])]
        return "/monitoraggio/", official["session"]
    if page == "health":
        return "/health/", ""
    raise ValueError(page)


def url_for_plan(plan: dict) -> Callable[[str, int], tuple[str, str]]:
    return lambda page, vu: page_url(page, vu, plan)


def foreign_check(plan: dict) -> Callable[[str, int, bytes], bool]:
    """Does an SME's page link an application of another SME of the plan? (The bench's
    isolation check: every response is looked at, none may show another user's data.)"""
    from .load import linked_applications

    everyone = {sme["application"] for sme in plan["sme"]}

    def foreign(page: str, vu: int, body: bytes) -> bool:
        if page not in ("dashboard", "application"):
            return False  # staff and officials see many applications by right
        own = plan["sme"][vu % len(plan["sme"])]["application"]
        return bool(linked_applications(body) & (everyone - {own}))

    return foreign
