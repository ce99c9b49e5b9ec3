"""The load test's workload (Locust): programme staff and managers on the demo data.

Staff (3 in 4 users) browse the delegation list, open the delegation, edit it (a save over
another user's newer save is refused: the right answer, counted as such), open the
itinerary, and search. Managers open the dashboard, the report and its review page.
Each user logs in once, on one of the nodes in LOAD_NODES (comma-separated base URLs),
taken in turn. Run by bench/load_test.py, which starts the two-node stack first.
"""

import itertools
import os
import sys
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.stack.support import form_with

NODES = os.environ.get("LOAD_NODES", "http://127.0.0.1:8141").split(",")
DELEGATION = int(os.environ["LOAD_DELEGATION"])
_turn = itertools.count()


class ExchangeUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
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

    @task(1)
    def itinerary(self):
        self.client.get(f"/visits/delegations/{DELEGATION}/itinerary/", name="itinerary")

    @task(2)
    def search(self):
        self.client.get("/search/?q=Nairobi", name="search")

    @task(1)
    def edit(self):
        url = f"/delegations/{DELEGATION}/edit/"
        form = self.client.get(url, name="edit page").text
        data = form_with(form, "version")
        data["purpose"] = [f"Load test edit {next(_turn)}"]
        with self.client.post(
            url,
            data,
            headers={"Referer": self.host + url},
            name="edit save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # 302: saved; 200 naming the newer change: another user saved first (refused).
            if response.status_code == 302 or (
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
    def review(self):
        self.client.get(f"/reports/delegations/{DELEGATION}/review/", name="review page")

    @task(2)
    def browse_list(self):
        self.client.get("/delegations/", name="delegation list")
