"""The search page: every kind of result in its group (the first few of each, with how
many there are, "more than 1000" past search.selectors.COUNT_LIMIT), or one kind, page by
page (its first COUNT_LIMIT matches, ranked)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from core.views import ScopedPermissionMixin
from search import selectors
from search.forms import SearchForm
from search.hits import hits
from search.selectors import KINDS_BY_KEY, search_groups, search_page
from search.text import parse_query


class SearchView(ScopedPermissionMixin, TemplateView):
    """Anonymous users are sent to log in; a user who works on no programme gets 403."""

    permission_required = "search.search"
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        form.is_valid()  # a stray "type" is ignored; the query itself is never refused
        text = form.cleaned_data.get("q", "")
        only = form.cleaned_data.get("type", "")
        query = parse_query(text)
        context.update(
            form=form,
            query=query,
            searched="q" in self.request.GET,
            candidates=selectors.GROUP_CANDIDATES,
        )
        if not query:
            return context
        user = self.request.user
        results_url = reverse("search:results")
        if only:
            kind = KINDS_BY_KEY[only]
            page, total, exact = search_page(
                kind=kind, query=query, user=user, number=self.request.GET.get("page")
            )
            groups = [
                {
                    "kind": kind,
                    "hits": hits(kind.key, page.object_list, query.words),
                    "total": total,
                    "exact": exact,
                    "ranked_all": exact,
                }
            ]
            context.update(
                only=kind,
                page_obj=page,
                everything_url=f"{results_url}?{urlencode({'q': query.text})}",
            )
        else:
            groups = [
                {
                    "kind": group.kind,
                    "hits": hits(group.kind.key, group.objects, query.words),
                    "total": group.total,
                    "exact": group.exact,
                    "ranked_all": group.ranked_all,
                    "more_url": f"{results_url}?{urlencode({'q': query.text, 'type': group.kind.key})}"
                    if group.total > len(group.objects)
                    else "",
                }
                for group in search_groups(query=query, user=user)
            ]
        exact = all(group["exact"] for group in groups)
        context.update(
            groups=[group for group in groups if group["total"]],
            # Past a bound: "More than 1000 results", not the sum of bounds and counts.
            total=sum(group["total"] for group in groups)
            if exact
            else max(group["total"] for group in groups if not group["exact"]),
            total_exact=exact,
        )
        return context
