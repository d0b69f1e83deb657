"""The layers README.md draws ("Developing"), checked on the imports themselves (parsed with ast).

core    files, paths, content, business_days, tracker, backup_check, charts, sample, session, exercises,
        exercise_content
        each imports only core modules listed before it
stages  start, contacts (contact_files, vcard), outreach, prep, conversation, followup,
        outcomes (outcome_charts, cohort, summary_schema, handin), situations, roleplay, glossary, privacy: the core, their own family, and the few
        earlier stages a stage builds on (BUILDS_ON, each with its reason)
outer   views/*, cli, workshop, hub, instructor, course_exercises, _notebook: anything below them; nothing imports them
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "infoview"

#: The core, in the order a module may build on: each may import only those before it.
CORE = (
    "files",
    "paths",
    "content",
    "business_days",
    "tracker",
    "backup_check",
    "charts",
    "sample",
    "session",
    "exercises",
    "exercise_content",
)
#: Stage modules, and the family each belongs to (a family shares one stage's work).
STAGES = {
    "start": "start",
    "contacts": "contacts",
    "contact_files": "contacts",
    "vcard": "contacts",
    "outreach": "outreach",
    "review_text": "outreach",
    "review_eval": "outreach",
    "prep": "prep",
    "conversation": "conversation",
    "followup": "followup",
    "outcomes": "outcomes",
    "outcome_charts": "outcomes",
    "cohort": "outcomes",
    "summary_schema": "outcomes",
    "handin": "outcomes",
    # The lessons between the stages (01b, 03b, 04b), the role-play (04c) and the reference
    # texts (glossary, privacy notes): each its own family, built on the core alone.
    "situations": "situations",
    "roleplay": "roleplay",
    "glossary": "glossary",
    "privacy": "privacy",
}
#: A later stage that works on an earlier stage's output, through its public names.
BUILDS_ON = {
    ("conversation", "prep"): "stage 4 rehearses the question list the learner built in stage 3",
    ("followup", "outreach"): "a thank-you note is checked with stage 2's job-ask rule, so there is one such rule",
    ("situations", "outreach"): "an introduction request and a keep-in-touch update are reviewed by stage 2's rules",
    ("cohort", "roleplay"): "the anonymised summary carries the role-play rubric's numbers (rubric_summary) and the "
    "class report labels them with the rubric's lines",
}
#: course_exercises gathers every stage's exercise check by id (for the exercise widgets), so it sits outside.
OUTER = {"cli", "workshop", "hub", "instructor", "course_exercises", "_notebook", "__init__", "__main__"}
#: Only these third-party imports may wait inside a function (slow to import; ``import infoview`` stays fast).
LAZY_OK = {"pandas", "numpy", "matplotlib", "IPython", "ipywidgets", "nbformat", "icalendar"}
MAX_LINES = 800
_SQL = re.compile(r"\b(SELECT\b.*\bFROM|INSERT INTO|DELETE FROM|UPDATE \w+ SET)\b", re.DOTALL)


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return ".".join(rel.parts)


def _is_main_guard(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.left, ast.Name)
        and node.test.left.id == "__name__"
    )


class _Imports(ast.NodeVisitor):
    """Every import: (line, infoview module or None, top-level name, names, inside a function, under __main__)."""

    def __init__(self, module: str):
        self.package = module.split(".")[:-1]
        self.found: list[tuple[int, str | None, str, tuple[str, ...], bool, bool]] = []
        self._function = 0
        self._main = 0

    def _record(self, node, target: str | None, top: str, names: tuple[str, ...]) -> None:
        self.found.append((node.lineno, target, top, names, self._function > 0, self._main > 0))

    def visit_FunctionDef(self, node):
        self._function += 1
        self.generic_visit(node)
        self._function -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node):
        guard = _is_main_guard(node)
        self._main += guard
        self.generic_visit(node)
        self._main -= guard

    def visit_Import(self, node):
        for alias in node.names:
            parts = alias.name.split(".")
            if parts[0] == "infoview":
                self._record(node, ".".join(parts[1:]) or "__init__", "infoview", ())
            else:
                self._record(node, None, parts[0], ())

    def visit_ImportFrom(self, node):
        names = tuple(a.name for a in node.names)
        if node.level:
            base = self.package[: len(self.package) - (node.level - 1)] if node.level > 1 else list(self.package)
            parts = base + (node.module.split(".") if node.module else [])
            if not parts:  # "from . import x, y": each name is a module
                for name in names:
                    self._record(node, name, "infoview", ())
                return
            if not node.module and parts == ["views"]:
                for name in names:
                    self._record(node, f"views.{name}", "infoview", ())
                return
            self._record(node, ".".join(parts), "infoview", names)
        elif node.module and node.module.split(".")[0] == "infoview":
            rest = node.module.split(".")[1:]
            if not rest:
                for name in names:
                    self._record(node, name, "infoview", ())
            else:
                self._record(node, ".".join(rest), "infoview", names)
        else:
            self._record(node, None, (node.module or "").split(".")[0], names)


def _imports(path: Path):
    module = _module_name(path)
    visitor = _Imports(module)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    visitor.visit(tree)
    return module, tree, visitor.found


MODULES = sorted(PACKAGE.rglob("*.py"))


def _layer(module: str) -> str:
    if module.startswith("views"):
        return "outer"
    if module in CORE:
        return "core"
    if module in STAGES:
        return "stage"
    if module in OUTER or module.endswith("__init__"):
        return "outer"
    raise AssertionError(f"infoview.{module} is in no layer: add it to tests/test_layers.py and README.md")


def test_every_module_has_a_layer():
    for path in MODULES:
        _layer(_module_name(path).removesuffix(".__init__"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_imports_follow_the_layers(path):
    module, _, found = _imports(path)
    module = module.removesuffix(".__init__")
    layer = _layer(module)
    problems = []
    for line, target, _top, names, _in_function, in_main in found:
        if target is None or in_main:
            continue
        target = target.split(".")[0] if not target.startswith("views") else target
        where = f"infoview/{path.relative_to(PACKAGE)}:{line} imports {target}"
        if target.startswith("views") or target in OUTER - {"__init__"}:
            if layer != "outer" or (target == "cli" and module != "__main__"):
                problems.append(f"{where}: nothing below the outer ring imports views, the CLI or the workshop tools")
            continue
        if layer == "core":
            if target not in CORE or CORE.index(target) >= CORE.index(module):
                problems.append(f"{where}: a core module imports only the core modules before it ({', '.join(CORE)})")
        elif layer == "stage":
            if target in CORE or STAGES.get(target) == STAGES[module] or (module, target) in BUILDS_ON:
                continue
            problems.append(f"{where}: a stage imports the core and its own family, not another stage's module")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_imports_sit_at_the_top(path):
    """A module's header says what it depends on: no sibling import inside a function, no importlib."""
    module, _, found = _imports(path)
    problems = []
    for line, target, top, names, in_function, in_main in found:
        if in_main:
            continue
        if in_function and target is not None and not (module == "__init__" and target == "_notebook"):
            problems.append(f"line {line}: infoview.{target} imported inside a function")
        if in_function and target is None and top not in LAZY_OK | sys.stdlib_module_names:
            problems.append(f"line {line}: {top} imported inside a function (only slow third-party imports wait)")
        if top == "importlib" and module != "__init__":
            problems.append(f"line {line}: importlib: import modules by name so the dependency shows")
    assert not problems, f"infoview/{path.relative_to(PACKAGE)}:\n" + "\n".join(problems)


