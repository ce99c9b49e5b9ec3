"""Two app nodes, one truth: two gunicorn instances (A and B) on two ports, one Celery
worker, Redis, PostgreSQL and moto's S3 server. What one node did, the other knows:
the session, the file, the form token, the lockout, the version of a row, the approved
report the worker rendered."""

import hashlib
import io
import pickle
import re
from pathlib import Path
from urllib.parse import urljoin

import pypdf
import pytest
import redis
import requests

from tests.factories.learning import png_bytes
from tests.stack.support import (
    REDIS_URL,
    S3_BUCKET,
    empty_bucket,
    form_for_action,
    form_with,
    keys,
    log_in,
    manage,
    s3_env,
    same_pixels,
    stack_env,
    stack_query,
    wait_for,
)

pytestmark = pytest.mark.stack
STAFF = ("phss.staff@exchange.example", "mangrove-ferry-2019")
OTHER_STAFF = ("lmd.staff@exchange.example", "savanna-compass-2019")
MANAGER = ("phss.manager@exchange.example", "coral-reef-ledger-2019")
DEMO_TITLE = "Government of Mozambique officials"


@pytest.fixture(scope="module")
def nodes(stack_database, stack, stack_dir, s3_endpoint):
    """Nodes A and B and a worker, files in the bucket (the demo's copied there from the
    disk by copy_files_to_storage, as a deployment moving to S3 would)."""
    bucket = empty_bucket(s3_endpoint)
    env = stack_env(
        stack_dir,
        LOGIN_FAILURE_LIMIT="3",
        EMAIL_URL=f"filemail:///{stack_dir / 'mail'}",  # the worker's mail, one file each
        **s3_env(s3_endpoint),
    )
    manage(env, "collectstatic", "--noinput", "-v0")
    assert "Copied" in manage(env, "copy_files_to_storage", "--source", str(stack_database))
    stack.worker(env)
    node_a = stack.gunicorn("node-a", 1, env, workers=1)
    node_b = stack.gunicorn("node-b", 2, env, workers=1)
    return node_a, node_b, bucket


def demo_pk() -> int:
    return stack_query(
        "SELECT id FROM delegations_delegation WHERE title LIKE %s", DEMO_TITLE + "%"
    )[0][0]


def post(session, base, path, fields, **kwargs) -> requests.Response:
    url = urljoin(base, path)
    return session.post(
        url, data=fields, headers={"Referer": url}, allow_redirects=False, timeout=120, **kwargs
    )


def test_a_file_uploaded_through_a_downloads_through_b(nodes):
    node_a, node_b, bucket = nodes
    staff = log_in(node_a, *STAFF)
    pk = demo_pk()
    add = f"/visits/delegations/{pk}/attachments/add/"
    fields = form_with(staff.get(urljoin(node_a, add), timeout=60).text, "caption")
    fields.update(kind=["photo"], caption=["Two nodes harbour"], credit=[""])
    picture = png_bytes((640, 480))

    response = post(
        staff, node_a, add, fields, files={"file": ("harbour.png", picture, "image/png")}
    )

    assert response.status_code == 302, response.text[:2000]
    (attachment_id, name), *_ = stack_query(
        "SELECT id, file FROM learning_attachment WHERE caption = %s", "Two nodes harbour"
    )
    assert name in keys(bucket)  # in the bucket, not on node A's disk
    stored = bucket.get_object(Bucket=S3_BUCKET, Key=name)["Body"].read()
    assert same_pixels(stored, picture)  # encoded again without metadata
    download = staff.get(urljoin(node_b, f"/visits/attachments/{attachment_id}/download/"))
    assert download.status_code == 200
    assert download.content == stored
    assert wait_for(lambda: f"{name}.thumb320.jpg" in keys(bucket), timeout=60)  # the worker's
    thumbnail = staff.get(urljoin(node_b, f"/visits/attachments/{attachment_id}/thumbnail/"))
    assert thumbnail.headers["Content-Type"] == "image/jpeg"


