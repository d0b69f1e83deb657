"""Stage 2 views: the message composer and a plain message reviewer for exercises.

Both review the text on every change (``continuous_update``), so the findings, the word
count and the "ready to send" state follow the learner's typing. Every learner- or
contact-supplied string is escaped before it goes into widget HTML.

Copying: browsers only let a page write to the clipboard from JavaScript, and widget HTML
in JupyterLab and Voila is not a place to run scripts. So "Copy" puts the final subject and
message in a plain text box below, ready to select (Ctrl+A / Cmd+A) and copy (Ctrl+C /
Cmd+C): it works the same in JupyterLab, Notebook 7 and Voila, with no extension.
"""

from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import quote

import ipywidgets as widgets

from .. import outreach
from ..paths import today as _today
from ..review_text import Rewrite, highlight_segments
from ..session import Session
from ..tracker import CHANNEL_LABELS, Tracker
from .common import Notice, esc, guarded

__all__ = ["Composer", "MessageReviewer", "review_html", "marked_html", "mailto_link", "HIGHLIGHT_STYLE"]

_SEVERITY_STYLE = {
    "error": ("#a4161a", "Error"),
    "warning": ("#8a5a00", "Warning"),
    "tip": ("#1f4e79", "Tip"),
}
#: How a marked stretch of the message looks, by severity: (text colour, background, underline
#: style, symbol). Colour is never the only signal: each style has its own underline and symbol,
#: and the number ties it to the finding in the list. Text on background is >= 4.5:1 (WCAG AA).
HIGHLIGHT_STYLE = {
    "error": ("#1a1a1a", "#fde2e1", "wavy", "\u2716"),
    "warning": ("#1a1a1a", "#fff1c2", "dashed", "\u25b2"),
    "tip": ("#1a1a1a", "#e3eefa", "dotted", "\u25cf"),
}
#: At most this many one-click fixes are offered at once (the buttons are made once and reused).
MAX_REWRITES = 3
#: The contact list shows at most this many names (a big LinkedIn import has thousands); Find narrows it.
MAX_OPTIONS = 200
_SAMPLE_NOTE = (
    "Your tracker has no contacts yet, so these are the sample learner's contacts (fictional). "
    "Practise here; add your own in notebook 01 and they will appear instead."
)
# What the one "connection" box means for each template, and the field it fills.
_CONNECTION_FIELD = {
    "referral": ("Referred by", "referrer", "who suggested you contact them"),
    "alumni": ("Shared school", "school", "your school or group in common"),
    "event": ("Event", "event", "where you met"),
    "warm": ("How you know them", "shared", "e.g. our time at Acme, the climbing club"),
}


def review_html(review: outreach.Review, rules: outreach.Rules | None = None, offset: int = 0) -> str:
    """The review as escaped HTML: a clear ready / not ready line, the word count, the findings.

    Findings marked in :func:`marked_html` (the message shown from ``offset``) carry its numbers.
    """
    rules = rules or outreach.load_rules()
    errors, warnings, tips = len(review.errors), len(review.warnings), len(review.tips)
    if review.ok:
        badge = (
            '<div class="infoview-ready" style="color:#0b6e4f;background:#e8f5ee;border-left:4px solid #0b6e4f;'
            'padding:4px 8px;font-weight:600">✔ Ready to send</div>'
        )
    else:
        badge = (
            '<div class="infoview-not-ready" style="color:#a4161a;background:#fdecea;border-left:4px solid #a4161a;'
            f'padding:4px 8px;font-weight:600">✖ Not ready yet: {errors} error{"s" if errors != 1 else ""} to fix</div>'
        )
    over = review.word_count > review.max_words
    words = (
        f'<span style="color:{"#a4161a" if over else "inherit"}">{review.word_count} of {review.max_words} words</span>'
        f" · {warnings} warning{'s' if warnings != 1 else ''} · {tips} tip{'s' if tips != 1 else ''}"
    )
    if review.channel in rules.note_max_chars and rules.note_max_chars[review.channel]:
        limit = rules.note_max_chars[review.channel]
        chars = len(review.text[review.body_span[0] :].strip())
        words += (
            f' · <span style="color:{"#a4161a" if chars > limit else "inherit"}">{chars} of {limit} characters</span>'
        )
    items = []
    numbers = _marked_numbers(review, offset)
    for f in review.findings:
        colour, name = _SEVERITY_STYLE[f.severity]
        excerpt = f.excerpt(review.text, 50)
        where = ""
        if excerpt and not review.is_whole(f):
            where = f' <span style="color:#555">at “{esc(excerpt)}”</span>'
        number = numbers.get(id(f))
        tag = (
            f'<span class="infoview-ref" style="font-weight:600">{HIGHLIGHT_STYLE[f.severity][3]}{number}</span> '
            if number
            else ""
        )
        items.append(
            f'<li class="infoview-finding infoview-{f.severity}">{tag}<b style="color:{colour}">{name}</b> '
            f'<span style="color:#555">({esc(rules.label(f.rule))})</span>: {esc(f.message)}{where}</li>'
        )
    listing = f'<ul style="margin:4px 0 0 0;padding-left:20px">{"".join(items)}</ul>' if items else ""
    return f'<div class="infoview-review">{badge}<div style="margin-top:2px">{words}</div>{listing}</div>'


