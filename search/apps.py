from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

# pg_trgm's `<%` (word similarity) cut-off, 0.6 by default: "Natonal" is 0.55 like
# "National". Set per connection, so the GIN index still serves the operator.
WORD_SIMILARITY_THRESHOLD = 0.5


def set_word_similarity_threshold(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(WORD_SIMILARITY_THRESHOLD)],
            )


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        connection_created.connect(set_word_similarity_threshold, dispatch_uid="search-trgm")
