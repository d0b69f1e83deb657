"""No traceback from any command, ever: every sub-command against every kind of bad path, and
random arguments. A failure is one sentence on stderr, ``infoview COMMAND: ...``, exit code 2."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview import cli
from infoview.tracker import Tracker

ROOT = Path(__file__).resolve().parent.parent
NOBODY = 65534
UNEXPECTED = "stopped on an unexpected problem"


def run(argv: list[str]) -> tuple[int, str, str]:
    """The CLI in this process: exit code, stdout, stderr (argparse's own exits included)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse: usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def run_as(uid: int, argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """The CLI in a forked child running as ``uid`` (root ignores file modes, so permission
    problems are only real for another user)."""
    folder = Path(tempfile.mkdtemp())
    out_path, err_path = folder / "out", folder / "err"
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 99
        try:
            with open(out_path, "w") as out, open(err_path, "w") as err:
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                os.setgid(uid)
                os.setuid(uid)
                os.environ.update(env)
                sys.stdout = os.fdopen(1, "w", closefd=False)
                sys.stderr = os.fdopen(2, "w", closefd=False)
                code = run_child(argv)
                sys.stdout.flush()
                sys.stderr.flush()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    result = code, out_path.read_text(), err_path.read_text()
    shutil.rmtree(folder)
    return result


def run_child(argv: list[str]) -> int:  # pragma: no cover - runs in the forked child
    try:
        return cli.main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2


def assert_one_sentence(cmd: str, code: int, out: str, err: str) -> None:
    assert "Traceback" not in err + out, err
    assert UNEXPECTED not in err, err
    assert code in (0, 1, 2), (code, err)
    if code == 2 and not err.startswith("usage:"):
        lines = err.strip().splitlines()
        assert lines and lines[-1].startswith(f"infoview {cmd}: "), err
        assert "[Errno" not in err, err  # said in words, not as Python's repr


# ------------------------------------------------------------------ the matrix
@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict[str, Path]:
    """Valid inputs every command can use, in a folder every user may read and write."""
    folder = Path(tempfile.mkdtemp(prefix="infoview-cli-"))
    os.chmod(folder, 0o777)
    db = folder / "tracker.sqlite"
    t = Tracker(db)
    cid = t.add_contact(first_name="Ada", last_name="Byron", company="Analytical Ltd", channel="alumni")
    t.log(cid, "outreach_sent", on="2026-03-02")
    backup = t.backup(folder / "backup.sqlite")
    t.close()
    (folder / "message.txt").write_text("Hi Ada, I'm a student exploring data roles. Could we talk for 20 minutes?\n")
    shutil.copy(ROOT / "data" / "sample" / "Connections.csv", folder / "Connections.csv")
    shutil.copytree(ROOT / "data" / "sample" / "cohort", folder / "cohort")
    (folder / "a-folder").mkdir()
    homes = folder / "homes"  # a hub's home folders: one learner with a tracker (for 'collect')
    learner = homes / "ada" / "infoview" / "infoview-data"
    learner.mkdir(parents=True)
    shutil.copy(db, learner / "tracker.sqlite")
    (folder / "a-file.txt").write_text("just text\n")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("x")
    for p in folder.rglob("*"):
        os.chmod(p, 0o777 if p.is_dir() else 0o666)
    os.chmod(locked, 0o000)
    os.mkfifo(folder / "a-pipe")
    device = folder / "a-device"
    if os.geteuid() == 0:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a private /dev/full
    else:
        device = Path("/dev/full")  # cannot be replaced without root
    paths = {
        "db": db,
        "backup": backup,
        "message": folder / "message.txt",
        "csv": folder / "Connections.csv",
        "cohort": folder / "cohort",
        "homes": homes,
        "events": ROOT / "data" / "sample" / "cohort_events.csv",
        "folder": folder / "a-folder",
        "file": folder / "a-file.txt",
        "locked": locked,
        "tmp": folder,
        "fifo": folder / "a-pipe",
        "device": device,
    }
    yield paths
    os.chmod(locked, 0o755)
    shutil.rmtree(folder, ignore_errors=True)


def _mount_tmpfs(where: Path, options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    return proc.returncode == 0


@pytest.fixture(scope="module")
def read_only_dir(tmp_path_factory):
    """A read-only folder: a read-only tmpfs when root may mount one, else a folder without
    write permission (which only works when not root)."""
    where = tmp_path_factory.mktemp("ro") / "mnt"
    if _mount_tmpfs(where, "ro,size=64k"):
        yield where
        subprocess.run(["umount", str(where)], check=False)
        return
    if os.geteuid() == 0:
        pytest.skip("running as root without mount: a read-only folder cannot be made here")
    where.mkdir(exist_ok=True)
    os.chmod(where, 0o555)
    yield where
    os.chmod(where, 0o755)


@pytest.fixture(scope="module")
def full_dir(tmp_path_factory):
    """A folder on a full disk: a 64 KB tmpfs filled up (root), else skipped (/dev/full covers files)."""
    where = tmp_path_factory.mktemp("full") / "mnt"
    if not _mount_tmpfs(where, "size=64k"):
        pytest.skip("cannot mount a tiny tmpfs here (not root); /dev/full still covers a full disk for files")
    with open(where / "filler", "wb") as fh:
        with contextlib.suppress(OSError):
            fh.write(b"\0" * (1 << 20))
    yield where
    subprocess.run(["umount", str(where)], check=False)


# (command, argv with {BAD} where the bad path goes, the role of that slot)
SLOTS = [
    ("import-contacts", ["import-contacts", "{BAD}", "--db", "{db}"]),
    ("import-contacts", ["import-contacts", "{csv}", "--db", "{BAD}"]),
    ("review", ["review", "{BAD}"]),
    ("review", ["review", "{message}", "--rules", "{BAD}"]),
    ("brief", ["brief", "1", "--out", "{BAD}", "--db", "{db}"]),
    ("brief", ["brief", "1", "--db", "{BAD}"]),
    ("followups", ["followups", "--ics", "{BAD}", "--db", "{db}"]),
    ("followups", ["followups", "--db", "{BAD}"]),
    ("export", ["export", "--anonymized", "{BAD}", "--db", "{db}"]),
    ("export", ["export", "--anonymized", "{tmp}/e.json", "--db", "{BAD}"]),
    ("cohort-report", ["cohort-report", "{BAD}", "--out", "{tmp}/report.html"]),
    ("cohort-report", ["cohort-report", "{cohort}", "--out", "{BAD}"]),
    ("sample-cohort", ["sample-cohort", "--events", "{BAD}", "--out-dir", "{tmp}/sc", "--report", "{tmp}/sc.html"]),
    ("sample-cohort", ["sample-cohort", "--out-dir", "{BAD}", "--report", "{tmp}/sc.html"]),
    ("sample-cohort", ["sample-cohort", "--out-dir", "{tmp}/sc", "--report", "{BAD}"]),
    ("sample-data", ["sample-data", "--out", "{BAD}"]),
    ("sample-data", ["sample-data", "--params", "{BAD}", "--out", "{tmp}/sd"]),
    ("backup", ["backup", "{BAD}", "--db", "{db}"]),
    ("backup", ["backup", "{tmp}/b2.sqlite", "--db", "{BAD}"]),
    ("restore", ["restore", "{BAD}", "--db", "{db}"]),
    ("restore", ["restore", "{backup}", "--db", "{BAD}"]),
    ("student-version", ["student-version", "{BAD}"]),
    ("student-version", ["student-version", "{tmp}/sv", "--notebooks", "{BAD}"]),
    ("check-content", ["check-content", "{BAD}"]),
    ("collect", ["collect", "{BAD}", "--out", "{tmp}/collected"]),
    ("collect", ["collect", "{homes}", "--out", "{BAD}"]),
    ("collect", ["collect", "--exchange", "{BAD}", "--out", "{tmp}/collected"]),
]

BAD_KINDS = {
    "a folder": lambda b: b["folder"],
    "inside a file": lambda b: b["file"] / "x.out",
    "an existing file": lambda b: b["file"],
    "a missing parent": lambda b: b["tmp"] / "no" / "such" / "folder" / "x.out",
    "an empty name": lambda b: "",
    "a NUL in the name": lambda b: f"{b['tmp']}/bad\x00name",
    "a name too long": lambda b: b["tmp"] / ("x" * 300),
    "a device": lambda b: b["device"],  # our own copy of /dev/full: never risk replacing the real one
    "a pipe": lambda b: b["fifo"],
}


def _argv(template: list[str], bad, base: dict) -> list[str]:
    values = {k: str(v) for k, v in base.items()}
    return [str(bad) if part == "{BAD}" else part.format(**values) for part in template]


def test_every_command_with_a_path_is_in_the_matrix_and_has_roles():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    with_paths = {
        name
        for name, p in sub.choices.items()
        if any(
            a.metavar in {"PATH", "FILE", "DIR", "OUT", "OUT_DIR", "IN", "DB"} or a.dest in {"out", "ics", "db"}
            for a in p._actions
        )
    }
    assert with_paths <= set(cli.PATH_ARGUMENTS), with_paths - set(cli.PATH_ARGUMENTS)
    assert set(cli.PATH_ARGUMENTS) <= {name for name, _ in SLOTS}
    for name, roles in cli.PATH_ARGUMENTS.items():
        dests = {a.dest for a in sub.choices[name]._actions}
        assert set(roles) <= dests, (name, set(roles) - dests)


@pytest.mark.parametrize("kind", list(BAD_KINDS))
@pytest.mark.parametrize("cmd, template", SLOTS, ids=[f"{c}:{t.index('{BAD}')}" for c, t in SLOTS])
def test_every_command_against_every_bad_path(cmd, template, kind, base, monkeypatch):
    monkeypatch.chdir(base["tmp"])
    code, out, err = run(_argv(template, BAD_KINDS[kind](base), base))
    assert_one_sentence(cmd, code, out, err)


@pytest.mark.parametrize("cmd, template", SLOTS, ids=[f"{c}:{t.index('{BAD}')}" for c, t in SLOTS])
def test_every_command_on_a_read_only_disk(cmd, template, base, read_only_dir, monkeypatch):
    monkeypatch.chdir(base["tmp"])
    bad = read_only_dir / "x.out"
    code, out, err = run(_argv(template, bad, base))
    assert_one_sentence(cmd, code, out, err)
    assert code == 2 and str(bad) in err, err
    if _role(_argv(template, bad, base), str(bad)).startswith("out"):
        assert "read-only" in err, err


def _role(argv: list[str], bad: str) -> str:
    """What the command does with the argument that holds ``bad`` (from cli.PATH_ARGUMENTS)."""
    args = cli.build_parser().parse_args(argv)
    dest = next(d for d, v in vars(args).items() if v == bad)
    return cli.PATH_ARGUMENTS[args.command][dest]


@pytest.mark.parametrize("cmd, template", SLOTS, ids=[f"{c}:{t.index('{BAD}')}" for c, t in SLOTS])
def test_every_command_on_a_full_disk(cmd, template, base, full_dir, monkeypatch):
    monkeypatch.chdir(base["tmp"])
    code, out, err = run(_argv(template, full_dir / "x.out", base))
    assert_one_sentence(cmd, code, out, err)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork to run as another user")
@pytest.mark.parametrize("cmd, template", SLOTS, ids=[f"{c}:{t.index('{BAD}')}" for c, t in SLOTS])
def test_every_command_without_permission(cmd, template, base):
    """As root file modes are ignored, so the command runs as 'nobody' (or as ourselves when not root)."""
    env = {"MPLCONFIGDIR": str(base["tmp"] / "mpl"), "HOME": str(base["tmp"]), "INFOVIEW_DB": str(base["db"])}
    bad = base["locked"] / "inside.txt"
    argv = _argv(template, bad, base)
    if os.geteuid() == 0:
        code, out, err = run_as(NOBODY, argv, env)
    else:
        code, out, err = run(argv)
    assert_one_sentence(cmd, code, out, err)
    assert code == 2 and any(p in err for p in ("No permission", "no such file", "no file at", "does not exist")), err


def test_the_messages_name_the_problem(base, monkeypatch):
    monkeypatch.chdir(base["tmp"])
    cases = [
        (
            ["followups", "--ics", str(base["folder"]), "--db", str(base["db"])],
            "is a folder; give the name of a file instead",
        ),
        (["cohort-report", str(base["cohort"]), "--out", str(base["file"] / "r.html")], "part of this path is a file"),
        (["sample-data", "--out", str(base["file"])], "already exists as a file, where a folder is needed"),
        (["student-version", str(base["file"])], "already exists as a file, where a folder is needed"),
        (["review", str(base["tmp"] / "missing.txt")], "no such file"),
        (["export", "--anonymized", str(base["device"]), "--db", str(base["db"])], "is a device or a pipe, not a file"),
        (["import-contacts", str(base["fifo"]), "--db", str(base["db"])], "is not a regular file"),
    ]
    for argv, expected in cases:
        code, out, err = run(argv)
        assert code == 2 and expected in err, (argv, err)
        assert len(err.strip().splitlines()) == 1


# ------------------------------------------------------------------ fuzzing
_WORDS = [
    "import-contacts",
    "review",
    "brief",
    "questions",
    "followups",
    "export",
    "cohort-report",
    "sample-cohort",
    "sample-data",
    "backup",
    "restore",
    "student-version",
    "check-content",
    "collect",
    "--db",
    "--out",
    "--ics",
    "--today",
    "--minutes",
    "--tags",
    "--seed",
    "--json",
    "--rules",
    "--anonymized",
    "--channel",
    "--format",
    "--events",
    "--report",
    "--out-dir",
    "--params",
    "--notebooks",
    "--school",
    "-",
    "1",
    "0",
    "-5",
    "1e309",
    "nan",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "vcard",
    "alumni",
]


@st.composite
def _arguments(draw, base_paths):
    path_choices = [str(p) for p in base_paths.values()] + [str(base_paths["file"] / "x"), ""]
    item = st.one_of(st.sampled_from(_WORDS), st.sampled_from(path_choices), st.text(max_size=12))
    return draw(st.lists(item, min_size=0, max_size=7))


def test_random_arguments_never_give_a_traceback(base, monkeypatch):
    monkeypatch.chdir(base["tmp"])
    snapshot = {p.name for p in base["tmp"].iterdir()}
    # Slow commands are left out of the random search: the matrix above covers their paths.
    slow = {"sample-cohort", "student-version", "cohort-report"}

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_arguments(base))
    def check(argv):
        if argv and argv[0] in slow:
            argv = ["questions", *argv[1:]]
        if argv and argv[0] == "sample-data":  # its default folder is the committed data/sample/
            argv = [*argv, "--out", str(base["tmp"] / "sd")]
        code, out, err = run(argv)
        assert "Traceback" not in err + out, (argv, err)
        assert UNEXPECTED not in err, (argv, err)
        if code == 2 and not err.startswith("usage:") and argv:
            assert err.strip().splitlines()[-1].startswith("infoview "), (argv, err)

    check()
    assert {p.name for p in base["tmp"].iterdir()} >= snapshot
