"""Adding a site or a topic: a page, or a form opened in place from their search."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView

from core.views import InPlaceCreateMixin, ScopedPermissionMixin, ServiceFormMixin
from itinerary.forms.directory import SiteForm, TopicForm
from itinerary.models import Site, Topic
from itinerary.services import site_save, topic_create


class DirectoryCreateView(ScopedPermissionMixin, InPlaceCreateMixin, ServiceFormMixin, CreateView):
    template_name = "itinerary/directory_form.html"

    def get_success_url(self):
        return self.next_url() or reverse("core:home")


class SiteCreateView(DirectoryCreateView):
    permission_required = "itinerary.create_site"
    form_class = SiteForm
    action_label = _("Add a site")
    success_message = _("%(name)s was added to the sites.")

    def get_scope(self):
        return Site.objects.all()

    def perform(self, form):
        return site_save(site=form.instance, actor=self.request.user)


class TopicCreateView(DirectoryCreateView):
    permission_required = "itinerary.create_topic"
    form_class = TopicForm
    action_label = _("Add a topic")
    success_message = _("%(name)s was added to the topics.")

    def get_scope(self):
        return Topic.objects.all()

    def perform(self, form):
        return topic_create(topic=form.instance, actor=self.request.user)


urlpatterns = [
    path("sites/new/", SiteCreateView.as_view(), name="site-create"),
    path("topics/new/", TopicCreateView.as_view(), name="topic-create"),
]
