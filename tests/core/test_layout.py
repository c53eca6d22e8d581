"""The layout of the goodwill package: every area has the same modules, every module is
named by a layer of the import-linter contracts in pyproject.toml, and they hold."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support import ROOT

PACKAGE = ROOT / "goodwill"
AREAS = [
    "people",
    "interactions",
    "network",
    "accounts",
    "leads",
    "giving",
    "exchange",
    "coach",
    "reminders",
]
AREA_MODULES = ["models", "services", "queries", "views", "urls", "api", "schemas", "cli"]
# Package __init__ files that only make a folder a package (and `python -m goodwill`
# needs goodwill/__init__.py): nothing imports them for what they define, so no layer
# need name them. Everything else, including an area's own __init__, is named.
EXEMPT = {"goodwill", "goodwill.api", "goodwill.cli"}


def contracts() -> list[dict]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["tool"]["importlinter"]["contracts"]


def layer_entries(contract: dict) -> list[str]:
    """The module names of a layers contract: entries of one layer are split by ` | `
    (independent siblings) or ` : ` (siblings that may import each other)."""
    return [
        name.strip()
        for layer in contract["layers"]
        for name in re.split(r"\s+[:|]\s+", layer)
        if name.strip()
    ]


def goodwill_modules(package: Path = PACKAGE) -> list[str]:
    """Every module of the package, by dotted name (a package by its __init__), but no
    migrations."""
    found = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append(".".join(parts))
    return found


def uncovered(modules: list[str], entries: list[str]) -> list[str]:
    """The modules no entry names: an entry covers the module it names and its descendants."""
    return [
        m
        for m in modules
        if m not in EXEMPT and not any(m == e or m.startswith(e + ".") for e in entries)
    ]


@pytest.mark.parametrize("area", AREAS)
def test_every_area_has_the_usual_modules(area):
    folder = PACKAGE / area
    missing = [
        name
        for name in AREA_MODULES
        if not (folder / f"{name}.py").is_file() and not (folder / name / "__init__.py").is_file()
    ]
    assert not missing, f"goodwill/{area}/ has no {', '.join(missing)} (a module or a package)"


def test_the_first_contract_is_the_layers_of_the_areas():
    first = contracts()[0]
    assert first["type"] == "layers"
    entries = layer_entries(first)
    assert len(entries) == len(set(entries)), "a module is named by two layers"
    for area in AREAS:
        assert f"goodwill.{area}" in entries


def test_every_module_of_goodwill_is_named_by_a_layer_of_the_first_contract():
    modules = goodwill_modules()
    assert "goodwill.people.services" in modules and "goodwill.settings" in modules
    missing = uncovered(modules, layer_entries(contracts()[0]))
    assert not missing, (
        "not named by any layer of the first import-linter contract in pyproject.toml "
        f"(add them to a layer): {', '.join(missing)}"
    )


def test_a_module_no_layer_names_is_found(tmp_path):
    # The check above, on a module nobody has named yet: it must be reported.
    package = tmp_path / "goodwill"
    for name in ("__init__.py", "settings.py", "migrations/0001_initial.py", "newarea/models.py"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).touch()
    modules = goodwill_modules(package)
    assert modules == ["goodwill", "goodwill.newarea.models", "goodwill.settings"]
    assert uncovered(modules, layer_entries(contracts()[0])) == ["goodwill.newarea.models"]
    assert uncovered(["goodwill.peoplex"], ["goodwill.people"]) == ["goodwill.peoplex"]
    assert uncovered(["goodwill.people.models", "goodwill"], ["goodwill.people"]) == []


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
