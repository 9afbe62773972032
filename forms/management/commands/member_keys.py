from django.core.management.base import BaseCommand

from forms import vault
from forms.inboxes import grant_state
from forms.models import InboxKeyGrant, MemberKey


class Command(BaseCommand):
    help = (
        "List each member key: its fingerprint, the pepper that wraps it (current, previous or gone) and "
        "its argon2id limits, and each inbox key it holds. Before dropping a previous pepper, check that no "
        "key still shows it (those members sign in once first, or they will need access again)."
    )

    def handle(self, *args, **options):
        current = vault.pepper_id(vault.current_pepper())
        known = vault.known_peppers()
        for member_key in MemberKey.objects.select_related("user").order_by("user__username"):
            pepper = member_key.pepper_id
            if pepper == current:
                pepper_state = "current pepper" if pepper else "no pepper"
            elif pepper in known:
                pepper_state = "PREVIOUS pepper: re-wrapped at next sign-in"
            else:
                pepper_state = "pepper MISSING: unlocks nothing until it is configured again"
            grants = InboxKeyGrant.objects.filter(user=member_key.user).select_related("inbox")
            inboxes = ", ".join(f"{grant.inbox.kind} ({grant_state(grant, member_key)})" for grant in grants)
            self.stdout.write(
                f"{member_key.user.get_username()}: {member_key.fingerprint}; {pepper_state}; "
                f"argon2id ops {member_key.opslimit}, {member_key.memlimit >> 20} MiB; "
                f"inboxes: {inboxes or 'none'}"
            )
