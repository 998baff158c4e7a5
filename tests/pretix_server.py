"""A real pretix server on 127.0.0.1 for integration and browser tests.

pretix is installed from PyPI into a cached venv (.cache/pretix/, about 1 minute the first
time); the database is migrated once per pretix version (about 2-4 minutes) and kept as
a pristine copy. Each test session copies that database, creates its test data in
`python -m pretix shell` (organizer, two events, products, an API token) and starts
`python -m pretix runserver`. A repeat run takes seconds.

    python -m tests.pretix_server          # prepare the cache (CI does this up front)
    python -m tests.pretix_server --serve  # prepare, then run a server until Ctrl+C
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PRETIX_VERSION = "2026.8.0"
CACHE_DIR = ROOT / ".cache" / "pretix"
VENV_DIR = CACHE_DIR / f"venv-{PRETIX_VERSION}"
VENV_PYTHON = VENV_DIR / "bin" / "python"
INSTALLED_STAMP = VENV_DIR / ".pretix-installed"
PRISTINE_DB = CACHE_DIR / f"migrated-{PRETIX_VERSION}.sqlite3"
LOCK_FILE = CACHE_DIR / ".lock"

ORGANIZER = "civic"
# A fixed token: the test database is created fresh for every session.
API_TOKEN = "civictest0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghi"[:64]
INSTALL_TIMEOUT = 900
MIGRATE_TIMEOUT = 1200
START_TIMEOUT = 90

# Test data, created inside pretix. Times are Europe/Berlin wall-clock times relative
# to "today" so the events stay on sale; the JSON printed at the end tells the tests
# what was created.
SEED_SCRIPT = r"""
import datetime as dt
import json
from zoneinfo import ZoneInfo

from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString
from pretix.base.models import Event, Item, Organizer, Quota, Team

BERLIN = ZoneInfo("Europe/Berlin")
today = dt.datetime.now(BERLIN).date()


def at(days, hour, minute=0):
    day = today + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def make_event(org, slug, names, location, start, end, live, public, products):
    event = Event.objects.create(
        organizer=org, slug=slug, name=LazyI18nString(names),
        location=LazyI18nString(location) if location else None,
        date_from=start, date_to=end, live=live, is_public=public, currency="EUR",
    )
    event.set_defaults()
    event.settings.locales = ["de", "en"]
    event.settings.locale = "de"
    event.settings.timezone = "Europe/Berlin"
    item_ids = []
    for names_, price in products:
        item = Item.objects.create(event=event, name=LazyI18nString(names_), default_price=price)
        quota = Quota.objects.create(event=event, name=names_["de"], size=100)
        quota.items.add(item)
        item_ids.append(item.pk)
    return {"slug": slug, "items": item_ids, "date_from": start.isoformat(),
            "date_to": end.isoformat() if end else None}


with scopes_disabled():
    org = Organizer.objects.create(name="Civic Coding (Test)", slug=ORGANIZER)
    org.settings.locales = ["de", "en"]
    events = [
        make_event(
            org, "ki-zivil-11",
            {"de": "KI und Zivilgesellschaft #11", "en": "AI and Civil Society #11"},
            {"de": "Innovation Office\nAlter Markt 13, 33602 Bielefeld",
             "en": "Innovation Office\nAlter Markt 13, 33602 Bielefeld, Germany"},
            at(30, 16, 30), at(30, 18, 30), True, True,
            [({"de": "Teilnahme vor Ort", "en": "On-site participation"}, 0),
             ({"de": "Teilnahme mit Abendessen", "en": "Participation with dinner"}, 12)],
        ),
        make_event(
            org, "werkstatt-entwurf",
            {"de": "KI-Werkstatt (Entwurf)", "en": "AI workshop (draft)"},
            {"de": "Online"}, at(60, 10), None, False, False,
            [({"de": "Platz", "en": "Seat"}, 0)],
        ),
    ]
    team = Team.objects.create(
        organizer=org, name="Website-Sync", all_events=True,
        all_event_permissions=True, all_organizer_permissions=True,
    )
    team.tokens.create(name="tests", token=API_TOKEN)
    print("SEED-RESULT " + json.dumps({"events": events}))
"""


@dataclass
class PretixServer:
    url: str
    port: int
    organizer: str
    token: str
    run_dir: Path
    events: dict[str, dict] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def _cache_lock() -> Iterator[None]:
    """One preparer at a time (two test sessions may start together)."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with LOCK_FILE.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _log(message: str) -> None:
    print(f"[pretix-server] {message}", file=sys.stderr, flush=True)


