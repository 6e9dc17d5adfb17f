"""The pure rules of the catalogue change proposals."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from monitoring.catalogue_review.rules import (
    ProposalData,
    ServiceEdit,
    accepted_conflict,
    proposal_edit,
    proposal_problems,
)

SERVICE = {
    "code": "B.1",
    "is_digital": False,
    "intensity_micro": Decimal("50.00"),
    "intensity_small": Decimal("40.00"),
    "intensity_medium": Decimal("30.00"),
}
CODES = {"A.1", "B.1"}
percent = st.decimals(min_value=0, max_value=100, places=2)


@given(percent)
def test_it_accepts_a_raise_only_above_the_present_intensity(value):
    data = ProposalData("raise_intensity", SERVICE, {"intensity_micro": value})
    problems = proposal_problems(data, edition_codes=CODES)
    assert (problems == []) == (value > SERVICE["intensity_micro"])


def test_it_raises_only_the_intensities_given():
    data = ProposalData(
        "raise_intensity", SERVICE, {"intensity_micro": Decimal("60"), "intensity_small": None}
    )
    assert proposal_edit(data) == ServiceEdit("update", "B.1", {"intensity_micro": Decimal("60")})


def test_it_needs_the_service_in_the_edition():
    data = ProposalData("remove", {**SERVICE, "code": "C.9"})
    assert proposal_problems(data, edition_codes=CODES)
    assert proposal_problems(ProposalData("remove"), edition_codes=CODES)


def test_it_checks_a_new_service_with_the_catalogues_record_rules():
    data = ProposalData(
        "add",
        intensities={k: Decimal("50") for k in SERVICE if k.startswith("intensity_")},
        new_service={
            "code": "B.7",
            "name": "Nuovo",
            "name_en": "New",
            "min_cost": "9",
            "max_cost": "1",
        },
    )
    problems = proposal_problems(data, edition_codes=CODES)
    assert any("9" in p and "1" in p for p in problems)  # the minimum above the maximum


def test_it_makes_a_service_digital():
    assert proposal_edit(ProposalData("make_digital", SERVICE)).fields == {"is_digital": True}


@given(st.sampled_from(["b.1", " B.1 ", "B.1"]))
def test_it_sees_a_conflict_whatever_the_spelling_of_the_code(code):
    assert accepted_conflict(code, accepted_codes=["B.1"])
    assert not accepted_conflict(code, accepted_codes=["B.1.1"])