def _marked_findings(review: outreach.Review, offset: int = 0) -> list[outreach.Finding]:
    """The findings that point at a place in the message shown from ``offset`` (not at the whole)."""
    return [f for f in review.findings if not review.is_whole(f) and f.span[1] > f.span[0] and f.span[0] >= offset]


def _marked_numbers(review: outreach.Review, offset: int = 0) -> dict[int, int]:
    return {id(f): n for n, f in enumerate(_marked_findings(review, offset), start=1)}


def _legend() -> str:
    parts = []
    for sev, (fg, bg, line, symbol) in HIGHLIGHT_STYLE.items():
        name = _SEVERITY_STYLE[sev][1]
        parts.append(
            f'<span style="color:{fg};background:{bg};text-decoration:underline {line} '
            f'{_SEVERITY_STYLE[sev][0]};padding:0 3px">{symbol} {name}</span>'
        )
    return (
        '<div class="infoview-legend" style="font-size:90%;margin:2px 0">Marked in your message: '
        + " ".join(parts)
        + "; the number matches the finding in the list below.</div>"
    )


def marked_html(review: outreach.Review, offset: int = 0, text: str | None = None) -> str:
    """The message with each finding's place marked inline, as a writing tool shows it.

    ``text`` is the message as the learner sees it and ``offset`` where it starts in
    ``review.text`` (the composer reviews a "Subject:" line in front of it). Every piece of
    the learner's text is escaped; each mark has a colour, its own underline and a numbered
    symbol, and a title a screen reader or a mouse can read.
    """
    shown = review.text[offset:] if text is None else text
    if not shown.strip():
        return ""
    if review.word_count > 2 * max(review.max_words, 1) and len(shown) > 20_000:
        # a whole document pasted by mistake: the review says so; redrawing it would only be slow
        return (
            '<div class="infoview-legend" style="font-size:90%;margin:2px 0">This text is too long to mark '
            "up: paste only the message you plan to send.</div>"
        )
    marked = _marked_findings(review, offset)
    spans = [(f.span[0] - offset, f.span[1] - offset, f.severity) for f in marked]
    pieces = []
    for h in highlight_segments(shown, spans):
        if not h.marks:
            pieces.append(esc(h.text))
            continue
        fg, bg, line, symbol = HIGHLIGHT_STYLE[h.severity]
        colour = _SEVERITY_STYLE[h.severity][0]
        what = "; ".join(f"{n}: {marked[n - 1].message}" for n in h.marks)
        refs = ",".join(str(n) for n in h.marks)
        pieces.append(
            f'<mark class="infoview-hl infoview-hl-{h.severity}" title="{esc(what)}" '
            f'style="color:{fg};background:{bg};text-decoration:underline {line} {colour};'
            f'text-decoration-thickness:2px;text-underline-offset:3px;padding:0 1px">{esc(h.text)}'
            f'<sup style="color:{colour};font-weight:700" aria-label="finding {refs}">{symbol}{refs}</sup></mark>'
        )
    body = "".join(pieces)
    head = (
        _legend()
        if marked
        else (
            '<div class="infoview-legend" style="font-size:90%;margin:2px 0">Nothing to mark in the text itself.</div>'
        )
    )
    return (
        f'<div class="infoview-marked-box">{head}<div class="infoview-marked" role="region" tabindex="0" '
        f'aria-label="Your message with the findings marked" style="white-space:pre-wrap;border:1px solid #bbb;'
        f'padding:6px 8px;background:#fff;color:#1a1a1a;line-height:1.6;max-height:260px;overflow:auto">'
        f"{body}</div></div>"
    )


