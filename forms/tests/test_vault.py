"""The sealing module: what opens with which key, and what never does."""

import pytest

from forms import vault


def test_sealed_value_opens_only_with_the_matching_private_key():
    public, private = vault.new_key_pair()
    _other_public, other_private = vault.new_key_pair()
    sealed = vault.seal(public, b"a defender's words")
    assert b"defender" not in sealed
    assert vault.open_sealed(private, sealed) == b"a defender's words"
    with pytest.raises(vault.VaultError):
        vault.open_sealed(other_private, sealed)


def test_tampered_sealed_value_is_refused():
    public, private = vault.new_key_pair()
    sealed = bytearray(vault.seal(public, b"text"))
    sealed[-1] ^= 1
    with pytest.raises(vault.VaultError):
        vault.open_sealed(private, bytes(sealed))


def test_member_key_opens_with_the_password_only():
    protected = vault.new_member_key("correct horse battery staple")
    private = vault.unlock_member_key(protected, "correct horse battery staple")
    assert vault.seal(protected.public_key, b"x")  # the public half matches
    assert vault.open_sealed(private, vault.seal(protected.public_key, b"x")) == b"x"
    with pytest.raises(vault.VaultError):
        vault.unlock_member_key(protected, "wrong password")


def test_grant_gives_the_inbox_key_to_one_member():
    inbox_public, inbox_private = vault.new_key_pair()
    member_public, member_private = vault.new_key_pair()
    _stranger_public, stranger_private = vault.new_key_pair()
    granted = vault.grant(inbox_private, member_public)
    assert vault.open_grant(member_private, granted) == inbox_private
    with pytest.raises(vault.VaultError):
        vault.open_grant(stranger_private, granted)
    assert (
        vault.open_sealed(vault.open_grant(member_private, granted), vault.seal(inbox_public, b"m")) == b"m"
    )


def test_recovery_key_text_round_trips_and_tolerates_typing():
    _public, private = vault.new_key_pair()
    text = vault.format_recovery_key(private)
    assert vault.parse_recovery_key(text) == private
    assert vault.parse_recovery_key(text.lower().replace("-", " ")) == private
    with pytest.raises(vault.VaultError):
        vault.parse_recovery_key("NOT-A-KEY")


def test_session_hold_needs_both_the_cookie_and_the_session():
    _public, private = vault.new_key_pair()
    cookie_key, blob = vault.hold_for_session(private)
    assert private not in blob
    assert vault.release_from_session(cookie_key, blob) == private
    with pytest.raises(vault.VaultError):
        vault.release_from_session(vault.new_secret_key(), blob)


def test_a_keyring_opens_what_any_of_its_keys_sealed_and_nothing_else():
    old_public, old_private = vault.new_key_pair()
    new_public, new_private = vault.new_key_pair()
    _stranger_public, stranger_private = vault.new_key_pair()
    ring = vault.KeyRing(current=new_private, older=[old_private])
    assert vault.open_sealed(ring, vault.seal(old_public, b"before")) == b"before"
    assert vault.open_sealed(ring, vault.seal(new_public, b"after")) == b"after"
    assert bytes(ring) == new_private  # code written for one key gets the current one
    with pytest.raises(vault.VaultError):
        vault.open_sealed(ring, vault.seal(bytes(vault.PrivateKey(stranger_private).public_key), b"x"))


def test_fingerprints_are_short_readable_and_differ_per_key():
    first, _ = vault.new_key_pair()
    second, _ = vault.new_key_pair()
    assert len(vault.fingerprint(first)) == 24 and vault.fingerprint(first) == vault.fingerprint(first)
    assert vault.fingerprint(first) != vault.fingerprint(second)
