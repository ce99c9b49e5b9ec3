"""The production stack as `make serve` starts it (bin/serve: migrate, collectstatic,
honcho running the Procfile's gunicorn, Celery worker and beat), DEBUG off, on PostgreSQL and
Redis, walked as each role: every main page, the PDF and the exports. Status codes,
security headers, hashed static files, and not one error or warning in any log."""

import hashlib
import re
import time
from email.header import decode_header, make_header
from urllib.parse import urljoin

import pytest
import requests

from tests.stack.support import (
    HONCHO_PREFIX,
    ROOT,
    FormParser,
    form_with,
    log_in,
    port,
    stack_env,
    wait_for,
    wait_until_up,
)

pytestmark = pytest.mark.stack
STAFF = ("phss.staff@exchange.example", "mangrove-ferry-2019")
MANAGER = ("phss.manager@exchange.example", "coral-reef-ledger-2019")
ADMIN = ("admin@exchange.example", "baobab-lighthouse-2019")
OTHER_STAFF = ("lmd.staff@exchange.example", "savanna-compass-2019")
HTML_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HASHED_STATIC = re.compile(r"""(?:href|src)="(/static/[^"]+)\"""")


@pytest.fixture(scope="module")
def served(stack_database, stack, stack_dir):
    """bin/serve on port STACK_PORT_BASE, every list export above 0 rows on the worker."""
    env = stack_env(
        stack_dir,
        PORT=str(port(0)),
        WEB_CONCURRENCY="2",
        EXPORT_INLINE_LIMIT="0",
        MEDIA_ROOT=str(stack_database),
        CELERY_BEAT_SCHEDULE_FILENAME=str(stack_dir / "celerybeat-schedule"),
    )
    process = stack.start("serve", [str(ROOT / "bin" / "serve")], env)
    url = f"http://127.0.0.1:{port(0)}"
    wait_until_up(f"{url}/health/", process, timeout=180)
    return url


def test_serve_runs_beat_with_the_schedule(served, stack, stack_dir):
    """Beat, started by the Procfile, keeps its schedule where the settings say."""
    serve = next(process for process in stack.processes if process.name == "serve")
    assert wait_for(lambda: list(stack_dir.glob("celerybeat-schedule*")), timeout=60)
    assert "beat.1 started (pid=" in serve.output()
    assert "beat.1 stopped" not in serve.output()


def get(session: requests.Session, base: str, path: str, status: int = 200) -> requests.Response:
    response = session.get(urljoin(base, path), timeout=120, allow_redirects=False)
    assert response.status_code == status, f"{path}: {response.status_code}"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", path
    return response


def page(session, base, path, status=200) -> str:
    response = get(session, base, path, status)
    for header, value in HTML_HEADERS.items():
        assert response.headers.get(header) == value, f"{path}: {header}"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"], path
    assert response.headers["Content-Type"].startswith("text/html"), path
    return response.text


def delegation_id(session, base) -> int:
    return int(re.search(r'href="/delegations/(\d+)/"', page(session, base, "/delegations/"))[1])


def check_static(session, base, html: str, seen: set) -> None:
    """Every stylesheet and script is the collected, hashed copy, served with a long cache."""
    for path in set(HASHED_STATIC.findall(html)) - seen:
        seen.add(path)
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", path), f"not a hashed static name: {path}"
        response = get(session, base, path)
        assert "max-age=315360000" in response.headers.get("Cache-Control", ""), path


def export(session, base, path, content_type: str) -> bytes:
    response = get(session, base, path)
    assert response.headers["Content-Type"].startswith(content_type), path
    assert response.headers["Content-Disposition"].startswith("attachment"), path
    return response.content


def export_through_worker(session, base, path: str) -> bytes:
    """A list export: the page of the job the worker runs, then its file."""
    job_page = get(session, base, path, status=302).headers["Location"]
    assert re.fullmatch(r"/jobs/exports/[0-9a-f-]{36}/", job_page), job_page

    def ready():
        """the export's page offers its download"""
        html = page(session, base, job_page)
        found = re.search(r'href="(/jobs/exports/[^"]+/download/)"', html)
        return found and found[1]

    download = wait_for(ready, timeout=120, step=1)
    return get(session, base, download).content


