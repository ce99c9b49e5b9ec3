"""The layers of docs/architecture.md: an app reaches only itself and the apps listed
before it in LAYERS, never one after it.

Three kinds of reach are checked, each in every app's Python (migrations aside) and the
first two also in its templates (`templates/<app>/`; `templates/includes/` is core's):
- imports (`import x`, `from x import y`);
- URL names (`{% url "ns:name" %}`, `reverse("ns:name")`, `pattern_name="ns:name"`...),
  each owned by the app whose URLconf defines it;
- ORM paths written as strings (`select_related("a__b")`, `filter(a__b=...)`,
  `Prefetch("a")`, `F("a__b")`, `order_by("-a__b")`...): a path may walk a relation
  only if the model at its end belongs to the app or to one below it. A name that
  several relations share (`item`, `delegation`) counts as upward only when every
  relation of that name leads up.
Project wiring (`exchange/`, the templates at the root of `templates/`) may reach all.
"""

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "core",
    "accounts",
    "jobs",
    "places",
    "partners",
    "officials",
    "delegations",
    "itinerary",
    "learning",
    "timeline",
    "visits",
    "reports",
    "search",
    "demo",
]
# Template folders named after what they hold rather than an app.
TEMPLATE_OWNERS = {"includes": "core", "registration": "accounts"}

URL_TAG = re.compile(r"{%\s*url\s+[\"']([\w-]+:[\w-]+)[\"']")
URL_NAME = re.compile(r"^([\w-]+):([\w-]+)$")
PATH_METHODS = {
    "select_related",
    "prefetch_related",
    "only",
    "defer",
    "values",
    "values_list",
    "order_by",
    "distinct",
}
PATH_FUNCTIONS = {"F", "Prefetch", "OuterRef", "Count", "Sum", "Min", "Max", "Avg"}
LOOKUP_CALLS = {"filter", "exclude", "get", "Q", "get_object_or_404"}


def rank(app: str) -> int:
    return LAYERS.index(app)


def python_files(app: str) -> list[Path]:
    return [p for p in sorted((ROOT / app).rglob("*.py")) if "migrations" not in p.parts]


def template_files(app: str) -> list[Path]:
    folders = [name for name, owner in TEMPLATE_OWNERS.items() if owner == app] + [app]
    return [p for folder in folders for p in sorted((ROOT / "templates" / folder).rglob("*.html"))]


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


# --- imports -------------------------------------------------------------------------------
def imported_apps(path: Path) -> set[tuple[str, int]]:
    """Top-level project apps a module imports, with the line of each import."""
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update((name.split(".")[0], node.lineno) for name in names)
    return {(name, line) for name, line in found if name in LAYERS}


def violations(app: str) -> list[str]:
    return [
        f"{where(path, line)} imports {name}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for name, line in imported_apps(path)
        if rank(name) > rank(app)
    ]


# --- URL names -----------------------------------------------------------------------------
@cache
def url_owners() -> dict[str, str]:
    """Every namespaced URL name of the project, with the app whose URLconf defines it."""
    owners = {}

    def walk(patterns, namespace, owner):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_module, "__name__", "")
                walk(
                    pattern.url_patterns,
                    pattern.namespace or namespace,
                    module.split(".")[0] if pattern.namespace else owner,
                )
            elif isinstance(pattern, URLPattern) and namespace and pattern.name:
                owners[f"{namespace}:{pattern.name}"] = owner

    walk(get_resolver().url_patterns, None, None)
    return {name: owner for name, owner in owners.items() if owner in LAYERS}


def url_names_in_python(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.value, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and URL_NAME.match(node.value)
    ]


def url_names_in_template(path: Path) -> list[tuple[str, int]]:
    return [
        (match[1], number)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in URL_TAG.finditer(line)
    ]


def url_violations(app: str) -> list[str]:
    owners = url_owners()
    found = [(p, *hit) for p in python_files(app) for hit in url_names_in_python(p)]
    found += [(p, *hit) for p in template_files(app) for hit in url_names_in_template(p)]
    return [
        f"{where(path, line)} names {name} of {owners[name]}"
        for path, name, line in found
        if name in owners and rank(owners[name]) > rank(app)
    ]


