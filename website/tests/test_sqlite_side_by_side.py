"""`make run` on SQLite: the web process and db_worker write side by side without a single failure.

SQLite only (PostgreSQL has row locks and no such problem): the test copies the suite's SQLite test
database (migrated, with the demo) and runs scripts/sqlite_side_by_side.py on the copy for 10 s — one
process publishing news, one db_worker running the tasks the publishes queue. The 30 s run is the
script itself: `.venv/bin/python scripts/sqlite_side_by_side.py --seconds 30`.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "sqlite_side_by_side.py"

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only")


def test_publishing_beside_the_worker_for_10_seconds_fails_nothing(django_db_setup):
    result = subprocess.run(
        [sys.executable, SCRIPT, "--seconds", "10", "--from-database", connection.settings_dict["NAME"]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "publisher: 0 publishes" not in report
    assert " 0 errors" in report
    assert "'database is locked': 0; tracebacks: 0" in report