def test_production_stack_serves_every_main_page_to_each_role(served, stack):
    base = served
    seen_static: set[str] = set()
    anonymous = requests.Session()
    assert (
        get(anonymous, base, "/delegations/", 302)
        .headers["Location"]
        .startswith("/accounts/login/")
    )
    check_static(anonymous, base, page(anonymous, base, "/accounts/login/"), seen_static)

    staff = log_in(base, *STAFF)
    pk = delegation_id(staff, base)
    main_pages = [
        "/delegations/",
        "/delegations/?status=confirmed&sort=-start_date",
        "/delegations/?page=1",
        f"/delegations/{pk}/",
        f"/visits/delegations/{pk}/itinerary/",
        "/visits/topics/",
        "/officials/",
        "/partners/organisations/",
        "/search/?q=Nairobi",
        "/search/?q=nctc",
        "/reports/",
        f"/reports/delegations/{pk}/report/",
    ]
    for path in [*main_pages, f"/delegations/{pk}/edit/", "/delegations/new/"]:
        check_static(staff, base, page(staff, base, path), seen_static)
    official = re.search(r'href="(/officials/\d+/)"', page(staff, base, "/officials/"))[1]
    organisation = re.search(
        r'href="(/partners/organisations/\d+/)"', page(staff, base, "/partners/organisations/")
    )[1]
    page(staff, base, official)
    page(staff, base, organisation)
    detail = page(staff, base, f"/delegations/{pk}/")
    for photo in sorted(set(re.findall(r'src="(/visits/attachments/\d+/thumbnail/)"', detail))):
        assert get(staff, base, photo).headers["Content-Type"] == "image/jpeg"

    pdf = get(staff, base, f"/reports/delegations/{pk}/report.pdf")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 5000
    assert export(staff, base, f"/reports/delegations/{pk}/itinerary.ics", "text/calendar")
    assert export(staff, base, f"/reports/delegations/{pk}/export.xlsx", "application/vnd")
    assert b"Delegation" in export(staff, base, "/reports/follow-ups.csv", "text/csv")
    csv_file = export_through_worker(staff, base, "/reports/delegations.csv")
    assert b"Government of Mozambique officials" in csv_file
    xlsx_file = export_through_worker(staff, base, "/reports/delegations.xlsx")
    assert xlsx_file.startswith(b"PK")

    manager = log_in(base, *MANAGER)
    for path in [*main_pages, f"/reports/delegations/{pk}/review/"]:
        page(manager, base, path)
    page(manager, base, f"/delegations/{pk}/edit/", status=403)
    assert get(manager, base, f"/reports/delegations/{pk}/report.pdf").content.startswith(b"%PDF")

    other = log_in(base, *OTHER_STAFF)
    for path in ["/delegations/", "/officials/", "/reports/", "/search/?q=Nairobi"]:
        assert "Government of Mozambique officials" not in page(other, base, path)
    page(other, base, f"/delegations/{pk}/", status=404)
    get(other, base, f"/reports/delegations/{pk}/report.pdf", status=404)

    admin = log_in(base, *ADMIN)
    for path in [
        "/admin/",
        "/admin/delegations/delegation/",
        f"/admin/delegations/delegation/{pk}/change/",
        "/admin/jobs/taskfailure/",
        "/admin/jobs/exportjob/",
        "/delegations/",
        f"/delegations/{pk}/",
        "/reports/",
    ]:
        html = page(admin, base, path)
        check_static(admin, base, html, seen_static)
    assert "0 failed jobs" in page(admin, base, "/admin/jobs/taskfailure/")

    time.sleep(1)  # the last access lines reach the log files
    problems = stack.problems(expected=provoked(pk))
    assert not problems, "\n".join(problems)


def provoked(pk: int) -> tuple[str, ...]:
    """The refusals the walk above provokes on purpose."""
    return (
        f"Forbidden (Permission denied): /delegations/{pk}/edit/",
        f"Not Found: /delegations/{pk}/",
        f"Not Found: /reports/delegations/{pk}/report.pdf",
    )


def post_form(session, base, path: str, action: str, **extra) -> requests.Response:
    """Post the page's form whose `action` field is `action`, as a browser would."""
    parser = FormParser()
    parser.feed(page(session, base, path))
    [fields] = [f for f in parser.forms if f.get("action") == [action]]
    fields.update({name: [value] for name, value in extra.items()})
    url = urljoin(base, path)
    response = session.post(url, data=fields, headers={"Referer": url}, timeout=120)
    assert response.status_code in (200, 302), f"{path} {action}: {response.status_code}"
    return response


def mail_subjects(output: str) -> list[str]:
    """The subjects of the messages the console mail backend printed, unfolded, decoded."""
    encoded: list[str] = []
    folding = False
    for line in (HONCHO_PREFIX.sub("", line) for line in output.splitlines()):
        if line.startswith("Subject: "):
            encoded.append(line[len("Subject: ") :])
            folding = True
        elif folding and line[:1] in (" ", "\t"):
            encoded[-1] += line
        else:
            folding = False
    return [str(make_header(decode_header(subject))) for subject in encoded]


def test_approval_stores_every_language_on_the_worker_and_mails_each_in_their_language(
    served, stack
):
    """Runs after the walk above (it locks the demo delegation). The staff member reads
    Portuguese; the manager left the language unset. Submitting from a Portuguese page
    mails the manager in English; approving from an English page mails the author in
    Portuguese; the worker stores the approved report in the three languages, and each
    hash shown matches the PDF served."""
    base = served
    staff = log_in(base, *STAFF)
    pk = delegation_id(staff, base)
    setlang = form_with(page(staff, base, "/delegations/"), "next")
    setlang.update(language=["pt"], next=["/delegations/"])
    staff.post(urljoin(base, "/i18n/setlang/"), data=setlang, timeout=30)
    review = f"/reports/delegations/{pk}/review/"
    post_form(staff, base, review, "submit")
    manager = log_in(base, *MANAGER)
    post_form(manager, base, review, "approve", **{"approve-comment": "Bem documentado."})

    def stored():
        """the worker stored the approved version"""
        return 'data-testid="pdf-sha256"' in page(
            manager, base, f"/reports/delegations/{pk}/report/"
        )

    wait_for(stored, timeout=300, step=2)
    for language in ("en", "pt", "fr"):
        html = page(manager, base, f"/reports/delegations/{pk}/report/?lang={language}")
        shown = re.search(r'data-testid="pdf-sha256">([0-9a-f]{64})<', html)[1]
        pdf = get(manager, base, f"/reports/delegations/{pk}/report.pdf?lang={language}")
        assert hashlib.sha256(pdf.content).hexdigest() == shown, language

    process = next(p for p in stack.processes if p.name == "serve")
    subjects = mail_subjects(process.output())
    assert any(s.startswith("[Exchange] Report submitted: ") for s in subjects), subjects
    assert any(s.startswith("[Exchange] Relatório aprovado: ") for s in subjects), subjects
    # The console mail backend prints from the worker, whose output Celery logs as warnings.
    problems = stack.problems(expected=(*provoked(pk), "celery.redirected"))
    assert not problems, "\n".join(problems)
