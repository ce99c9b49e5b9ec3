"""bin/check-translations, CI's translation check, finds and names every kind of problem."""

import importlib.machinery
import importlib.util
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings

CHECK = Path(settings.BASE_DIR) / "bin" / "check-translations"


@pytest.fixture(scope="module")
def check():
    loader = importlib.machinery.SourceFileLoader("check_translations", str(CHECK))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


@pytest.fixture
def catalogues(tmp_path):
    """A copy of the Portuguese catalogue and its .mo, and a 'fresh' one beside it."""
    source = Path(settings.BASE_DIR) / "locale" / "pt" / "LC_MESSAGES"
    ours, fresh = tmp_path / "ours" / "django.po", tmp_path / "fresh" / "django.po"
    for target in (ours, fresh):
        target.parent.mkdir()
        shutil.copy(source / "django.po", target)
    shutil.copy(source / "django.mo", ours.with_suffix(".mo"))
    return ours, fresh


def edit(path: Path, change) -> None:
    catalogue = polib.pofile(str(path))
    change(catalogue)
    catalogue.save(str(path))


def entry(catalogue, msgid: str):
    return next(e for e in catalogue if e.msgid == msgid)


def test_the_committed_catalogues_pass(check, catalogues):
    ours, fresh = catalogues
    assert check.problems_of("pt", ours, fresh) == []


def test_a_string_in_the_code_but_not_in_the_catalogue_is_named(check, catalogues):
    ours, fresh = catalogues
    edit(fresh, lambda c: c.append(polib.POEntry(msgid="A new sentence", msgstr="")))
    assert check.problems_of("pt", ours, fresh) == [
        "pt: not in the catalogue (run `make messages`): '\\x04A new sentence'"
    ]


def test_a_string_gone_from_the_code_is_named(check, catalogues):
    ours, fresh = catalogues
    edit(fresh, lambda c: c.remove(entry(c, "Log in to Exchange")))
    assert check.problems_of("pt", ours, fresh) == [
        "pt: no longer in the code (run `make messages`): '\\x04Log in to Exchange'"
    ]


def test_untranslated_fuzzy_and_wrong_placeholders_are_named(check, catalogues):
    ours, fresh = catalogues

    def spoil(catalogue):
        entry(catalogue, "Log in to Exchange").msgstr = ""
        entry(catalogue, "Log out").flags.append("fuzzy")
        entry(catalogue, "Saved “%(title)s”.").msgstr = "“%(titulo)s” guardado."

    edit(ours, spoil)
    problems = check.problems_of("pt", ours, fresh)
    assert "pt: 'Log in to Exchange' is untranslated" in problems
    assert "pt: 'Log out' is fuzzy" in problems
    assert "pt: 'Saved “%(title)s”.': placeholders differ from the English ones" in problems
    # The .mo no longer matches the .po that changed.
    assert "pt: django.mo is out of date (run `make messages`)" in problems


def test_a_missing_compiled_catalogue_is_named(check, catalogues):
    ours, fresh = catalogues
    ours.with_suffix(".mo").unlink()
    assert check.problems_of("pt", ours, fresh) == [
        "pt: django.mo is missing (run `make messages`)"
    ]