def ensure_installed() -> None:
    if INSTALLED_STAMP.exists():
        return
    _log(f"installing pretix=={PRETIX_VERSION} into {VENV_DIR} (about a minute) …")
    if VENV_DIR.exists():
        shutil.rmtree(VENV_DIR)  # a half-finished earlier install
    base_python = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base_python, "-m", "venv", str(VENV_DIR)], check=True)
    pip = [str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, f"pretix=={PRETIX_VERSION}"], check=True, timeout=INSTALL_TIMEOUT)
    INSTALLED_STAMP.write_text(PRETIX_VERSION, encoding="utf-8")


def write_config(run_dir: Path, port: int) -> Path:
    data_dir = run_dir / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    config = run_dir / "pretix.cfg"
    config.write_text(
        "\n".join(
            [
                "[pretix]",
                "instance_name=civic-coding-tests",
                f"url=http://127.0.0.1:{port}",
                f"datadir={data_dir}",
                "currency=EUR",
                "ecb_rates=false",
                "[database]",
                "backend=sqlite3",
                f"name={data_dir / 'db.sqlite3'}",
                "[django]",
                "debug=false",
                "secret=only-for-local-tests",
                "[mail]",
                "from=tests@localhost",
                "[locale]",
                "default=de",
                "timezone=Europe/Berlin",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return config


def _pretix(config: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRETIX_CONFIG_FILE": str(config)}
    return subprocess.run(
        [str(VENV_PYTHON), "-m", "pretix", *args],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        **kwargs,
    )


def ensure_migrated() -> None:
    if PRISTINE_DB.exists():
        return
    _log("migrating a fresh pretix database (a few minutes, once per pretix version) …")
    with tempfile.TemporaryDirectory(prefix="pretix-migrate-", dir=CACHE_DIR) as tmp:
        config = write_config(Path(tmp), 0)
        result = _pretix(config, "migrate", "--no-input", timeout=MIGRATE_TIMEOUT)
        if result.returncode != 0:
            raise RuntimeError(f"pretix migrate failed:\n{result.stdout}\n{result.stderr}")
        partial = PRISTINE_DB.with_suffix(".partial")
        shutil.copyfile(Path(tmp) / "data" / "db.sqlite3", partial)
        os.replace(partial, PRISTINE_DB)


def prepare() -> None:
    """Install and migrate once; later calls return at once."""
    with _cache_lock():
        ensure_installed()
        ensure_migrated()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _seed(config: Path) -> dict:
    script = f"ORGANIZER = {ORGANIZER!r}\nAPI_TOKEN = {API_TOKEN!r}\n" + SEED_SCRIPT
    result = _pretix(config, "shell", "-c", script, timeout=300)
    for line in result.stdout.splitlines():
        if line.startswith("SEED-RESULT "):
            return json.loads(line.removeprefix("SEED-RESULT "))
    raise RuntimeError(f"creating pretix test data failed:\n{result.stdout}\n{result.stderr}")


def _wait_until_ready(server: PretixServer) -> None:
    probe = f"{server.url}/{server.organizer}/widget/product_list"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process and server.process.poll() is not None:
            log = (server.run_dir / "server.log").read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(f"pretix runserver exited:\n{log[-3000:]}")
        try:
            if requests.get(probe, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"pretix did not answer {probe} within {START_TIMEOUT} s")


def start_server(run_dir: Path) -> PretixServer:
    """Prepare, seed a fresh copy of the database in `run_dir` and start pretix."""
    prepare()
    port = free_port()
    config = write_config(run_dir, port)
    shutil.copyfile(PRISTINE_DB, run_dir / "data" / "db.sqlite3")
    seeded = _seed(config)
    server = PretixServer(
        url=f"http://127.0.0.1:{port}",
        port=port,
        organizer=ORGANIZER,
        token=API_TOKEN,
        run_dir=run_dir,
        events={event["slug"]: event for event in seeded["events"]},
    )
    log = (run_dir / "server.log").open("w", encoding="utf-8")
    # --insecure: serve static files although DEBUG is off; --noreload: one process to stop.
    server.process = subprocess.Popen(
        [str(VENV_PYTHON), "-m", "pretix", "runserver", "--noreload", "--insecure"]
        + [f"127.0.0.1:{port}"],
        cwd=run_dir,
        env={**os.environ, "PRETIX_CONFIG_FILE": str(config)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_ready(server)
    except BaseException:
        server.stop()
        raise
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help="run a server until Ctrl+C")
    args = parser.parse_args()
    if not args.serve:
        prepare()
        _log("ready")
        return 0
    with tempfile.TemporaryDirectory(prefix="pretix-run-") as tmp:
        server = start_server(Path(tmp))
        _log(f"{server.url}  organizer={server.organizer}  token={server.token}")
        try:
            server.process.wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