# --- ORM paths -----------------------------------------------------------------------------
@cache
def relation_targets() -> dict[str, set[str]]:
    """Each name a query path may walk (forward fields, reverse accessors and query names)
    with the apps of the models it leads to, for every model of the project."""
    targets: dict[str, set[str]] = {}
    for model in apps.get_models():
        if model._meta.app_label not in LAYERS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields(include_hidden=False):
            if not field.is_relation or field.related_model is None:
                continue
            target = field.related_model._meta.app_label
            names = {field.name}
            if hasattr(field, "get_accessor_name"):
                names.add(field.get_accessor_name())
            for name in names - {None, "+"}:
                targets.setdefault(name, set()).add(target)
    return targets


def orm_paths(path: Path) -> list[tuple[str, int]]:
    """The query paths a module writes as strings, with their lines."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in PATH_METHODS or name in PATH_FUNCTIONS:
            args = node.args if name in PATH_METHODS else node.args[:1]
            found += [
                (arg.value.lstrip("-"), arg.lineno)
                for arg in args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
        if name in LOOKUP_CALLS:
            found += [(kw.arg, node.lineno) for kw in node.keywords if kw.arg]
    return found


def upward_step(app: str, lookup: str) -> str | None:
    targets = relation_targets()
    for step in lookup.split("__"):
        leads_to = targets.get(step)
        if leads_to and all(target in LAYERS and rank(target) > rank(app) for target in leads_to):
            return step
    return None


def orm_violations(app: str) -> list[str]:
    return [
        f"{where(path, line)} walks {lookup!r} up to {sorted(relation_targets()[step])}"
        for path in python_files(app)
        for lookup, line in orm_paths(path)
        if (step := upward_step(app, lookup))
    ]


# --- the tests -----------------------------------------------------------------------------
@pytest.mark.parametrize("app", LAYERS)
def test_app_imports_only_from_lower_layers(app):
    assert violations(app) == []


@pytest.mark.parametrize("app", LAYERS)
def test_app_names_only_urls_of_lower_layers(app):
    assert url_violations(app) == []


@pytest.mark.parametrize("app", LAYERS)
def test_app_walks_only_relations_to_lower_layers(app):
    assert orm_violations(app) == []


def test_every_app_is_in_a_layer():
    """A new app takes its place in LAYERS (exchange, the project's wiring, is none)."""
    project_apps = {path.name for path in ROOT.iterdir() if (path / "apps.py").exists()}
    assert project_apps <= set(LAYERS)


def test_layer_check_catches_an_upward_import(tmp_path, monkeypatch):
    rogue = tmp_path / "places"
    rogue.mkdir()
    (rogue / "bad.py").write_text("from delegations.models import Delegation\nimport core\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert violations("places") == ["places/bad.py:1 imports delegations"]


def test_layer_check_catches_an_upward_url_name(tmp_path, monkeypatch):
    (tmp_path / "partners").mkdir()
    (tmp_path / "partners" / "views.py").write_text('URL = reverse("reports:dashboard")\n')
    page = tmp_path / "templates" / "partners" / "page.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<a href="{% url "partners:organisation-list" %}">\n{% url "itinerary:itinerary" pk %}\n'
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert url_violations("partners") == [
        "partners/views.py:1 names reports:dashboard of reports",
        "templates/partners/page.html:2 names itinerary:itinerary of itinerary",
    ]


def test_layer_check_catches_an_upward_orm_path(tmp_path, monkeypatch):
    (tmp_path / "delegations").mkdir()
    (tmp_path / "delegations" / "selectors.py").write_text(
        "qs = Delegation.objects.prefetch_related('members', 'itinerary_items__site')\n"
        "qs = qs.filter(programme__code='PHSS', follow_ups__status='done').order_by('-start')\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert orm_violations("delegations") == [
        "delegations/selectors.py:1 walks 'itinerary_items__site' up to ['itinerary']",
        "delegations/selectors.py:2 walks 'follow_ups__status' up to ['learning']",
    ]
