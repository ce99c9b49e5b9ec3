"""Every database rule of every model, broken three ways: the database refuses it
(IntegrityError naming the constraint), a ModelForm shows the rule's message, and
full_clean() raises. Each app's tests/<app>/test_models.py holds its table of cases;
the meta-test fails when a constraint has no case or a case names none. The row factories
of tests/itinerary and tests/learning, which prove non-negative columns refuse -1, must
together cover every model with such a column."""

import pytest

from tests.accounts import test_models as accounts_tables
from tests.delegations import test_models as delegations_tables
from tests.itinerary import test_models as itinerary_tables
from tests.learning import test_models as learning_tables
from tests.officials import test_models as officials_tables
from tests.partners import test_models as partners_tables
from tests.places import test_models as places_tables
from tests.support.constraints import (
    check_constraint_cases,
    domain_models,
    non_negative_columns,
)

ALL_CASES = [
    *accounts_tables.CONSTRAINT_CASES,
    *places_tables.CONSTRAINT_CASES,
    *partners_tables.CONSTRAINT_CASES,
    *officials_tables.CONSTRAINT_CASES,
    *delegations_tables.CONSTRAINT_CASES,
    *itinerary_tables.CONSTRAINT_CASES,
    *learning_tables.CONSTRAINT_CASES,
]


def test_every_constraint_has_a_case():
    declared = {
        constraint.name: model
        for model in domain_models()
        for constraint in model._meta.constraints
    }
    covered = {case.name: case.model for case in ALL_CASES}

    assert sorted(set(declared) - set(covered)) == []
    assert sorted(set(covered) - set(declared)) == []
    assert all(declared[name] is covered[name] for name in covered)


# Every model with a non-negative column, and how to make one row of it.

ROW_FACTORY_TABLES = [
    delegations_tables.ROW_FACTORIES,
    itinerary_tables.ROW_FACTORIES,
    learning_tables.ROW_FACTORIES,
]


def test_every_non_negative_column_has_a_row_factory():
    covered = [model for table in ROW_FACTORY_TABLES for model in table]

    assert {model for model, _field in non_negative_columns(domain_models())} == set(covered)
    assert len(covered) == len(set(covered))  # each model's columns checked by one table


@pytest.mark.django_db
@check_constraint_cases(ALL_CASES)
def test_constraint_rejected_by_database(case):
    case.assert_database_rejects()


@pytest.mark.django_db
@check_constraint_cases(ALL_CASES, forms=True)
def test_constraint_rejected_by_model_form(case):
    case.assert_form_rejects()


@pytest.mark.django_db
@check_constraint_cases(ALL_CASES)
def test_constraint_rejected_by_full_clean(case):
    case.assert_full_clean_rejects()
