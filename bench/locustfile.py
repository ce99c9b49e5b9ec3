"""The load test's workload (Locust): programme staff, managers and one administrator on
the demo data, each logged in once on one of the nodes in LOAD_NODES (comma-separated base
URLs), taken in turn. Run by bench/load_test.py, which starts the two-node stack first.

- Staff (3 in 4 users) browse the delegation list, open the delegation, edit it, open the
  itinerary, search, and submit the report when it is a draft.
- Managers open the dashboard, the report, its review page and its PDF, and approve the
  report when it is submitted (the approved version is rendered by the worker, after the
  approval's response).
- One administrator (LOAD_ADMINS) reopens the report when it is approved, so that the
  review goes round.

While the report is with the managers or approved, the delegation is frozen: the edit page
answers 403 saying why, and a save over another user's newer save is refused (200, the
form again). Both are the right answers and are counted as such, apart from real saves.

Think time: LOAD_THINK="min,max" seconds between a user's clicks (default 2,8: a person
reads a page before the next click); "0,0" measures each request alone with one user.
"""

import itertools
import os
import sys
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.stack.support import FormParser, form_with

NODES = os.environ.get("LOAD_NODES", "http://127.0.0.1:8141").split(",")
DELEGATION = int(os.environ["LOAD_DELEGATION"])
THINK = [float(part) for part in os.environ.get("LOAD_THINK", "2,8").split(",")]
REVIEW = f"/reports/delegations/{DELEGATION}/review/"
_turn = itertools.count()


def action_form(html: str, action: str) -> dict[str, list[str]] | None:
    """The review page's form for `action`, if the page offers it to this user now."""
    parser = FormParser()
    parser.feed(html)
    return next((form for form in parser.forms if form.get("action") == [action]), None)


class ExchangeUser(HttpUser):
    abstract = True
    wait_time = between(*THINK)
    email = ""
    password = ""

    def __init__(self, environment):
        self.host = NODES[next(_turn) % len(NODES)]
        super().__init__(environment)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="log-in page").text
        data = form_with(page, "csrfmiddlewaretoken")
        data.update(username=[self.email], password=[self.password])
        self.client.post(
            "/accounts/login/",
            data,
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="log in",
        )

    def review_action(self, action: str, name: str, **fields: str) -> None:
        """Open the review page; post `action` if it is offered (the report's state
        decides, as other users move it along)."""
        form = action_form(self.client.get(REVIEW, name="review page").text, action)
        if form is None:
            return
        form.update({key: [value] for key, value in fields.items()})
        with self.client.post(
            REVIEW,
            form,
            headers={"Referer": self.host + REVIEW},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # 302 back to the review page: done; or the page again (200) saying another user
            # moved the report first: both are right answers.
            if response.status_code == 302 or (
                response.status_code == 200 and "someone else acted on it first" in response.text
            ):
                response.success()
            else:
                response.failure(f"{action} answered {response.status_code}")


class Staff(ExchangeUser):
    weight = 3
    email = "phss.staff@exchange.example"
    password = "mangrove-ferry-2019"

    @task(4)
    def browse_list(self):
        self.client.get("/delegations/", name="delegation list")
        self.client.get("/delegations/?sort=-start_date&page=1", name="delegation list sorted")

    @task(4)
    def open_delegation(self):
        self.client.get(f"/delegations/{DELEGATION}/", name="delegation page")
        # The page's change history loads after it (htmx, a deferred section), as a
        # browser would ask for it.
        self.client.get(
            f"/visits/delegations/{DELEGATION}/history/latest/",
            headers={"HX-Request": "true"},
            name="delegation page: history",
        )

    @task(1)
    def itinerary(self):
        self.client.get(f"/visits/delegations/{DELEGATION}/itinerary/", name="itinerary")

    @task(2)
    def search(self):
        self.client.get("/search/?q=Nairobi", name="search")

    @task(1)
    def submit(self):
        self.review_action("submit", "submit")

    @task(1)
    def edit(self):
        url = f"/delegations/{DELEGATION}/edit/"
        with self.client.get(url, name="edit page", catch_response=True) as page:
            if page.status_code == 403:  # frozen while reviewed or approved: says why
                page.success()
                return
        data = form_with(page.text, "version")
        data["purpose"] = [f"Load test edit {next(_turn)}"]
        with self.client.post(
            url,
            data,
            headers={"Referer": self.host + url},
            name="edit save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # 302: saved; 200 naming the newer change: another user saved first (refused);
            # 403: the report went to review meanwhile.
            if response.status_code in (302, 403) or (
                response.status_code == 200 and 'name="version"' in response.text
            ):
                response.success()
            else:
                response.failure(f"edit answered {response.status_code}")


class Manager(ExchangeUser):
    weight = 1
    email = "phss.manager@exchange.example"
    password = "coral-reef-ledger-2019"

    @task(3)
    def dashboard(self):
        self.client.get("/reports/", name="dashboard")

    @task(2)
    def report(self):
        self.client.get(f"/reports/delegations/{DELEGATION}/report/", name="report page")

    @task(1)
    def pdf(self):
        self.client.get(f"/reports/delegations/{DELEGATION}/report.pdf", name="report PDF")

    @task(1)
    def approve(self):
        self.review_action("approve", "approve", **{"approve-comment": "Load test approval."})

    @task(2)
    def browse_list(self):
        self.client.get("/delegations/", name="delegation list")


class Administrator(ExchangeUser):
    fixed_count = int(os.environ.get("LOAD_ADMINS", "1"))
    email = "admin@exchange.example"
    password = "baobab-lighthouse-2019"

    @task
    def reopen(self):
        self.review_action("reopen", "reopen", **{"reopen-comment": "Load test: round again."})


if not Administrator.fixed_count:  # LOAD_ADMINS=0: no administrator at all (a fixed
    del Administrator  # count of 0 would let Locust spawn it by weight instead)
