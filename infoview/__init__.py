"""infoview: the helper library behind the informational-interview curriculum.

A small core every stage stands on: ``paths`` (where files are), ``content`` (the
instructor-editable rules), ``tracker`` (the learner's one SQLite file), ``sample`` (the
fictional sample learner), ``session`` (the learner's tracker or the sample: the one place
that decides), ``charts`` (palette, figure helper, charts with alt text) and ``exercises``;
``business_days`` (the one calendar stages 5 and 6 count by) and ``backup_check`` (a backup
checked against the tracker's schema before it is restored).
Then one module per stage, named like its notebook:

=====  ======================================  ==========================================
stage  module                                  notebook
=====  ======================================  ==========================================
0      start                                   00_start_here
1      contacts (contact_files, vcard read)    01_sourcing_contacts
2      outreach                                02_crafting_outreach
3      prep                                    03_preparing
4      conversation                            04_the_conversation
5      followup                                05_follow_up
6      outcomes, outcome_charts, cohort,       06_tracking_outcomes
       summary_schema, handin (sharing
       with the instructor)
1b-4b  situations                              01b_finding_people, 03b_meeting_logistics,
                                               04b_when_things_go_wrong
4c     roleplay                                04c_role_play
ref    glossary                                99_glossary
=====  ======================================  ==========================================

Around them: widget views in ``infoview.views`` (one module per stage), the command line
(``cli``) and the instructor's tools (``workshop``). README.md ("Developing") draws which
module may import which. Names are loaded on first use, so ``import infoview`` stays fast:
pandas, matplotlib and ipywidgets are imported only by the parts that need them.

>>> import infoview
>>> infoview.Tracker.__name__
'Tracker'
>>> infoview.start.__name__
'infoview.start'
"""

from __future__ import annotations

import importlib
import sys

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Tracker": "tracker",
    "TrackerError": "tracker",
    "CHANNELS": "tracker",
    "INTERACTION_KINDS": "tracker",
    "ContentError": "content",
    "today": "paths",
    "default_db_path": "paths",
    "read_linkedin": "contacts",
    "read_contacts": "contacts",
    "import_contacts": "contacts",
    "target_table": "contacts",
    "review": "outreach",
    "select_questions": "prep",
    "render_brief": "prep",
    "write_brief": "prep",
    "save_meeting_notes": "conversation",
    "plan_3b7": "followup",
    "due": "followup",
    "to_ics": "followup",
    "funnel": "outcomes",
    "summarize": "cohort",
    "Session": "session",
    "sample_tracker": "sample",
}
_SUBMODULES = {
    "paths",
    "content",
    "tracker",
    "sample",
    "session",
    "charts",
    "exercises",
    "business_days",
    "backup_check",
    "contact_files",
    "vcard",
    "start",
    "contacts",
    "outreach",
    "review_text",
    "review_eval",
    "prep",
    "conversation",
    "followup",
    "outcomes",
    "outcome_charts",
    "cohort",
    "summary_schema",
    "handin",
    "workshop",
    "hub",
    "views",
    "cli",
    "situations",
    "roleplay",
    "glossary",
    "privacy",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'infoview' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS) | _SUBMODULES)


def _install_notebook_errors() -> None:
    ipython = sys.modules.get("IPython")  # only when already running inside IPython: no import cost
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None and hasattr(shell, "set_custom_exc"):
        from ._notebook import install

        install(shell)


_install_notebook_errors()
