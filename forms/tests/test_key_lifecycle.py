"""Keys that follow the people: revocation, rotation, member keys renewed at password changes and
resets, the pepper, and what needs the inbox key (issue #14, points 1, 2, 3, 6 and 9)."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from accounts.testing import authenticator_for, unused_code
from forms import vault
from forms.inboxes import (
    ensure_member_key,
    grant_access,
    inbox_private_key,
    open_answers,
    open_with_recovery_key,
    rotate_inbox_key,
    seal_submission,
    unlock_member_key_at_sign_in,
)
from forms.models import Inbox, InboxKeyGrant, MemberKey, Submission
from forms.revocation import reconcile_inbox_grants

from .conftest import PASSWORD, make_user, signed_in

ADMIN = f"/{settings.ADMIN_PATH}"
SUPPORT = f"{ADMIN}/inboxes/support"


def submit(inbox, text):
    inbox.refresh_from_db()  # the form page reads the inbox afresh on every request, as here
    submission, _receipt = seal_submission(inbox, {"situation": text}, [], language="en", urgency="urgent")
    return submission


def inbox_log(inbox, action):
    entries = ModelLogEntry.objects.for_instance(inbox).filter(action=action).order_by("pk")
    return [entry.data for entry in entries]


def text_of(response):
    return response.content.decode()


def keys_of(user, inbox):
    """The inbox's keys as this member opens them with their password (what a sign-in does)."""
    return inbox_private_key(inbox, user, vault.unlock_member_key(user.member_key, PASSWORD))


@pytest.fixture
def colleague(inboxes, support_member):
    """A second support member who holds the key."""
    user = make_user("colleague", ["Support requests"])
    grant_access(
        inboxes["support"],
        support_member,
        vault.unlock_member_key(support_member.member_key, PASSWORD),
        ensure_member_key(user, PASSWORD),
    )
    return user


# 1. Revocation --------------------------------------------------------------------------------------


def test_leaving_the_group_takes_the_grant_at_once_logs_it_and_coming_back_needs_a_new_grant(
    inboxes, support_member, colleague
):
    inbox = inboxes["support"]
    group = Group.objects.get(name="Support requests")
    colleague.groups.remove(group)
    assert not InboxKeyGrant.objects.filter(inbox=inbox, user=colleague).exists()
    assert inbox_log(inbox, "inbox.revoke") == [{"member": "colleague", "reason": "group"}]
    inbox.refresh_from_db()
    assert inbox.rotation_wanted_since is not None

    colleague.groups.add(group)  # back in the group: no key comes with it
    assert not InboxKeyGrant.objects.filter(inbox=inbox, user=colleague).exists()
    page = text_of(signed_in(support_member).get(f"{SUPPORT}/"))
    assert "This inbox needs a new key" in page
    entry = ModelLogEntry.objects.for_instance(inbox).get(action="inbox.revoke")
    assert entry.message == "Inbox key taken from colleague: left the inbox's group"
    row = re.search(r"<tr><td>Colleague Tester</td>.*?</tr>", page, re.S).group(0)
    assert "Needs access" in row and colleague.member_key.fingerprint in row


def test_removal_from_the_group_side_deactivation_and_deletion_each_revoke(
    inboxes, support_member, colleague
):
    inbox = inboxes["support"]
    third = make_user("third", ["Support requests"])
    grant_access(
        inbox,
        support_member,
        vault.unlock_member_key(support_member.member_key, PASSWORD),
        ensure_member_key(third, PASSWORD),
    )

    Group.objects.get(name="Support requests").user_set.remove(third)
    colleague.is_active = False
    colleague.save()
    support_member.delete()

    assert not InboxKeyGrant.objects.filter(inbox=inbox).exclude(user=None).exists()
    reasons = {entry["member"]: entry["reason"] for entry in inbox_log(inbox, "inbox.revoke")}
    assert reasons == {"third": "group", "colleague": "deactivated", "support-member": "deleted"}


