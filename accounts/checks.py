"""`manage.py check --deploy` fails while a demo account, or a key grant to one, is in the database.

The demo member's password and authenticator secret are published (README): a database built in
development and carried into production must not go live with them.
"""

from django.core import checks
from django.db import DatabaseError

DEMO_ACCOUNT = "accounts.E001"
DEMO_GRANT = "accounts.E002"
UNCHECKED = "accounts.I001"


def demo_accounts():
    """Accounts the demo made: the demo inbox member, and any account with the demo authenticator."""
    from django.contrib.auth import get_user_model

    from forms.demo import DEMO_MEMBER

    from .demo import DEMO_DEVICE_NAME, DEMO_TOTP_SECRET
    from .models import SealedTOTPDevice
    from .otp_keys import open_secret

    with_demo_secret = [
        device.user_id
        for device in SealedTOTPDevice.objects.filter(name=DEMO_DEVICE_NAME)
        if open_secret(device.sealed_key) in (None, DEMO_TOTP_SECRET)
    ]
    model = get_user_model()
    return list(
        model.objects.filter(**{model.USERNAME_FIELD: DEMO_MEMBER})
        | model.objects.filter(pk__in=with_demo_secret)
    )


@checks.register(checks.Tags.security, deploy=True)
def no_demo_accounts(app_configs=None, **kwargs):
    from forms.models import InboxKeyGrant

    try:
        accounts = demo_accounts()
        grants = InboxKeyGrant.objects.filter(user__in=accounts).select_related("inbox") if accounts else []
        grants = list(grants)
    except DatabaseError:
        # No database to look in (a build step, or the database is down): say so without failing.
        return [checks.Info("The database could not be searched for demo accounts.", id=UNCHECKED)]
    errors = [
        checks.Error(
            f"The demo account {user.get_username()!r} exists: its password and second factor are published.",
            hint="Delete it (manage.py shell, or the admin's Users) before going live.",
            id=DEMO_ACCOUNT,
        )
        for user in accounts
    ]
    errors += [
        checks.Error(
            f"The demo account {grant.user.get_username()!r} holds the key of the {grant.inbox.kind} inbox.",
            hint="Delete the demo account and rotate that inbox's key, or make the inbox again.",
            id=DEMO_GRANT,
        )
        for grant in grants
    ]
    return errors
