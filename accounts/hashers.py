"""Django's password hash, at least as costly to guess as the member-key wrapping (forms.vault).

A thief with a database copy attacks whichever of the two is cheaper: the password hash that signs
in, or the argon2id wrapping of the member's inbox key. Django's own Argon2 defaults (time 2,
memory 100 MiB) are below libsodium's *moderate* limits used for the wrapping, so this hasher
matches them: argon2id, 3 passes over 256 MiB, one lane.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class StrongArgon2PasswordHasher(Argon2PasswordHasher):
    # The costs are written into every hash: a hash made with other costs (or by another hasher
    # listed after this one) is re-made with these at the owner's next sign-in.
    time_cost = 3
    memory_cost = 256 * 1024  # KiB
    parallelism = 1
