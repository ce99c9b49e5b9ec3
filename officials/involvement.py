"""Which programmes' delegations involve a person (partners.involvement): the apps above
the directory register their paths from their AppConfig.ready()."""

from officials.models import Official
from partners.involvement import Involvement, organisation_involvement

official_involvement = Involvement(Official)


def register_official_involvement(path: str) -> None:
    """`path` leads from an official to a Programme. The person's organisation is involved
    wherever the person is."""
    official_involvement.register(path)
    organisation_involvement.register(f"officials__{path}")
