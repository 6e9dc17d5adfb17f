"""The pure checks of a response's shape (what spid-sp-test's response tests 30-76 vary)."""

import dataclasses

import pytest

from trinno_portal.spid.rules import ENTITY, TRANSIENT, Refusal, Shape, check_level, check_shape

GOOD = Shape(
    response_issuer_format=ENTITY,
    assertion_version="2.0",
    assertion_issuer_format=ENTITY,
    name_id_format=TRANSIENT,
    name_id_qualifier="https://idp.example/",
    has_name_id=True,
    confirmation_not_on_or_after="2026-12-01T10:05:00Z",
    has_conditions=True,
    conditions_not_before="2026-12-01T10:00:00Z",
    conditions_not_on_or_after="2026-12-01T10:05:00Z",
    audiences=("https://portale.example/spid/metadata/",),
)


def test_a_well_formed_response_passes():
    check_shape(GOOD)
    check_shape(dataclasses.replace(GOOD, response_issuer_format=None))


@pytest.mark.parametrize(
    "change",
    [
        {"response_issuer_format": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"},
        {"assertion_version": "1.1"},
        {"assertion_issuer_format": None},
        {"assertion_issuer_format": TRANSIENT},
        {"has_name_id": False},
        {"name_id_format": None},
        {"name_id_format": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"},
        {"name_id_qualifier": ""},
        {"confirmation_not_on_or_after": None},
        {"has_conditions": False},
        {"conditions_not_before": None},
        {"conditions_not_on_or_after": ""},
        {"audiences": ()},  # Conditions without an AudienceRestriction (spid-sp-test 73)
        {"audiences": ("  ",)},
    ],
)
def test_each_missing_or_wrong_part_is_refused(change):
    with pytest.raises(Refusal):
        check_shape(dataclasses.replace(GOOD, **change))


def test_the_level_must_reach_the_one_asked():
    check_level(asked=2, class_ref="https://www.spid.gov.it/SpidL3")
    for weaker in ("https://www.spid.gov.it/SpidL1", None, "urn:other"):
        with pytest.raises(Refusal):
            check_level(asked=2, class_ref=weaker)