def test_a_form_posted_once_to_each_node_saves_once(nodes):
    node_a, node_b, _bucket = nodes
    staff = log_in(node_b, *STAFF)
    fields = form_with(staff.get(urljoin(node_a, "/delegations/new/"), timeout=60).text, "title")
    programme = stack_query("SELECT id FROM partners_programme WHERE code = 'PHSS'")[0][0]
    fields.update(
        title=["Posted to both nodes"],
        programme=[str(programme)],
        sending_countries=["MZ"],
        host_country=["KE"],
        start_date=["2027-03-01"],
        end_date=["2027-03-05"],
    )
    assert fields.get("submission_token", [""])[0], "the form carries a one-time token"

    first = post(staff, node_a, "/delegations/new/", fields)
    second = post(staff, node_b, "/delegations/new/", fields)

    assert first.status_code == 302, first.text[:3000]
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    rows = stack_query(
        "SELECT count(*) FROM delegations_delegation WHERE title = %s", "Posted to both nodes"
    )
    assert rows == [(1,)]


def test_a_lockout_earned_on_a_holds_on_b(nodes):
    node_a, node_b, _bucket = nodes
    for _attempt in range(3):
        session = requests.Session()
        login = urljoin(node_a, "/accounts/login/")
        fields = form_with(session.get(login, timeout=60).text, "csrfmiddlewaretoken")
        fields.update(username=[OTHER_STAFF[0]], password=["not-the-password"])
        post(session, node_a, "/accounts/login/", fields)

    session = requests.Session()
    login = urljoin(node_b, "/accounts/login/")
    fields = form_with(session.get(login, timeout=60).text, "csrfmiddlewaretoken")
    fields.update(username=[OTHER_STAFF[0]], password=[OTHER_STAFF[1]])
    response = post(session, node_b, "/accounts/login/", fields)

    assert response.status_code == 429
    assert "sessionid" not in session.cookies
    # Counted in Redis (REDIS_URL), the store every node shares, not in the database.
    locked = redis.Redis.from_url(REDIS_URL).zrange("exchange:log-in-throttle:locked", 0, -1)
    assert OTHER_STAFF[0].encode() in locked
    assert stack_query("SELECT count(*) FROM axes_accessattempt") == [(0,)]


def test_a_stale_edit_on_b_after_a_save_on_a_is_refused(nodes):
    node_a, node_b, _bucket = nodes
    staff = log_in(node_a, *STAFF)
    pk = demo_pk()
    edit = f"/delegations/{pk}/edit/"
    on_a = form_with(staff.get(urljoin(node_a, edit), timeout=60).text, "version")
    on_b = form_with(staff.get(urljoin(node_b, edit), timeout=60).text, "version")
    assert on_a["version"] == on_b["version"]
    on_a["purpose"] = ["Saved through node A first."]
    on_b["purpose"] = ["Typed on node B meanwhile."]

    saved = post(staff, node_a, edit, on_a)
    refused = post(staff, node_b, edit, on_b)

    assert saved.status_code == 302, saved.text[:3000]
    assert refused.status_code == 200
    assert "Typed on node B meanwhile." in refused.text  # nothing typed is lost
    assert re.search(r"changed|newer|meanwhile", refused.text)
    purpose = stack_query("SELECT purpose FROM delegations_delegation WHERE id = %s", pk)
    assert purpose == [("Saved through node A first.",)]


def mail_saying(folder: Path, text: str) -> str:
    """The mail (a file the worker's file backend wrote) that holds `text`, or ""."""
    files = sorted(folder.glob("*.log")) if folder.exists() else []
    return next((m for m in (f.read_text() for f in files) if text in m), "")


class PdfCache:
    """The report PDFs in the shared Redis, as they were before a test acted."""

    def __init__(self) -> None:
        self.store = redis.Redis.from_url(REDIS_URL)
        self.before = self.keys()

    def keys(self) -> set:
        return set(self.store.scan_iter(match="*report-pdf:*"))

    def laid_out_by_the_worker(self) -> tuple[bytes, bytes]:
        """The one PDF the worker laid out since (waited for), and the same bytes marked
        in Redis (a PDF a node laid out itself would not carry the mark)."""

        def laid_out():
            """the worker laid the report's PDF out into the shared cache"""
            return sorted(self.keys() - self.before)

        (key,) = wait_for(laid_out, timeout=120)
        cached = pickle.loads(self.store.get(key))
        assert cached.startswith(b"%PDF")
        marked = cached + b"%laid out by the worker\n"
        self.store.set(key, pickle.dumps(marked), keepttl=True)
        return cached, marked


def served_pdf(session, node: str, pk: int) -> bytes:
    pdf = session.get(urljoin(node, f"/reports/delegations/{pk}/report.pdf"), timeout=120)
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    return pdf.content


