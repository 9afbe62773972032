import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import demo_devices


class Command(BaseCommand):
    help = "Development only: print the current second-factor code of each demo account."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo second factors exist only in development (DEBUG=True).")
        devices = demo_devices()
        if not devices:
            raise CommandError(
                "No demo account has a demo authenticator: run `make run` (or load_demo_content)."
            )
        seconds_left = 30 - int(time.time()) % 30
        for device in devices:
            self.stdout.write(f"{device.user.get_username()}: {device.current_code()}")
        self.stdout.write(f"(valid for {seconds_left} more seconds; each code is accepted once)")
        self.stdout.write(f"To use an authenticator app instead, add: {devices[0].config_url}")