class _Fixes(widgets.VBox):
    """Up to MAX_REWRITES buttons, each applying one of the review's one-click rewrites to a text box."""

    def __init__(self, box: widgets.Textarea):
        self.box = box
        self.offset = 0
        self.rewrites: list[Rewrite] = []
        self.buttons = []
        for i in range(MAX_REWRITES):
            b = widgets.Button(layout=widgets.Layout(width="auto", max_width="95%", display="none"), icon="magic")
            b.add_class("infoview-rewrite")
            b.on_click(lambda _b, i=i: self.apply(i))
            self.buttons.append(b)
        self.title = widgets.HTML(
            "<b>One-click fixes</b> (you can edit the result):", layout=widgets.Layout(display="none")
        )
        super().__init__(children=[self.title, *self.buttons])

    def show(self, rewrites: list[Rewrite], offset: int = 0) -> None:
        self.rewrites, self.offset = rewrites[:MAX_REWRITES], offset
        for i, b in enumerate(self.buttons):
            if i < len(self.rewrites):
                b.description = self.rewrites[i].label[:90]
                b.tooltip = self.rewrites[i].label
                b.layout.display = None
            else:
                b.layout.display = "none"
        self.title.layout.display = None if self.rewrites else "none"

    def apply(self, i: int) -> None:
        if i >= len(self.rewrites):
            return
        w = self.rewrites[i]
        moved = Rewrite(w.rule, w.start - self.offset, w.end - self.offset, w.replacement, w.label)
        self.box.value = outreach.apply_rewrite(self.box.value, moved)  # fires the review again


