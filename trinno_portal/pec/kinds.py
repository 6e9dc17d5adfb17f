"""The legally relevant notices that go by PEC, one entry per kind: the workflow's
transition that sends it (or "" for a notice a service sends itself, as the revocation)
and its e-mail templates (emails/pec/<code>_subject.txt, _body.txt). Add a kind here
(the preavviso di rigetto, art. 10-bis law 241/1990) and its templates: nothing else."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NoticeKind:
    code: str
    transition: str = ""

    @property
    def template_prefix(self) -> str:
        return f"emails/pec/{self.code}"


NOTICE_KINDS: tuple[NoticeKind, ...] = (
    NoticeKind("info_request", transition="request_info"),
    NoticeKind("rejection", transition="reject"),
    NoticeKind("concession", transition="approve"),
    NoticeKind("revocation"),
)


def kind_for_transition(transition: str) -> NoticeKind | None:
    return next((k for k in NOTICE_KINDS if k.transition and k.transition == transition), None)


def kind_named(code: str) -> NoticeKind:
    return next(k for k in NOTICE_KINDS if k.code == code)
