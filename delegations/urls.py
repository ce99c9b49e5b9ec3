"""URLs of the delegations namespace; each views module lists its own patterns."""

from delegations.views import delegation, legs, team

app_name = "delegations"

urlpatterns = [*delegation.urlpatterns, *team.urlpatterns, *legs.urlpatterns]
