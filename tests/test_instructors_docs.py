"""docs/instructors.md stays true: its commands exist, its links cover every notebook, its
content-file list and worked example match the folders they describe."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from infoview import cli

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))


def _subcommands() -> set[str]:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return set(sub.choices)


def test_every_infoview_command_in_the_guide_exists():
    blocks = re.findall(r"```[a-z]*\n(.*?)```", GUIDE, flags=re.DOTALL)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", GUIDE, flags=re.DOTALL))
    code = "\n".join(blocks + spans)
    used = set(re.findall(r"(?:^|[\s;(])infoview ([a-z][a-z-]+)", code, flags=re.MULTILINE))
    assert used, "the guide shows no infoview commands"
    missing = used - _subcommands()
    assert not missing, f"docs/instructors.md uses commands the CLI does not have: {sorted(missing)}"


def test_a_binder_link_for_every_notebook():
    for name in NOTEBOOKS:
        link = f"https://mybinder.org/v2/gh/OWNER/infoview/HEAD?labpath={quote('notebooks/' + name, safe='')}"
        assert link in GUIDE, f"no Binder link for {name}"


def test_every_content_file_is_named_in_the_adapting_section():
    section = GUIDE.split("## 2. Adapting the content")[1].split("## 3.")[0]
    files = sorted(
        p.name
        for p in (ROOT / "data" / "content").iterdir()
        if p.suffix in (".toml", ".csv") and p.name != "sample_parameters.toml"
    )
    missing = [f for f in files if f"`{f}`" not in section]
    assert not missing, f"docs/instructors.md section 2 does not mention {missing}"


def test_the_worked_example_table_matches_the_folder():
    folder = ROOT / "docs" / "examples" / "career-changers"
    in_folder = sorted(p.name for p in folder.iterdir() if p.suffix in (".toml", ".csv"))
    section = GUIDE.split("### Worked example")[1].split("## 3.")[0]
    in_table = sorted(re.findall(r"^\| `([\w.]+)` \|", section, flags=re.MULTILINE))
    assert in_table == in_folder


#: Commands a learner, not the instructor, types: section 4 shows the hand-in command as the
#: alternative to the learner's "Share with your instructor" tool, for learners who prefer a terminal.
LEARNER_COMMANDS = ("infoview export --anonymized",)
_COMMAND = re.compile(
    r"^\s*(?:[A-Z_]+=\S+\s+)?(?:(?:infoview|python3?|pip|docker|repo2docker|jupyter|voila)\s|\.venv/)"
)


def test_the_first_part_asks_for_no_terminal():
    """Every instructor task before the command-line reference is done in the console: no command there."""
    first, reference = GUIDE.split("## 7. Command-line reference")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", first, flags=re.DOTALL)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", first, flags=re.DOTALL))
    commands = [
        line.strip()
        for text in blocks + spans
        for line in text.splitlines()
        if _COMMAND.match(line) and not line.strip().startswith(LEARNER_COMMANDS)
    ]
    assert not commands, f"docs/instructors.md asks for a terminal before its reference: {commands}"
    for command in ("check-content", "student-version", "cohort-report", "collect", "export --anonymized"):
        assert f"infoview {command}" in reference, f"the command-line reference lost infoview {command}"


def test_the_guide_leads_with_the_console_and_names_each_tool():
    from infoview.views import instructor

    first_section = GUIDE.split("\n## ")[1]
    assert first_section.startswith("The instructor's console")
    assert "notebooks/instructor/instructor_console.ipynb" in first_section
    assert (ROOT / "notebooks" / "instructor" / "instructor_console.ipynb").is_file()
    binder = "https://mybinder.org/v2/gh/OWNER/infoview/HEAD?"
    assert f"{binder}labpath={quote('notebooks/instructor/instructor_console.ipynb', safe='')}" in first_section
    assert (
        f"{binder}urlpath={quote('voila/render/notebooks/instructor/instructor_console.ipynb', safe='')}"
        in first_section
    )
    assert len(instructor.__all__) - 1 == len(re.findall(r"^\| \d\. ", first_section, flags=re.MULTILINE)) == 4
