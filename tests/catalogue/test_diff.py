"""The differences between two lists of service records: a pure function."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from catalogue.editions.diff import diff_services

records = st.lists(
    st.fixed_dictionaries(
        {
            "code": st.sampled_from([f"B.{i}.{j}" for i in range(1, 4) for j in range(1, 5)]),
            "name": st.sampled_from(["Temporary manager", "Digital temporary manager", "Test"]),
            "is_digital": st.booleans(),
            "intensity_micro": st.decimals(min_value=0, max_value=100, places=2),
        }
    ),
    max_size=12,
    unique_by=lambda r: r["code"],
)


@given(records)
def test_it_finds_no_difference_between_an_edition_and_itself(edition):
    assert diff_services(edition, edition).is_empty


@given(records, records)
def test_it_swaps_added_and_removed_when_the_editions_swap(a, b):
    forward, backward = diff_services(a, b), diff_services(b, a)
    assert forward.added == backward.removed
    assert forward.removed == backward.added
    assert [c.code for c in forward.changed] == [c.code for c in backward.changed]
    for f, r in zip(forward.changed, backward.changed, strict=True):
        assert [(x.field, x.old, x.new) for x in f.fields] == [
            (x.field, x.new, x.old) for x in r.fields
        ]


@given(records, records)
def test_it_accounts_for_every_code_exactly_once(a, b):
    diff = diff_services(a, b)
    old, new = {r["code"] for r in a}, {r["code"] for r in b}
    assert {r["code"] for r in diff.added} == new - old
    assert {r["code"] for r in diff.removed} == old - new
    assert {c.code for c in diff.changed} <= old & new


def test_it_treats_a_rename_within_a_code_as_a_change_field_by_field():
    old = [{"code": "B.3.1", "name": "Temporary manager", "is_digital": False}]
    new = [{"code": "B.3.1", "name": "Digital temporary manager", "is_digital": True}]
    diff = diff_services(old, new, fields=("name", "is_digital"))
    assert diff.added == diff.removed == ()
    [change] = diff.changed
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("name", "Temporary manager", "Digital temporary manager"),
        ("is_digital", False, True),
    ]


def test_it_treats_a_new_code_as_a_removal_and_an_addition():
    old = [{"code": "B.3.1", "name": "Temporary manager"}]
    new = [{"code": "B.8.1", "name": "Temporary manager"}]
    diff = diff_services(old, new, fields=("name",))
    assert [r["code"] for r in diff.removed] == ["B.3.1"]
    assert [r["code"] for r in diff.added] == ["B.8.1"]
    assert diff.changed == ()


def test_it_ignores_how_a_decimal_is_written():
    old = [{"code": "A.1", "intensity_micro": Decimal("50")}]
    new = [{"code": "A.1", "intensity_micro": Decimal("50.00")}]
    assert diff_services(old, new, fields=("intensity_micro",)).is_empty
