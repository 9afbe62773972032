"""Time the sign-in's first step with production's password hashing: right, wrong, unknown name.

    DJANGO_SETTINGS_MODULE=website.settings.test .venv/bin/python scripts/bench_sign_in.py [--tries 15]

Runs in a throwaway test database (SQLite, or PostgreSQL under scripts/with-postgres) with the
production PASSWORD_HASHERS and the member-key wrapping of forms.vault. Prints each case's median
and spread, and how far the wrong and unknown medians are from the right one: the first step must
not tell a right password by its time (goal: within 15 %).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.test")
os.environ.setdefault("TEST_DB_SUFFIX", "bench-sign-in")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PASSWORD = "a long password for the sign-in benchmark"  # noqa: S105 - a throwaway database
WRONG = "a wrong password of just the same length!"  # noqa: S105
PRODUCTION_HASHERS = [
    "accounts.hashers.StrongArgon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def time_step_one(username, password):
    client = Client()
    started = time.perf_counter()
    response = client.post(f"/{settings.ADMIN_PATH}/login/", {"username": username, "password": password})
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=15)
    options = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(
            PASSWORD_HASHERS=PRODUCTION_HASHERS,
            AXES_FAILURE_LIMIT=10**6,
            SIGN_IN_FREE_FAILURES=10**6,
            INBOX_KEY_ARGON2="moderate",  # the member-key wrapping's production limits, where settable
        ):
            run(options.tries)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(tries):
    from django.contrib.auth import get_user_model

    from forms import vault
    from forms.inboxes import ensure_member_key

    if not hasattr(vault, "argon2_limits"):
        # A vault without settable limits (before the move to libsodium's "moderate" ones): measure
        # with those anyway, since production wraps member keys at them.
        import nacl.pwhash

        moderate = (nacl.pwhash.argon2id.OPSLIMIT_MODERATE, nacl.pwhash.argon2id.MEMLIMIT_MODERATE)
        vault.ARGON2_OPSLIMIT, vault.ARGON2_MEMLIMIT = moderate
        vault.derive_password_key.__defaults__ = moderate
    user = get_user_model().objects.create_user("bench-member", "bench@example.org", PASSWORD)
    member_key = ensure_member_key(user, PASSWORD)
    print(
        f"password hash: {user.password.split('$')[1]} {user.password.split('$')[3]}; "
        f"member-key wrapping: argon2id opslimit {member_key.opslimit}, "
        f"memlimit {member_key.memlimit // 2**20} MiB; {os.cpu_count()} CPUs"
    )
    cases = {"right password": (user.username, PASSWORD), "wrong password": (user.username, WRONG)}
    cases["unknown name"] = ("nobody-by-this-name", WRONG)
    times = {case: [] for case in cases}
    time_step_one(*cases["right password"])  # warm up
    for _round in range(tries):  # interleaved, so that the machine's load falls on every case alike
        for case, (username, password) in cases.items():
            times[case].append(time_step_one(username, password))
    right = statistics.median(times["right password"])
    print(f"{'case':<16} {'median':>8} {'min':>8} {'max':>8} {'vs right':>9}   ({tries} tries each)")
    for case, values in times.items():
        median = statistics.median(values)
        print(
            f"{case:<16} {median * 1000:7.0f}ms {min(values) * 1000:7.0f}ms {max(values) * 1000:7.0f}ms "
            f"{(median - right) / right * 100:+8.1f}%"
        )


if __name__ == "__main__":
    main()