def test_the_pdf_a_page_on_a_links_to_is_laid_out_by_the_worker_and_served_by_b(nodes):
    """The report page on A asks the worker for its PDF (reports.pdf_cache); the worker
    lays it out into Redis; B serves those very bytes (marked here, so a PDF B laid out
    itself would not pass) without WeasyPrint."""
    node_a, node_b, _bucket = nodes
    pk = demo_pk()
    pdfs = PdfCache()
    staff = log_in(node_a, *STAFF)
    page = staff.get(urljoin(node_a, f"/reports/delegations/{pk}/report/"), timeout=60)
    assert page.status_code == 200
    _cached, marked = pdfs.laid_out_by_the_worker()
    assert served_pdf(staff, node_b, pk) == marked


def test_an_edit_saved_on_a_is_laid_out_by_the_worker_before_anyone_asks_for_its_pdf(nodes):
    """An edit committed on A asks the worker for the report's PDF (reports.pdf_cache:
    nobody views a page that links to it here); B then serves the worker's bytes, which
    carry the edit."""
    node_a, node_b, _bucket = nodes
    pk = demo_pk()
    pdfs = PdfCache()
    staff = log_in(node_a, *STAFF)
    edit = f"/delegations/{pk}/edit/"
    fields = form_with(staff.get(urljoin(node_a, edit), timeout=60).text, "version")
    fields["purpose"] = ["Edited on node A, laid out by the worker before the click."]
    saved = post(staff, node_a, edit, fields)
    assert saved.status_code == 302, saved.text[:3000]  # not followed: no page asks
    cached, marked = pdfs.laid_out_by_the_worker()
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(cached)).pages)
    assert "laid out by the worker before the click" in " ".join(text.split())
    assert served_pdf(staff, node_b, pk) == marked


def test_a_report_approved_through_a_is_served_by_b_from_the_version_the_worker_stored(
    nodes, stack_dir
):
    node_a, node_b, bucket = nodes
    pk = demo_pk()
    review = f"/reports/delegations/{pk}/review/"
    staff = log_in(node_a, *STAFF)
    submit = form_for_action(staff.get(urljoin(node_a, review), timeout=60).text, "submit")
    assert post(staff, node_a, review, submit).status_code == 302
    assert stack_query("SELECT status FROM delegations_report WHERE delegation_id = %s", pk) == [
        ("submitted",)
    ]
    manager = log_in(node_a, *MANAGER)
    approve = form_for_action(manager.get(urljoin(node_a, review), timeout=60).text, "approve")
    approve["approve-comment"] = ["Approved through node A."]

    approved = post(manager, node_a, review, approve)

    assert approved.status_code == 302, approved.text[:3000]

    def stored_version():
        """the worker stored the approved version, in the delegation's report language
        (its other languages are stored in the same transaction)"""
        return stack_query(
            "SELECT v.number, s.pdf, s.pdf_sha256 FROM delegations_approvedversion v"
            " JOIN delegations_approvedrendition s ON s.approved_version_id = v.id"
            " JOIN delegations_report r ON r.id = v.report_id"
            " JOIN delegations_delegation d ON d.id = r.delegation_id"
            " WHERE r.delegation_id = %s AND s.language = d.report_language",
            pk,
        )

    ((number, pdf_name, pdf_sha256),) = wait_for(stored_version, timeout=180)
    assert pdf_name in keys(bucket)
    stored = bucket.get_object(Bucket=S3_BUCKET, Key=pdf_name)["Body"].read()
    page = manager.get(urljoin(node_b, f"/reports/delegations/{pk}/report/"), timeout=60)
    assert page.status_code == 200
    assert f"Approved version {number} on" in page.text
    shown = re.search(r'data-testid="pdf-sha256">([0-9a-f]{64})<', page.text)[1]
    pdf = served_pdf(manager, node_b, pk)
    assert hashlib.sha256(pdf).hexdigest() == shown == pdf_sha256
    assert pdf == stored
    sent = wait_for(lambda: mail_saying(stack_dir / "mail", "Report approved:"), timeout=60)
    assert f"To: {STAFF[0]}" in sent


def test_nodes_and_worker_logged_no_error(nodes, stack):
    """Nothing but what the lockout test provoked: the failed log-ins and the lockout."""
    provoked = (
        "WARNING accounts.throttling Log-in throttling: ",
        "Too Many Requests: /accounts/login/",
    )
    problems = stack.problems(expected=provoked)
    assert not problems, "\n".join(problems)
    assert stack_query("SELECT count(*) FROM jobs_taskfailure") == [(0,)]
