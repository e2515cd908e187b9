"""Dependencies flow one way: platforms ← nominations ← scoring, and config/ is configuration
only. A lower app that shows what a higher one knows gets a function registered with it
(platforms.notes, nominations.audit) instead of importing it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What each app's code may not import.
FORBIDDEN = {
    "platforms": {"nominations", "scoring"},
    "nominations": {"scoring"},
    "core": {"platforms", "nominations", "scoring", "accounts"},
    "accounts": {"platforms", "nominations", "scoring"},
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_nothing_from_the_apps_above_it(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(_imported_packages(path) & FORBIDDEN[app])
        for path in (ROOT / app).rglob("*.py")
        if _imported_packages(path) & FORBIDDEN[app]
    }
    assert wrong == {}