VIEWS = sorted((PACKAGE / "views").glob("*.py"))


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.stem)
def test_views_use_public_library_names_and_no_sql(path):
    _, tree, found = _imports(path)
    problems = [
        f"line {line}: imports private {n} from infoview.{target}"
        for line, target, _, names, _, _ in found
        if target is not None
        for n in names
        if n.startswith("_") and n != "__future__"
    ]
    problems += [
        f"line {line}: imports private module infoview.{target}"
        for line, target, *_ in found
        if target is not None and any(part.startswith("_") for part in target.split(".")) and target != "__future__"
    ]
    library = {
        name.asname or name.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module is None
        for name in node.names
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id in library and node.attr.startswith("_"):
                problems.append(f"line {node.lineno}: {node.value.id}.{node.attr} is private to the library")
        if isinstance(node, ast.Attribute) and node.attr in ("conn", "execute", "executemany", "cursor"):
            problems.append(f"line {node.lineno}: .{node.attr}: views reach the tracker through its methods, never SQL")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL.search(node.value):
            problems.append(f"line {node.lineno}: SQL in a view")
    assert not problems, f"infoview/views/{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_long_modules_say_why(path):
    _, tree, _ = _imports(path)
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if lines > MAX_LINES:
        doc = ast.get_docstring(tree) or ""
        assert "Why one module" in doc, (
            f"infoview/{path.relative_to(PACKAGE)} has {lines} lines: split it by role, or say in its docstring "
            "(a paragraph starting 'Why one module') why it stays whole"
        )


def test_the_readme_draws_these_layers(root):
    text = (root / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Developing") :]
    for name in (*CORE[1:-1], "views", "cli", "BUILDS_ON"):
        assert name in section, f"README's Developing section does not mention {name}"
