"""The delegation page's sections fold on a phone: each section the contents list is a
<details> sent open (the page reads whole without JavaScript), its summary the section's
title, its anchor inside it so the contents' link leads into it."""

import re

from django.urls import reverse

from delegations.selectors import delegation_sections
from tests.factories.delegations import DelegationFactory


def test_each_listed_section_is_a_fold_sent_open_with_its_title_as_summary(staff_client, programme):
    delegation = DelegationFactory(programme=programme)

    html = staff_client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()

    folds = re.findall(
        r'<details class="page-fold" open data-fold="([\w-]+)">\s*'
        r'<summary class="page-fold-summary">([^<]+)</summary>(.*?)</details>',
        html,
        re.S,
    )
    listed = [s for s in delegation_sections if s.anchor and s.title]
    assert [(anchor, title) for anchor, title, _body in folds] == [
        (s.anchor, str(s.title)) for s in listed
    ]
    start = html.index('<nav class="page-toc')
    toc = html[start : html.index("</nav>", start)]
    for anchor, _title, body in folds:
        assert f'id="{anchor}"' in body  # the section itself is inside its fold
        assert f'href="#{anchor}"' in toc
    # The overview (facts, planning) is never folded.
    assert html.index('id="facts-heading"') < html.index("<details")