def test_the_periodic_reconcile_catches_a_removal_no_signal_saw(inboxes, colleague):
    assert settings.PERIODIC_TASKS["forms.revocation.reconcile_inbox_grants"] <= 3600
    inbox = inboxes["support"]
    # A bulk delete of the membership rows sends no m2m signal (as would a change made in SQL).
    type(colleague).groups.through.objects.filter(user=colleague).delete()
    assert InboxKeyGrant.objects.filter(inbox=inbox, user=colleague).exists()
    assert reconcile_inbox_grants.call() == 1
    assert not InboxKeyGrant.objects.filter(inbox=inbox, user=colleague).exists()
    assert inbox_log(inbox, "inbox.revoke") == [{"member": "colleague", "reason": "reconcile"}]


def test_members_list_shows_each_fingerprint_and_state(inboxes, support_member):
    newcomer = make_user("newcomer", ["Support requests"])
    never_signed_in = make_user("absent", ["Support requests"])
    signed_in(newcomer)  # makes their member key
    page = text_of(signed_in(support_member).get(f"{SUPPORT}/"))

    def row(name):
        return re.search(rf"<tr><td>{name} Tester</td>.*?</tr>", page, re.S).group(0)

    assert "Holds the current key" in row("Support-Member")
    assert support_member.member_key.fingerprint in row("Support-Member")
    assert re.fullmatch(r"([0-9A-F]{4} ){4}[0-9A-F]{4}", support_member.member_key.fingerprint)
    assert "Needs access" in row("Newcomer") and newcomer.member_key.fingerprint in row("Newcomer")
    assert "Give access" in row("Newcomer")
    assert "None: must sign in once" in row("Absent") and "Give access" not in row("Absent")
    assert not MemberKey.objects.filter(user=never_signed_in).exists()


# 2. Rotation ----------------------------------------------------------------------------------------


def test_a_member_rotates_from_the_inbox_page_and_every_request_stays_readable(
    inboxes, support_member, colleague
):
    inbox = inboxes["support"]
    old_fingerprint = inbox.key_fingerprint
    before = submit(inbox, "sent before the first rotation")
    member = signed_in(support_member)
    page = text_of(member.post(f"{SUPPORT}/rotate/", {"key": old_fingerprint}))
    recovery = re.search(r'<code class="recovery-key">([^<]+)</code>', page).group(1)
    inbox.refresh_from_db()
    assert inbox.key_fingerprint != old_fingerprint and inbox.key_fingerprint in page
    assert "Colleague Tester" in page  # holders of the old key hold the new one
    # The same form sent again (a reload) makes no second key behind the shown recovery key's back.
    assert member.post(f"{SUPPORT}/rotate/", {"key": old_fingerprint}).status_code == 302
    assert open_with_recovery_key(inbox, recovery)
    between = submit(inbox, "sent between the rotations")
    inbox.refresh_from_db()
    text_of(member.post(f"{SUPPORT}/rotate/", {"key": inbox.key_fingerprint}))
    after = submit(inbox, "sent after the second rotation")

    # Everything new is sealed to the new key; everything earlier opens through the keyring.
    inbox.refresh_from_db()
    keys = keys_of(colleague, inbox)
    assert vault.open_sealed(keys.current, after.sealed_answers)
    for older in keys.older:
        with pytest.raises(vault.VaultError):
            vault.open_sealed(older, after.sealed_answers)
    for submission, text in [(before, "before the first"), (between, "between"), (after, "after the second")]:
        assert text in text_of(signed_in(colleague).get(f"{SUPPORT}/{submission.pk}/"))
    assert len(inbox.keyring.all()) == 2
    # The recovery key shown after the first rotation no longer opens anything current.
    with pytest.raises(vault.VaultError):
        open_with_recovery_key(inbox, recovery)
    rotations = inbox_log(inbox, "inbox.rotate")
    assert len(rotations) == 2 and rotations[0]["from"] == old_fingerprint
    assert rotations[1]["to"] == inbox.key_fingerprint and rotations[1]["members"] == [
        "colleague",
        "support-member",
    ]


