"""A real JupyterHub on 127.0.0.1 and learners that drive it as a browser does.

Shared by ``tests/test_hub.py`` (3 learners) and ``benchmarks/bench_hub.py`` (up to 40).

* :class:`Hub` writes a ``jupyterhub_config.py`` into a work folder and starts JupyterHub with
  configurable-http-proxy (installed from npm into ``.hub-tools/`` on first use), the dummy
  authenticator with one shared password, ``SimpleLocalProcessSpawner`` (one single-user
  server process and home folder per learner, under ``WORK/homes/NAME``) and
  jupyterhub-idle-culler as a hub-managed service. Every process it starts carries the
  environment variable ``INFOVIEW_HUB_RUN=<marker>``; :meth:`Hub.kill_all` finds them by it,
  so nothing outlives a test even after a hub restart or a failure.
* :class:`Learner` logs in through the login form, follows the README's nbgitpuller link
  (which spawns the server, then clones or merges the curriculum), starts a kernel for a
  stage notebook through the sessions API and runs its cells over the kernel websocket,
  then uses the notebook's tools by the same comm messages the widget front end sends
  (``method: update`` with the new state; ``method: custom`` with ``{"event": "click"}``).

Only localhost traffic. Nothing here asserts: callers check the values.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".hub-tools"
CHP_PACKAGE = "configurable-http-proxy@5"
PASSWORD = "class-password"
MARKER_VAR = "INFOVIEW_HUB_RUN"


class HubUnavailable(RuntimeError):
    """This machine cannot run the hub (no node/npm, or JupyterHub is not installed)."""


def ensure_proxy() -> Path:
    """configurable-http-proxy's command, installed into ``.hub-tools/`` with npm when missing."""
    exe = TOOLS / "node_modules" / ".bin" / "configurable-http-proxy"
    if exe.exists():
        return exe
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise HubUnavailable("node and npm are needed for configurable-http-proxy and were not found")
    TOOLS.mkdir(exist_ok=True)
    subprocess.run(
        [npm, "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--loglevel=error", CHP_PACKAGE],
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )
    if not exe.exists():
        raise HubUnavailable(f"npm installed {CHP_PACKAGE} but {exe} is missing")
    return exe


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_curriculum_repo(work: Path, name: str = "infoview") -> tuple[Path, Path]:
    """A bare repository holding the committed curriculum (``HEAD`` of this checkout) on ``main``,
    and the instructor's working clone of it. Returns (bare, instructor_clone)."""
    bare = work / "remote" / name  # nbgitpuller names the learner's folder after the URL's last part
    bare.parent.mkdir(parents=True, exist_ok=True)
    git = ["git", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "--quiet", "--bare", str(bare)], check=True)
    subprocess.run(
        ["git", "push", "--quiet", str(bare), "HEAD:refs/heads/main"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=bare, check=True)
    clone = work / "instructor" / name
    subprocess.run(["git", "clone", "--quiet", str(bare), str(clone)], check=True)
    for key, value in (("user.name", "Instructor"), ("user.email", "instructor@example.com")):
        subprocess.run(["git", "config", key, value], cwd=clone, check=True)
    return bare, clone


def pull_link(repo: str, notebook: str, branch: str = "main", folder: str = "infoview") -> str:
    """The README's nbgitpuller link (path and query, without the hub's address)."""
    query = urllib.parse.urlencode(
        {"repo": repo, "urlpath": f"lab/tree/{folder}/notebooks/{notebook}", "branch": branch}
    )
    return f"/hub/user-redirect/git-pull?{query}"


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no values.

    >>> percentile([0.4, 0.1, 0.3, 0.2], 50), percentile(list(range(1, 21)), 95), percentile([7], 95)
    (0.2, 19, 7)
    """
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, int(-(-p * len(ordered) // 100)))
    return ordered[min(rank, len(ordered)) - 1]


# --------------------------------------------------------------------------------------- hub
CONFIG = """\
# Written by tests/hubkit.py for one test or benchmark run; 127.0.0.1 only.
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{work}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{work}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{work}/jupyterhub.pid"
# The proxy runs on its own, as on Zero to JupyterHub: a hub restart leaves it, the routes and
# every learner's open connection alone; and the learners' servers keep running.
c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.JupyterHub.cleanup_servers = False
c.JupyterHub.cleanup_proxy = False
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{work}/homes/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = ["--allow-root", "--ServerApp.ip=127.0.0.1"]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.poll_interval = {poll}  # how soon the hub notices a server that died (default 30 s)
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.Spawner.environment = {environment!r}
c.JupyterHub.concurrent_spawn_limit = 200
# Activity reaches the hub within seconds, so a short culler timeout only stops idle servers.
c.JupyterHub.last_activity_interval = {activity}
c.JupyterHub.services = [
    {{"name": "idle-culler",
      "command": [{python!r}, "-m", "jupyterhub_idle_culler", "--timeout={cull_timeout}", "--cull-every={cull_every}"]}},
    {{"name": "driver", "api_token": {api_token!r}}},
]
c.JupyterHub.load_roles = [
    {{"name": "idle-culler", "services": ["idle-culler"],
      "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}},
    {{"name": "driver", "services": ["driver"],
      "scopes": ["list:users", "read:users", "read:users:activity", "read:servers", "admin:servers"]}},
]
"""


class Hub:
    """One JupyterHub (and its proxy, culler and learners' servers) in ``work``."""

    def __init__(
        self,
        work: Path,
        *,
        cull_timeout: int = 3600,
        cull_every: int = 2,
        activity_interval: int = 2,
        poll_interval: int = 5,
        extra_env: dict | None = None,
    ):
        try:
            import jupyterhub  # noqa: F401
            import jupyterhub_idle_culler  # noqa: F401
            import nbgitpuller  # noqa: F401
        except ImportError as exc:
            raise HubUnavailable(f"{exc.name} is not installed (pip install -e .[test])") from None
        self.work = Path(work)
        self.work.mkdir(parents=True, exist_ok=True)
        self.homes = self.work / "homes"
        self.homes.mkdir(exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.marker = uuid.uuid4().hex
        self.api_token = secrets.token_hex(16)
        self.proc: subprocess.Popen | None = None
        self.log = self.work / "hub.log"
        bin_dir = Path(sys.executable).parent
        env = {
            "JUPYTERHUB_ACTIVITY_INTERVAL": str(activity_interval),
            MARKER_VAR: self.marker,
            # Quiet, private Jupyter folders inside the learner's home; no lab news fetches.
            "JUPYTER_PLATFORM_DIRS": "1",
            **(extra_env or {}),
        }
        self.chp = ensure_proxy()
        self.hub_port, self.api_port, self.proxy_token = free_port(), free_port(), secrets.token_hex(16)
        self.proxy: subprocess.Popen | None = None
        self.config = self.work / "jupyterhub_config.py"
        self.config.write_text(
            CONFIG.format(
                port=self.port,
                hub_port=self.hub_port,
                api_port=self.api_port,
                work=self.work,
                proxy_token=self.proxy_token,
                password=PASSWORD,
                singleuser=str(bin_dir / "jupyterhub-singleuser"),
                environment=env,
                activity=activity_interval,
                python=sys.executable,
                cull_timeout=cull_timeout,
                cull_every=cull_every,
                api_token=self.api_token,
                poll=poll_interval,
            )
        )

    # ---------------------------------------------------------------- life cycle
    def start(self, timeout: float = 120) -> None:
        env = dict(os.environ, **{MARKER_VAR: self.marker})
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        for var in [k for k in env if k.startswith("INFOVIEW_")]:
            if var != MARKER_VAR:
                env.pop(var)  # the test session's tracker and date must not leak into learners' servers
        if self.proxy is None:
            hub = f"http://127.0.0.1:{self.hub_port}"
            with open(self.log, "ab") as log:
                self.proxy = subprocess.Popen(
                    [
                        str(self.chp),
                        "--ip",
                        "127.0.0.1",
                        "--port",
                        str(self.port),
                        "--api-ip",
                        "127.0.0.1",
                        "--api-port",
                        str(self.api_port),
                        "--default-target",
                        hub,
                        "--error-target",
                        f"{hub}/hub/error",
                    ],
                    env=dict(env, CONFIGPROXY_AUTH_TOKEN=self.proxy_token),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(self.config)],
                cwd=self.work,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with {self.proc.returncode}; log:\n{self.log_tail()}")
            try:
                if requests.get(self.url + "/hub/api/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"JupyterHub was not ready after {timeout:.0f} s; log:\n{self.log_tail()}")

    def stop_hub(self, timeout: float = 30) -> None:
        """Stop the hub process alone (SIGTERM, then SIGKILL); proxy and servers keep running."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def restart(self) -> None:
        self.stop_hub()
        self.start()

    def processes(self):
        """Every live process this run started (hub, proxy, culler, servers, kernels)."""
        import psutil

        found = []
        for proc in psutil.process_iter(["pid"]):
            try:
                if proc.environ().get(MARKER_VAR) == self.marker:
                    found.append(proc)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess, OSError):
                continue
        return found

    def kill_all(self) -> None:
        """Stop the hub, then SIGKILL everything else it started. Safe to call twice."""
        import psutil

        try:
            self.stop_hub(timeout=10)
        except Exception:  # noqa: BLE001 - killing below covers it
            pass
        for _ in range(3):
            procs = self.processes()
            if not procs:
                return
            for proc in procs:
                try:
                    proc.kill()
                except psutil.NoSuchProcess:
                    pass
            psutil.wait_procs(procs, timeout=5)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # ---------------------------------------------------------------- admin API
    def api(self, method: str, path: str, **kwargs):
        import requests

        r = requests.request(
            method,
            f"{self.url}/hub/api{path}",
            timeout=30,
            headers={"Authorization": f"token {self.api_token}"},
            **kwargs,
        )
        r.raise_for_status()
        return r.json() if r.content else None

    def running(self, name: str) -> bool:
        try:
            user = self.api("GET", f"/users/{name}")
        except Exception:  # noqa: BLE001 - an unknown user has no server
            return False
        server = user.get("servers", {}).get("")
        return bool(server and server.get("ready"))

    def wait_stopped(self, names, timeout: float) -> float:
        """Seconds until none of ``names`` has a server (the culler stopped them)."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if not any(self.running(n) for n in names):
                return time.monotonic() - t0
            time.sleep(0.5)
        raise TimeoutError(f"servers of {names} still running after {timeout:.0f} s; log:\n{self.log_tail()}")

    # ---------------------------------------------------------------- memory
    def memory(self) -> dict:
        """PSS in MiB: {'hub': hub + proxy + culler, 'learners': {name: server + kernels}}."""
        import psutil

        hub, learners = 0, {}
        for proc in self.processes():
            try:
                pss = proc.memory_full_info().pss
                user = proc.environ().get("JUPYTERHUB_USER")
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            if user:
                learners[user] = learners.get(user, 0) + pss
            else:
                hub += pss
        mib = 1024 * 1024
        return {"hub": hub / mib, "learners": {k: v / mib for k, v in learners.items()}}

    def cpu_seconds(self) -> dict:
        """{pid: (learner name or 'hub', CPU seconds so far)} of every process this run started."""
        import psutil

        out = {}
        for proc in self.processes():
            try:
                with proc.oneshot():
                    t = proc.cpu_times()
                    out[proc.pid] = (proc.environ().get("JUPYTERHUB_USER") or "hub", t.user + t.system)
            except psutil.Error:
                continue
        return out

    def server_processes(self, name: str):
        """The learner's single-user server and its kernels."""
        import psutil

        out = []
        for proc in self.processes():
            try:
                if proc.environ().get("JUPYTERHUB_USER") == name:
                    out.append(proc)
            except psutil.Error:
                continue
        return out

    def tracker_path(self, name: str) -> Path:
        return self.homes / name / "infoview" / "infoview-data" / "tracker.sqlite"


# ----------------------------------------------------------------------------------- learner
@dataclass
class Timings:
    server_start: list = field(default_factory=list)
    pull: list = field(default_factory=list)
    cells: list = field(default_factory=list)
    widgets: list = field(default_factory=list)  # every widget message: value changes and clicks
    clicks: list = field(default_factory=list)  # the clicks alone
    errors: list = field(default_factory=list)


class KernelError(RuntimeError):
    pass


class Learner:
    """One learner's browser: cookies for the hub and their server, one kernel websocket."""

    def __init__(self, hub: Hub, name: str, repo: str):
        import requests

        self.hub, self.name, self.repo = hub, name, repo
        self.http = requests.Session()
        self.times = Timings()
        self.ws = None
        self.comms: dict[str, dict] = {}  # comm_id -> widget state as the front end knows it
        self.outputs: list[str] = []
        self.kernel_id = None
        self.session_id = uuid.uuid4().hex

    # ---------------------------------------------------------------- hub pages
    @property
    def server(self) -> str:
        return f"{self.hub.url}/user/{self.name}"

    def login(self) -> None:
        r = self.http.get(f"{self.hub.url}/hub/login", timeout=60)
        r.raise_for_status()
        m = re.search(r'name="_xsrf"\s+value="([^"]+)"', r.text)
        data = {"username": self.name, "password": PASSWORD, **({"_xsrf": m.group(1)} if m else {})}
        r = self.http.post(f"{self.hub.url}/hub/login", data=data, allow_redirects=False, timeout=60)
        if r.status_code != 302:
            raise RuntimeError(f"login of {self.name} answered {r.status_code}")

    def open_link(self, notebook: str, timeout: float = 300) -> None:
        """Follow the nbgitpuller link as a browser does: spawn if needed, then let git-pull run."""
        t0 = time.monotonic()
        r = self.http.get(self.hub.url + pull_link(self.repo, notebook), timeout=timeout)
        while not (
            r.status_code == 200 and urllib.parse.urlparse(r.url).path.startswith(f"/user/{self.name}/git-pull")
        ):
            if time.monotonic() - t0 > timeout:
                raise TimeoutError(f"{self.name}'s server did not start in {timeout:.0f} s (at {r.url})")
            launch = re.search(r'<a id="start"[^>]*href="([^"]+)"', r.text)
            if launch:  # "Your server is not running" (culled, stopped or died): press Launch
                r = self.http.get(urllib.parse.urljoin(r.url, html.unescape(launch.group(1))), timeout=timeout)
                continue
            # Otherwise the spawn-pending page (its script reloads when the server is ready), or
            # "503: your server appears to be down" until the hub's poll notices a dead server:
            # the learner reloads.
            time.sleep(0.5 if r.status_code < 500 else 1.0)
            r = self.http.get(
                r.url if "spawn-pending" in r.url else self.hub.url + pull_link(self.repo, notebook), timeout=timeout
            )
        r.raise_for_status()
        self.times.server_start.append(time.monotonic() - t0)
        t1 = time.monotonic()
        query = urllib.parse.urlencode({"repo": self.repo, "branch": "main", "targetpath": "infoview"})
        with self.http.get(
            f"{self.server}/git-pull/api?{query}", stream=True, timeout=timeout, headers=self._xsrf_header()
        ) as events:
            events.raise_for_status()
            phase, last = None, {}
            for line in events.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    last = json.loads(line[5:])
                    phase = last.get("phase")
                    if phase in ("finished", "error"):
                        break
        if phase != "finished":
            raise RuntimeError(f"nbgitpuller failed for {self.name}: {last.get('message')}\n{last.get('output', '')}")
        self.times.pull.append(time.monotonic() - t1)

    def _xsrf(self) -> str:
        for cookie in self.http.cookies:
            if cookie.name == "_xsrf" and cookie.path.startswith(f"/user/{self.name}"):
                return cookie.value
        return ""

    def _xsrf_header(self) -> dict:
        token = self._xsrf()
        return {"X-XSRFToken": token} if token else {}

    # ---------------------------------------------------------------- contents
    def read_notebook(self, path: str) -> dict:
        r = self.http.get(
            f"{self.server}/api/contents/{path}", params={"content": 1}, timeout=60, headers=self._xsrf_header()
        )
        r.raise_for_status()
        return r.json()["content"]

    def save_notebook(self, path: str, nb: dict) -> None:
        r = self.http.put(
            f"{self.server}/api/contents/{path}",
            json={"type": "notebook", "format": "json", "content": nb},
            timeout=60,
            headers=self._xsrf_header(),
        )
        r.raise_for_status()

    # ---------------------------------------------------------------- kernel
    def start_kernel(self, path: str, timeout: float = 120) -> None:
        import websocket

        r = self.http.post(
            f"{self.server}/api/sessions",
            timeout=timeout,
            headers=self._xsrf_header(),
            json={"path": path, "type": "notebook", "name": path.rsplit("/", 1)[-1], "kernel": {"name": "python3"}},
        )
        r.raise_for_status()
        self.kernel_id = r.json()["kernel"]["id"]
        ws_url = self.server.replace("http://", "ws://") + (
            f"/api/kernels/{self.kernel_id}/channels?session_id={self.session_id}"
        )
        cookie = "; ".join(
            f"{c.name}={c.value}"
            for c in self.http.cookies
            if c.path in ("/", "/hub/") or c.path.startswith(f"/user/{self.name}")
        )
        xsrf = self._xsrf()
        self.ws = websocket.create_connection(
            ws_url, cookie=cookie, timeout=timeout, header=[f"X-XSRFToken: {xsrf}"] if xsrf else []
        )
        self.comms.clear()
        self._request("kernel_info_request", {}, timeout=timeout)  # the kernel is up and answering

    def _send(self, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": self.name,
                        "session": self.session_id,
                        "msg_type": msg_type,
                        "version": "5.3",
                        "date": dt.datetime.now(dt.timezone.utc).isoformat(),
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        return msg_id

    def _request(self, msg_type: str, content: dict, timeout: float = 120, on_output=None) -> float:
        """Send one shell message; read until the kernel is idle after it. Returns seconds taken."""
        t0 = time.monotonic()
        msg_id = self._send(msg_type, content)
        idle = replied = False
        error = None
        self.ws.settimeout(timeout)
        while not (idle and (replied or msg_type.startswith("comm"))):
            msg = json.loads(self.ws.recv())
            kind = msg.get("msg_type") or msg["header"]["msg_type"]
            body = msg.get("content", {})
            if kind == "comm_open" and body.get("target_name") == "jupyter.widget":
                self.comms[body["comm_id"]] = dict(body.get("data", {}).get("state", {}))
            elif kind == "comm_msg" and body.get("comm_id") in self.comms:
                data = body.get("data", {})
                if data.get("method") in ("update", "echo_update"):
                    self.comms[body["comm_id"]].update(data.get("state", {}))
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if kind == "status" and body.get("execution_state") == "idle":
                idle = True
            elif kind.endswith("_reply"):
                replied = True
                if body.get("status") == "error":
                    error = f"{body.get('ename')}: {body.get('evalue')}"
            elif kind == "stream":
                self.outputs.append(body.get("text", ""))
                if on_output is not None:
                    on_output(body.get("text", ""))
            elif kind == "error":
                error = f"{body.get('ename')}: {body.get('evalue')}"
            elif kind in ("execute_result", "display_data"):
                self.outputs.append(body.get("data", {}).get("text/plain", ""))
        if error:
            raise KernelError(error)
        return time.monotonic() - t0

    def execute(self, code: str, timeout: float = 120, on_output=None) -> float:
        took = self._request(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
            timeout,
            on_output,
        )
        self.times.cells.append(took)
        return took

    def run_notebook(self, nb: dict, think: float = 0.0) -> None:
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                self.execute(source)
                time.sleep(think)

    def widget(self, model: str, description: str) -> str:
        """The comm id of the newest widget of ``model`` (e.g. 'ButtonModel') with ``description``."""
        found = [
            cid
            for cid, state in self.comms.items()
            if state.get("_model_name") == model and state.get("description") == description
        ]
        if not found:
            raise LookupError(f"no {model} {description!r} among {len(self.comms)} widgets")
        return found[-1]

    def set_value(self, comm_id: str, value) -> float:
        """A value typed or chosen in the browser: ipywidgets' 'update' message."""
        took = self._request(
            "comm_msg",
            {"comm_id": comm_id, "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}},
        )
        self.comms[comm_id]["value"] = value
        self.times.widgets.append(took)
        return took

    def click(self, comm_id: str) -> float:
        """A button press: ipywidgets' 'custom' message with {'event': 'click'}."""
        took = self._request(
            "comm_msg", {"comm_id": comm_id, "data": {"method": "custom", "content": {"event": "click"}}}
        )
        self.times.widgets.append(took)
        self.times.clicks.append(took)
        return took

    def texts(self, model: str = "HTMLModel") -> list[str]:
        return [str(s.get("value", "")) for s in self.comms.values() if s.get("_model_name") == model]

    def close_kernel(self) -> None:
        if self.ws is not None:
            try:
                self.ws.close()
            except Exception:  # noqa: BLE001 - a culled or killed server closes it first
                pass
            self.ws = None
        if self.kernel_id:
            try:
                self.http.delete(f"{self.server}/api/kernels/{self.kernel_id}", timeout=30, headers=self._xsrf_header())
            except Exception:  # noqa: BLE001
                pass
            self.kernel_id = None
