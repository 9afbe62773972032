import statistics
import time

from django.core.management.base import BaseCommand

from forms import vault


class Command(BaseCommand):
    help = (
        "Time what a sign-in adds for an inbox member: unwrapping their member key (argon2id at "
        "settings.INBOX_KEY_ARGON2, plus the pepper if set). Stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10)

    def handle(self, *args, count, **options):
        password = "a realistic member password of some length"  # noqa: S105 - a benchmark's own
        wrapped = vault.new_member_key(password)
        timings = []
        for _ in range(count):
            started = time.perf_counter()
            vault.unlock_member_key(wrapped, password)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        self.stdout.write(
            f"member key unwrap, argon2id opslimit {wrapped.opslimit}, "
            f"memlimit {wrapped.memlimit >> 20} MiB, pepper {'on' if wrapped.pepper_id else 'off'}: "
            f"p50 {statistics.median(timings):.0f} ms, "
            f"max {timings[-1]:.0f} ms over {count} unwraps"
        )
