"""In a notebook, show learner-actionable errors as one sentence instead of a traceback.

Installed when ``infoview`` is imported inside IPython (a Jupyter kernel, Voila), so every
notebook has it whichever part of the library it imports first. Only these exceptions are
affected; every other error keeps its normal traceback.

- TrackerError, ContentError: a broken or foreign tracker file, a malformed content file —
  their messages already say what is wrong and what to do;
- NameError: for someone who never coded this nearly always means a cell above was not run
  (or failed, as the message above it says).
"""

from __future__ import annotations

import html

from .content import ContentError
from .tracker import TrackerError

_STYLE = "color:#a4161a;background:#fdecea;border-left:4px solid #a4161a;padding:6px 10px"


def _show_plainly(shell, etype, value, tb, tb_offset=None):
    from IPython.display import HTML, display

    text = str(value)
    if etype is NameError:
        text += ": run the cells above this one first (Run > Run All Cells), or check the spelling."
    display(
        HTML(f'<div class="infoview-notice infoview-error" role="alert" style="{_STYLE}">✖ {html.escape(text)}</div>')
    )
    return None


def install(shell) -> None:
    shell.set_custom_exc((TrackerError, ContentError, NameError), _show_plainly)