def test_a_revoked_member_with_a_database_copy_and_their_password_reads_nothing_sent_after_the_rotation(
    inboxes, support_member, colleague
):
    inbox = inboxes["support"]
    earlier = submit(inbox, "sent while the colleague was a member")
    # The leaver keeps a copy of the database: their member key row and their grant, and knows their password.
    copy_member_key = MemberKey.objects.get(user=colleague)
    copy_grant = bytes(InboxKeyGrant.objects.get(inbox=inbox, user=colleague).sealed_private_key)

    colleague.groups.clear()
    assert "This inbox needs a new key" in text_of(signed_in(support_member).get(f"{SUPPORT}/"))
    rotate_inbox_key(inbox, keys_of(support_member, inbox), rotated_by=support_member)
    later = submit(inbox, "sent after the rotation")

    their_member_key = vault.unlock_member_key(copy_member_key, PASSWORD)
    their_inbox_key = vault.open_grant(their_member_key, copy_grant)
    assert open_answers(earlier, their_inbox_key)["answers"]["situation"]  # what they could already read
    with pytest.raises(vault.VaultError):
        open_answers(later, their_inbox_key)
    # Nothing in today's database opens with what they hold: no grant, no keyring entry.
    for sealed in [
        *InboxKeyGrant.objects.filter(inbox=inbox).values_list("sealed_private_key", flat=True),
        *inbox.keyring.values_list("sealed_private_key", flat=True),
    ]:
        for key in (their_member_key, their_inbox_key):
            with pytest.raises(vault.VaultError):
                vault.open_sealed(key, bytes(sealed))
    # And the page no longer asks for a rotation.
    assert "This inbox needs a new key" not in text_of(signed_in(support_member).get(f"{SUPPORT}/"))


