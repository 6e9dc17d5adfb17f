"""The layout the architecture relies on (docs/architecture.md), read from the source:
funding never imports a scheme app nor the monitoring (schemes plug in through
settings.FUNDING_SCHEMES and scheme_for only), no star imports, no module over 600 lines."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FUNDING = ROOT / "trinno_portal" / "funding"
# What funding may not import: the schemes' apps and the monitoring that reads funding.
FORBIDDEN = {"audits", "catalogue", "vouchers", "monitoring"}
# Our code only: not the virtualenv, the node modules, the generated migrations.
SKIPPED = {".venv", "node_modules", "migrations", ".git", "var", "static"}
MAX_LINES = 600


def _modules(root: Path):
    for path in sorted(root.rglob("*.py")):
        if not SKIPPED.intersection(path.relative_to(ROOT).parts):
            yield path


def _imported(tree: ast.AST):
    """(line, dotted name) of every import, at module level or inside a function."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def _funding_imports_of_schemes() -> list[str]:
    found = []
    for path in _modules(FUNDING):
        for line, name in _imported(ast.parse(path.read_text(encoding="utf-8"))):
            if name.split(".")[0] in FORBIDDEN:
                found.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    return found


def test_it_finds_what_funding_imports():
    # The walk itself reads the funding package (it would pass on an empty one).
    names = {
        name
        for path in _modules(FUNDING)
        for _line, name in _imported(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert "trinno_portal.funding.models" in names and "django.db" in names


def test_funding_imports_no_scheme_app_nor_the_monitoring():
    assert _funding_imports_of_schemes() == []


def test_it_would_catch_an_import_of_a_scheme_inside_a_function():
    tree = ast.parse("def f():\n    from vouchers.offer import rules\n    import monitoring\n")
    assert [name.split(".")[0] in FORBIDDEN for _line, name in _imported(tree)] == [True, True]


def test_there_is_no_star_import_outside_migrations():
    stars = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in _modules(ROOT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)
    ]
    assert stars == []


def test_no_module_is_over_600_lines_outside_migrations_and_tests():
    long = {
        path.relative_to(ROOT).as_posix()
        for path in _modules(ROOT)
        if "tests" not in path.relative_to(ROOT).parts
        and len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES
    }
    assert long == set()
