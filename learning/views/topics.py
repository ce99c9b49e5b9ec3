"""Topic pages: every topic with what delegations did about it, and one topic's page —
the delegations that set out to learn about it, the meetings and visits that covered it,
the lessons and quotes recorded on it and the follow-ups it led to, newest first.

A topic is named in its URL by slug or by primary key (`learning:topic-detail` reverses
with either); what delegations did is limited to the user's scope.
"""

from django.http import Http404
from django.urls import path, register_converter, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from core.views import ScopedPermissionMixin
from itinerary.models import Topic
from learning.selectors import topic_by_pk_or_slug, topic_sections, topics_with_counts

VIEW_TOPICS = "itinerary.view_topics"


class TopicConverter:
    """A topic's slug or its primary key: `topics/community-policing/` or `topics/3/`."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(getattr(value, "slug", value))


register_converter(TopicConverter, "topic")


class TopicListView(ScopedPermissionMixin, ListView):
    permission_required = VIEW_TOPICS
    template_name = "learning/topic_list.html"
    context_object_name = "topics"

    def get_scope(self):
        return topics_with_counts(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [(_("Topics"), "")]
        return context


class TopicDetailView(ScopedPermissionMixin, DetailView):
    permission_required = VIEW_TOPICS
    template_name = "learning/topic_detail.html"
    context_object_name = "topic"
    slug_url_kwarg = "topic"

    def get_scope(self):
        return Topic.objects.all()

    def get_object(self, queryset=None):
        if not hasattr(self, "_topic"):
            self._topic = topic_by_pk_or_slug(self.kwargs["topic"])
        if self._topic is None:
            raise Http404(_("No such topic."))
        return self._topic

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["regions"] = topic_sections.bind_regions(
            self.object, user=self.request.user, params=self.request.GET
        )
        context["crumbs"] = [(_("Topics"), reverse("learning:topic-list")), (self.object.name, "")]
        return context


urlpatterns = [
    path("topics/", TopicListView.as_view(), name="topic-list"),
    path("topics/<topic:topic>/", TopicDetailView.as_view(), name="topic-detail"),
]