def test_an_old_key_asks_for_a_rotation(inboxes, support_member, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.INBOX_KEY_MAX_AGE_DAYS = 365
    inbox = inboxes["support"]
    member = signed_in(support_member)
    assert "This inbox needs a new key" not in text_of(member.get(f"{SUPPORT}/"))
    Inbox.objects.filter(pk=inbox.pk).update(key_created_at=timezone.now() - timedelta(days=366))
    assert "the key is older than 365 days" in text_of(member.get(f"{SUPPORT}/"))


def test_the_rotate_command_opens_the_key_with_the_recovery_key(inboxes, support_member, monkeypatch, capsys):
    from forms.inboxes import create_inbox

    support_member.groups.add(Group.objects.get(name="Feedback"))
    Inbox.objects.filter(kind="feedback").delete()
    inbox, recovery = create_inbox("feedback", members=[support_member.member_key])
    before = submit(inbox, "feedback before")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": recovery)
    call_command("rotate_inbox_key", "feedback")
    output = capsys.readouterr().out
    new_recovery = re.search(r"shown only now\):\s+(\S+)", output).group(1)
    inbox.refresh_from_db()
    assert inbox.key_fingerprint in output and "support-member" in output
    assert open_answers(before, open_with_recovery_key(inbox, new_recovery))["answers"]["situation"]
    assert open_answers(before, keys_of(support_member, inbox))["answers"]["situation"] == "feedback before"
    monkeypatch.setattr("getpass.getpass", lambda prompt="": recovery)  # the old one is worthless now
    with pytest.raises(Exception, match="does not open"):
        call_command("rotate_inbox_key", "feedback")


# 3. Member keys ---------------------------------------------------------------------------------------


def test_a_password_change_makes_a_new_member_key_and_moves_the_grants(inboxes, support_member):
    from forms.inboxes import change_member_password

    inbox = inboxes["support"]
    old_key = MemberKey.objects.get(user=support_member)
    old_private = vault.unlock_member_key(old_key, PASSWORD)
    change_member_password(support_member, PASSWORD, "a brand new long password")
    new_key = MemberKey.objects.get(user=support_member)
    assert new_key.fingerprint != old_key.fingerprint
    grant = InboxKeyGrant.objects.get(inbox=inbox, user=support_member)
    with pytest.raises(vault.VaultError):
        vault.open_grant(old_private, grant.sealed_private_key)  # a stolen old key opens nothing now
    new_private = vault.unlock_member_key(new_key, "a brand new long password")
    assert inbox_private_key(inbox, support_member, new_private)
    assert inbox_log(inbox, "inbox.member_key")[0]["fingerprint"] == new_key.fingerprint


def test_after_a_reset_the_member_needs_access_and_a_colleague_gives_it_comparing_the_fingerprint(
    inboxes, support_member, colleague
):
    inbox = inboxes["support"]
    request = submit(inbox, "read again after the reset")
    old_fingerprint = colleague.member_key.fingerprint
    colleague.set_password("reset by email, old one forgotten")  # what a password reset does
    colleague.save()
    from django.test import Client

    from accounts.testing import login_with_second_factor

    reset = login_with_second_factor(Client(), colleague, password="reset by email, old one forgotten")
    colleague.refresh_from_db()
    new_fingerprint = colleague.member_key.fingerprint
    assert new_fingerprint != old_fingerprint
    assert "read again after the reset" not in text_of(reset.get(f"{SUPPORT}/{request.pk}/"))
    assert inbox_log(inbox, "inbox.stale") == [{"member": "colleague", "fingerprint": new_fingerprint}]
    # Their own page shows the fingerprint they read to a colleague.
    assert new_fingerprint in text_of(reset.get(f"{SUPPORT}/"))

    member = signed_in(support_member)
    page = text_of(member.get(f"{SUPPORT}/"))
    row = re.search(r"<tr><td>Colleague Tester</td>.*?</tr>", page, re.S).group(0)
    assert "Needs access" in row and new_fingerprint in row and "Give access" in row
    # A fingerprint that does not match (the key changed since it was compared) gives nothing.
    member.post(f"{SUPPORT}/members/", {"user": colleague.pk, "fingerprint": old_fingerprint})
    assert "read again after the reset" not in text_of(reset.get(f"{SUPPORT}/{request.pk}/"))
    member.post(f"{SUPPORT}/members/", {"user": colleague.pk, "fingerprint": new_fingerprint})
    assert "read again after the reset" in text_of(reset.get(f"{SUPPORT}/{request.pk}/"))
    assert inbox_log(inbox, "inbox.grant")[-1] == {"member": "colleague", "fingerprint": new_fingerprint}


# 6. Key wrapping: moderate limits and the pepper --------------------------------------------------------


def test_production_wraps_member_keys_at_libsodiums_moderate_limits():
    from website.settings import base

    assert base.INBOX_KEY_ARGON2 == "moderate"
    opslimit, memlimit = vault.ARGON2_LIMITS[base.INBOX_KEY_ARGON2]
    assert opslimit >= 3 and memlimit >= 256 * 1024 * 1024


def test_the_pepper_is_needed_to_unwrap_and_a_new_one_is_taken_up_at_sign_in(
    inboxes, support_member, settings
):
    user = make_user("peppered", ["Support requests"])
    settings.INBOX_KEY_PEPPER = "first pepper from the environment"
    private = unlock_member_key_at_sign_in(user, PASSWORD)
    member_key = MemberKey.objects.get(user=user)
    assert member_key.pepper_id == vault.pepper_id("first pepper from the environment")
    # A database thief without the server's pepper cannot test passwords against the wrapped key.
    settings.INBOX_KEY_PEPPER = ""
    with pytest.raises(vault.VaultError):
        vault.unlock_member_key(member_key, PASSWORD)
    stolen = vault.EncryptedMemberKey(
        member_key.public_key,
        member_key.encrypted_private_key,
        member_key.salt,
        member_key.opslimit,
        member_key.memlimit,
        pepper_id="",
    )
    with pytest.raises(vault.VaultError):
        vault.unlock_member_key(stolen, PASSWORD)

    # A new pepper, the old one kept as previous: the next sign-in re-wraps the same key under it.
    settings.INBOX_KEY_PEPPER = "second pepper"
    settings.INBOX_KEY_PREVIOUS_PEPPERS = ["first pepper from the environment"]
    assert unlock_member_key_at_sign_in(user, PASSWORD) == private
    member_key.refresh_from_db()
    assert member_key.pepper_id == vault.pepper_id("second pepper")
    settings.INBOX_KEY_PREVIOUS_PEPPERS = []
    assert vault.unlock_member_key(member_key, PASSWORD) == private


def test_a_missing_pepper_locks_nobody_out_for_good(inboxes, support_member, settings):
    settings.INBOX_KEY_PEPPER = "the pepper in the environment"
    private = unlock_member_key_at_sign_in(support_member, PASSWORD)  # re-wrapped under it
    settings.INBOX_KEY_PEPPER = "a mistyped pepper"  # e.g. a deployment that lost the variable
    assert unlock_member_key_at_sign_in(support_member, PASSWORD) is None  # unlocks nothing…
    grant = InboxKeyGrant.objects.get(inbox=inboxes["support"], user=support_member)
    member_key = MemberKey.objects.get(user=support_member)
    assert bytes(grant.member_public_key) == bytes(member_key.public_key)  # …and replaces nothing
    settings.INBOX_KEY_PREVIOUS_PEPPERS = ["the pepper in the environment"]  # put back
    assert unlock_member_key_at_sign_in(support_member, PASSWORD) == private
    assert inbox_private_key(inboxes["support"], support_member, private)


# 9. What changes what the sender sees needs the key ------------------------------------------------------


@pytest.mark.parametrize("who", ["superuser", "member without the key"])
def test_without_the_key_a_request_can_be_seen_but_not_changed(inboxes, who):
    inbox = inboxes["support"]
    submission = submit(inbox, "only for key holders")
    if who == "superuser":
        user = make_user("root", superuser=True)
    else:
        user = make_user("keyless", ["Support requests"])
    client = signed_in(user)
    page = text_of(client.get(f"{SUPPORT}/{submission.pk}/"))
    assert submission.reference in page and "only for key holders" not in page
    assert 'value="status"' not in page and 'value="erase"' not in page and 'value="assign"' not in page
    for data in [
        {"action": "status", "status": "closed"},
        {"action": "message", "text": "a message the sender would see"},
        {"action": "assign", "assignee": user.pk},
        {"action": "erase", "confirm": submission.reference},
    ]:
        response = client.post(f"{SUPPORT}/{submission.pk}/", data)
        assert (
            response.status_code in (302, 403) and response.get("Location") != f"{SUPPORT}/{submission.pk}/"
        )
    submission = Submission.objects.get(pk=submission.pk)
    assert (submission.status, submission.message_to_sender, submission.assignee) == ("received", None, None)


def test_the_csv_export_asks_for_the_second_factor_again_and_says_where_the_file_goes(
    inboxes, support_member
):
    submit(inboxes["support"], "exported answer")
    member = signed_in(support_member)
    page = member.get(f"{SUPPORT}/export.csv")
    assert page["Content-Type"].startswith("text/html")
    assert "The file is saved in clear on this computer; delete it after use." in text_of(page)
    code = unused_code(authenticator_for(support_member))
    download = member.post(f"{SUPPORT}/export.csv", {"code": code})
    assert download["Content-Type"].startswith("text/csv") and "exported answer" in text_of(download)
    for wrong in (code, "000000"):  # a code is accepted once; a wrong one gives nothing
        refused = member.post(f"{SUPPORT}/export.csv", {"code": wrong})
        assert refused.status_code == 403 and "exported answer" not in text_of(refused)
        assert refused["Content-Type"].startswith("text/html")
    assert len(inbox_log(inboxes["support"], "inbox.export_refused")) == 2
