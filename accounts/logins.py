"""The one normalisation of log-in addresses.

Postgres' case-insensitive match (UPPER) reads "admın" (dotless i) as "ADMIN", while
Python's casefold and the lockout key did not: a locked account could be logged into
under another spelling, which also cleared its lock. Every place that compares log-in
addresses (the look-up, django-axes' lockout key, a new account's uniqueness) uses
`login_key`: NFKC (full-width letters, the Kelvin sign...), then casefold, without the
surrounding spaces. `User.login_key` stores it, under a unique index.
"""

import unicodedata


def login_key(address: str) -> str:
    return unicodedata.normalize("NFKC", str(address or "")).strip().casefold()