def mailto_link(email: str, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068): every part percent-encoded, line breaks as CRLF.

    >>> mailto_link("ana@example.com", "Hi & hello", "Line 1\\nLine 2")
    'mailto:ana@example.com?subject=Hi%20%26%20hello&body=Line%201%0D%0ALine%202'
    """
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{quote(email.strip(), safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


class MessageReviewer(widgets.VBox):
    """A text box whose review (findings, word count, ready state) updates as you type."""

    def __init__(
        self,
        value: str = "",
        *,
        contact: Mapping[str, Any] | None = None,
        rules=None,
        placeholder: str = "Paste or write your message here",
    ):
        self.rules = outreach.load_rules(rules)
        self.contact = dict(contact) if contact else None
        self.text = widgets.Textarea(
            value=value,
            placeholder=placeholder,
            continuous_update=True,
            layout=widgets.Layout(width="100%", height="180px"),
        )
        # not "infoview-message": browser tests find the composer's message box by that class
        self.text.add_class("infoview-reviewer-message")
        self.feedback = widgets.HTML()
        self.feedback.add_class("infoview-feedback")
        self.marked = widgets.HTML()
        self.marked.add_class("infoview-marked-view")
        self.fixes = _Fixes(self.text)
        self.review: outreach.Review = outreach.review("", rules=self.rules)
        super().__init__(children=[self.text, self.marked, self.fixes, self.feedback])
        self.text.observe(self._on_text, names="value")
        self.update()

    def _on_text(self, _change=None) -> None:
        self.update()

    def update(self) -> None:
        self.review = outreach.review(self.text.value, contact=self.contact, rules=self.rules)
        self.feedback.value = review_html(self.review, self.rules)
        self.marked.value = marked_html(self.review)
        self.fixes.show(self.review.rewrites)

    @property
    def ready(self) -> bool:
        return self.review.ok

    def __repr__(self) -> str:
        return "MessageReviewer()"


class Composer(widgets.VBox):
    """Write an outreach message to one contact: template, live review, subject, copy, mailto, log as sent.

    Parameters
    ----------
    tracker
        The learner's tracker (default: the usual file). When it has no contacts, the
        sample learner's contacts are used and the composer says so.
    rules
        Review rules (see :func:`infoview.outreach.load_rules`).
    """

    def __init__(self, tracker: Tracker | Session | None = None, *, rules=None):
        self.rules = outreach.load_rules(rules)
        self.tracker, self.using_sample = Session.of(tracker, needs="contacts").current()
        self.templates = outreach.templates()
        self.notice = Notice()
        self.source = widgets.HTML()
        if self.using_sample:
            self.source.value = f"<i>{esc(_SAMPLE_NOTE)}</i>"

        style = {"description_width": "150px"}

        def wide() -> widgets.Layout:  # one Layout per widget: hiding one box must not hide the others
            return widgets.Layout(width="95%")

        self.find = widgets.Text(
            description="Find",
            placeholder="part of a name, company or channel",
            style=style,
            layout=wide(),
            continuous_update=False,
        )
        self.contact = widgets.Dropdown(description="Contact", style=style, layout=wide())
        self.template = widgets.Dropdown(
            options=[(str(t.get("label", name)), name) for name, t in self.templates.items()] + [("Blank message", "")],
            description="Template",
            style=style,
            layout=wide(),
        )
        self.your_name = widgets.Text(
            description="Your name",
            style=style,
            layout=wide(),
            value=str(self.tracker.setting("learner_name", "") or ""),
        )
        self.field = widgets.Text(
            description="Field you're exploring",
            style=style,
            layout=wide(),
            placeholder="e.g. UX research, supply-chain analytics",
        )
        self.specific = widgets.Text(
            description="Something specific",
            style=style,
            layout=wide(),
            placeholder="their project, post or talk, e.g. the route-planning pilot",
        )
        self.connection = widgets.Text(description="Referred by", style=style, layout=wide())
        self.fill_button = widgets.Button(
            description="Start from template",
            icon="file-text-o",
            tooltip="Replace the message with the template, filled in",
        )
        channels = self.rules.section("channels")
        self.channel = widgets.Dropdown(
            options=[(str(channels.get(c, c)), c) for c in outreach.CHANNELS],
            value="email",
            description="Send as",
            style=style,
            layout=wide(),
        )
        self.channel.add_class("infoview-channel")
        self.subject = widgets.Text(description="Subject", style=style, layout=wide())
        self.text = widgets.Textarea(
            continuous_update=True, placeholder="Your message", layout=widgets.Layout(width="95%", height="220px")
        )
        self.text.add_class("infoview-message")
        self.feedback = widgets.HTML()
        self.feedback.add_class("infoview-feedback")
        self.marked = widgets.HTML()
        self.marked.add_class("infoview-marked-view")
        self.fixes = _Fixes(self.text)
        self.copy_button = widgets.Button(
            description="Copy", icon="copy", tooltip="Show the subject and message ready to select and copy"
        )
        self.mailto = widgets.HTML()
        self.log_button = widgets.Button(
            description="Log as sent",
            icon="check",
            button_style="primary",
            tooltip="Record in your tracker that you sent this today",
        )
        self.log_button.add_class("infoview-log-sent")
        self.copy_box = widgets.Textarea(layout=widgets.Layout(width="95%", height="160px", display="none"))
        self.copy_box.add_class("infoview-copy-box")

        self.review: outreach.Review = outreach.review("", rules=self.rules)
        self._rendered_text = ""  # the text as the template last wrote it
        self._suggested_subject = ""  # the subject as last suggested
        self._auto_connection = ""  # the referrer's name as filled in from the tracker

        super().__init__(
            children=[
                self.source,
                self.find,
                self.contact,
                self.template,
                self.your_name,
                self.field,
                self.specific,
                self.connection,
                self.fill_button,
                self.channel,
                self.subject,
                self.text,
                self.marked,
                self.fixes,
                self.feedback,
                widgets.HBox([self.copy_button, self.mailto, self.log_button]),
                self.copy_box,
                self.notice,
            ]
        )
        self.add_class("infoview-composer")
        self._load_contacts()
        self.contact.observe(self._on_contact, names="value")
        self.find.observe(self._apply_find, names="value")
        self.template.observe(self._on_template, names="value")
        for box in (self.your_name, self.field, self.specific, self.connection):
            box.observe(self._on_fields, names="value")
        self.text.observe(self._on_text, names="value")
        self.subject.observe(self._on_subject, names="value")
        self.channel.observe(self._on_channel, names="value")
        self.fill_button.on_click(self._on_fill)
        self.copy_button.on_click(self._on_copy)
        self.log_button.on_click(self._on_log)
        self._on_contact()

    # ----------------------------------------------------------------- state
    def _load_contacts(self) -> None:
        choices = outreach.contact_choices(self.tracker)
        self._contacts = {c["id"]: c for c, _ in choices}
        self._all_options = [
            (f"{Tracker.display_name(c)} · {c['channel']}" + (" · contacted" if contacted else ""), c["id"])
            for c, contacted in choices
        ]
        self.find.layout.display = None if len(self._all_options) > MAX_OPTIONS else "none"
        self._apply_find()

    def _apply_find(self, _change=None) -> None:
        """Show the contacts whose name, company or channel contains the Find text (at most MAX_OPTIONS)."""
        needle = self.find.value.strip().lower()
        matching = [o for o in self._all_options if needle in o[0].lower()] if needle else self._all_options
        options = matching[:MAX_OPTIONS]
        if not self._all_options:
            options = [("(no contacts yet: add some in notebook 01)", None)]
        elif not options:
            options = [(f"(no contact matches {self.find.value.strip()!r})", None)]
        current = self.contact.value
        self.contact.options = options
        self.contact.value = current if any(v == current for _, v in options) else options[0][1]
        if len(matching) > MAX_OPTIONS:
            self.find.description = f"Find ({MAX_OPTIONS} of {len(matching)})"
        else:
            self.find.description = "Find"

    def refresh(self) -> None:
        """Read the contacts again (after adding some in another notebook), keeping the one chosen."""
        self._load_contacts()

    @property
    def current_contact(self) -> dict[str, Any] | None:
        return self._contacts.get(self.contact.value)

    def _fields(self) -> dict[str, Any]:
        fields = {"your_name": self.your_name.value, "field": self.field.value, "specific": self.specific.value}
        conn = _CONNECTION_FIELD.get(self.template.value)
        if conn:
            fields[conn[1]] = self.connection.value
        return fields

    def _referrer_name(self, contact: Mapping[str, Any] | None) -> str:
        ref = (contact or {}).get("referred_by")
        if ref and ref in self._contacts:
            c = self._contacts[ref]
            return f"{c['first_name']} {c['last_name']}".strip()
        return ""

    # ----------------------------------------------------------------- callbacks
    @guarded()
    def _on_contact(self, _change=None) -> None:
        contact = self.current_contact
        referrer = self._referrer_name(contact)
        if referrer or self.connection.value == self._auto_connection:
            self._auto_connection = referrer
            self.connection.value = referrer
        if contact and contact.get("channel") in self.templates and self.template.value != contact["channel"]:
            self.template.value = contact["channel"]  # fires _on_template, which re-renders
        else:
            self._on_template()
        if contact:
            channel = CHANNEL_LABELS.get(contact.get("channel", ""), contact.get("channel", ""))
            self.notice.show("info", f"Writing to {Tracker.display_name(contact)}: {channel}.")

    @guarded()
    def _on_template(self, _change=None) -> None:
        conn = _CONNECTION_FIELD.get(self.template.value)
        if conn:
            self.connection.layout.display = None
            self.connection.description = conn[0]
            self.connection.placeholder = conn[2]
        else:
            self.connection.layout.display = "none"
        self._render(replace=False)

    @guarded()
    def _on_fields(self, _change=None) -> None:
        self._render(replace=False)

    @guarded()
    def _on_fill(self, _button=None) -> None:
        self._render(replace=True)
        self.notice.show("info", "The message now holds the template, filled in from the contact and your fields.")

    def _render(self, *, replace: bool) -> None:
        """Fill the template; keep the learner's own edits unless ``replace``."""
        contact = self.current_contact or {}
        fields = self._fields()
        subject = outreach.suggest_subject(
            contact, self.field.value, self.template.value or contact.get("channel"), **fields
        )
        if self.subject.value in ("", self._suggested_subject):
            self.subject.value = subject
        self._suggested_subject = subject
        if not self.template.value:
            return
        text = outreach.render_template(self.templates[self.template.value], contact, **fields)
        edited = self.text.value.strip() and self.text.value != self._rendered_text
        if replace or not edited:
            self._rendered_text = text
            self.text.value = text  # fires update()
        elif not replace:
            self.notice.show(
                "info", "Your own edits are kept. Press 'Start from template' to start again from the template."
            )

    def _on_text(self, _change=None) -> None:
        self.update()

    def _on_subject(self, _change=None) -> None:
        self.update()

    @guarded()
    def _on_channel(self, _change=None) -> None:
        note = self.channel.value.startswith("connection_note")
        self.subject.layout.display = "none" if note else None  # a connection note has no subject
        self.update()

    def update(self) -> None:
        """Review the subject and message; redraw the marked message, the fixes, the feedback and the e-mail link."""
        text = self.text.value
        note = self.channel.value.startswith("connection_note")
        if self.subject.value.strip() and text.strip() and not note:
            # the reviewer reads a first "Subject:" line as the subject (not counted in the words)
            text = f"Subject: {self.subject.value.strip()}\n{text}"
        offset = len(text) - len(self.text.value)
        self.review = outreach.review(text, contact=self.current_contact, rules=self.rules, channel=self.channel.value)
        self.feedback.value = review_html(self.review, self.rules, offset)
        self.marked.value = marked_html(self.review, offset, self.text.value)
        self.fixes.show(self.review.rewrites, offset)
        self._update_mailto()

    def _update_mailto(self) -> None:
        contact = self.current_contact or {}
        email = str(contact.get("email") or "").strip()
        if not self.text.value.strip():
            self.mailto.value = ""
        elif "@" in email and " " not in email:
            href = mailto_link(email, self.subject.value, self.text.value)
            self.mailto.value = (
                f'<a class="infoview-mailto" href="{esc(href)}" target="_blank" rel="noopener" '
                f'style="margin:0 12px;line-height:28px">✉ Open as an e-mail draft to {esc(email)}</a>'
            )
        else:
            self.mailto.value = (
                f'<span style="margin:0 12px;line-height:28px;color:#555">No e-mail address for '
                f"{esc(Tracker.display_name(contact) or 'this contact')}: copy the text into "
                f"LinkedIn or your mail program.</span>"
            )

    @property
    def ready(self) -> bool:
        return self.review.ok

    @guarded()
    def _on_copy(self, _button=None) -> None:
        if not self.text.value.strip():
            self.notice.show("warning", "There is nothing to copy yet: write your message first.")
            return
        self.copy_box.value = f"Subject: {self.subject.value}\n\n{self.text.value.strip()}\n"
        self.copy_box.layout.display = None
        self.notice.show(
            "info", "Click in the box below, select all (Ctrl+A, or Cmd+A on a Mac) and copy (Ctrl+C or Cmd+C)."
        )

    @guarded()
    def _on_log(self, _button=None) -> None:
        contact = self.current_contact
        if contact is None:
            self.notice.show("error", "Choose a contact first (add contacts in notebook 01).")
            return
        if not self.text.value.strip():
            self.notice.show("warning", "Write your message first; then log it once you have sent it.")
            return
        day = _today().isoformat()
        name = Tracker.display_name(contact)
        if not outreach.log_outreach(self.tracker, contact["id"], day, detail=self.subject.value):
            self.notice.show("info", f"Already logged: outreach to {name} on {day}. Nothing was added twice.")
            return
        if self.your_name.value.strip() and not self.using_sample:
            self.tracker.set_setting("learner_name", self.your_name.value.strip())
        text = f"Logged: outreach sent to {name} on {day}."
        if not self.review.ok:
            text += f" The review still lists {len(self.review.errors)} error(s); fix them in your next message."
        if self.using_sample:
            text += " (A sample contact: this is not saved to your tracker.)"
        self.notice.show("ok", text)

    def __repr__(self) -> str:
        # short and stable: notebooks store it as the widget's plain-text output
        return f"Composer({'sample contacts' if self.using_sample else 'your contacts'})"
