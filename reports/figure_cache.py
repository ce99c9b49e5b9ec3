"""The dashboard's programme figures, kept in the cache per programme and refreshed by the
worker when the rows they count change.

Why per programme: a user's figures are those of the programmes they work on (all of them
for an administrator), and the counts of several programmes add up
(`reports.figure_counts`). So one entry per programme serves everyone who works on it,
composed on each view.

**The entry** `dashboard-figures:1:<programme id>`: `{"counts": {year: ...}, "computed_at":
datetime, "generation": int}`, in the default cache (Redis in production, shared by
every app node and the worker; a per-process cache with `make run`).

**Writes.** Every service write of a counted row (a delegation, its members, items,
counterparts, beneficiary groups and follow-ups; an official's sex) leaves a history row;
`record_change` (simple-history's `post_create_historical_record`) notes what it touched
in the transaction's `Changes`, one object per transaction, run once it commits. Then the
programmes concerned are read (one query), their generation counter
(`dashboard-figures:1:<id>:generation`) is bumped and `reports.tasks.
refresh_programme_figures` is queued: the worker counts them again, or the committing
request does when tasks run eagerly (`make run`, the tests). A transaction that rolls back
queues nothing.

**Reads** (`programme_counts`): one `get_many`. An entry counted before its programme's
generation moved is shown with its time ("figures as of 08:01") while the worker
catches up; an entry older than `DASHBOARD_FIGURES_MAX_AGE` is shown once more and
refreshed in the background (writes that bypass the services, such as an erasure's bulk
update or an SQL import, are thus counted within that time). A missing entry (first view,
cache flushed) is counted during the view and stored with `cache.add`, so it never
replaces what the worker stored. Inside a transaction that has changed counted rows but
not committed yet, the programmes it touched are counted live and not stored.

**Several processes.** Two refreshes of one programme may overlap: each reads the
generation before counting and never overwrites an entry of a higher generation, and one
that finds its generation already counted does nothing (a burst of writes costs one
count, not one per write).
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.services import commit_batch, gather_until_commit
from delegations.models import Delegation, DelegationMember
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem
from learning.models import FollowUp
from officials.models import Official
from partners.models import Programme
from reports.figure_counts import count_programmes

KEY = "dashboard-figures:1:{}"
GENERATION = KEY + ":generation"
QUEUED = KEY + ":refresh-queued"
ENTRY_TIMEOUT = 7 * 24 * 3600  # entries of programmes nobody views go away


# --- What a transaction changed ------------------------------------------------------------------


def _touched(instance, history_type: str) -> tuple[str, int] | None:
    """(kind, id) of what a history row says changed, for the counts: a delegation, an
    item (its counterparts and groups) or an official (their sex: edits only)."""
    if isinstance(instance, Delegation):
        return "delegation", instance.pk
    if isinstance(instance, DelegationMember | ItineraryItem | FollowUp):
        return "delegation", instance.delegation_id
    if isinstance(instance, Counterpart | BeneficiaryGroup):
        return "item", instance.item_id
    if isinstance(instance, Official) and history_type == "~":
        return "official", instance.pk
    return None


class Changes:
    """The counted rows one transaction touched; called once it commits."""

    def __init__(self) -> None:
        self.refs: dict[str, set[int]] = {"delegation": set(), "item": set(), "official": set()}
        self.done = False

    def programmes(self) -> set[int]:
        """The programmes of what was touched, now or before (a delegation moved to
        another programme, a deleted one: their history rows say): one query."""
        delegations, items, officials = (self.refs[kind] for kind in self.refs)
        history = Delegation.history.model.objects
        # Each part filters on an indexed id (an OR across subqueries would scan).
        parts = []
        if delegations:
            parts += [
                Delegation.objects.filter(pk__in=delegations),
                history.filter(id__in=delegations),
            ]
        if items:
            item_history = ItineraryItem.history.model.objects.filter(id__in=items)
            parts += [
                Delegation.objects.filter(
                    pk__in=ItineraryItem.objects.filter(pk__in=items).values("delegation")
                ),
                history.filter(id__in=item_history.values("delegation_id")),
            ]
        if officials:
            members = DelegationMember.objects.filter(official__in=officials)
            met = Counterpart.objects.filter(official__in=officials)
            parts += [
                Delegation.objects.filter(pk__in=members.values("delegation")),
                Delegation.objects.filter(pk__in=met.values("item__delegation")),
            ]
        if not parts:
            return set()
        first, *rest = (part.order_by().values_list("programme_id", flat=True) for part in parts)
        return set(first.union(*rest))

    def __call__(self) -> None:
        self.done = True
        if any(self.refs.values()):
            queue_refresh(self.programmes())


def record_change(sender, instance, history_instance, **kwargs) -> None:
    """simple-history's post_create_historical_record: note what the counts must see."""
    touched = _touched(instance, history_instance.history_type)
    if touched is None or touched[1] is None:
        return
    kind, ref = touched
    gather_until_commit(Changes, lambda changes: changes.refs[kind].add(ref))


# --- The cache --------------------------------------------------------------------------------


def _generations(ids) -> dict[int, int]:
    found = cache.get_many([GENERATION.format(pid) for pid in ids])
    return {pid: found.get(GENERATION.format(pid)) or 0 for pid in ids}


def _bump(pid: int) -> None:
    key = GENERATION.format(pid)
    try:
        cache.incr(key)
    except ValueError:  # no counter yet (or evicted)
        if not cache.add(key, 1, timeout=None):
            cache.incr(key)


def queue_refresh(programme_ids, *, force: bool = False) -> None:
    """Mark the programmes' entries outdated and have them counted again (by the worker;
    right away when tasks run eagerly)."""
    from reports.tasks import refresh_programme_figures

    ids = sorted(programme_ids)
    if not ids:
        return
    if not force:
        for pid in ids:
            _bump(pid)
    refresh_programme_figures.delay(ids, force=force)


def _entry(counts: dict, generation: int, computed_at: datetime.datetime) -> dict:
    return {"counts": counts, "generation": generation, "computed_at": computed_at}


def refresh(programme_ids=None, *, force: bool = False) -> list[int]:
    """Count the programmes again (every programme when None) and store their entries;
    those already counted at their current generation are skipped unless `force`.
    Returns the programmes counted."""
    if programme_ids is None:
        programme_ids = Programme.objects.values_list("pk", flat=True)
    ids = list(programme_ids)
    generations = _generations(ids)
    if not force:
        stored = cache.get_many([KEY.format(pid) for pid in ids])
        ids = [
            pid
            for pid in ids
            if stored.get(KEY.format(pid), {}).get("generation", -1) < generations[pid]
        ]
    if not ids:
        return []
    counted = count_programmes(ids)
    computed_at = timezone.now()
    stored = cache.get_many([KEY.format(pid) for pid in ids])  # again, just before writing
    for pid in ids:
        if stored.get(KEY.format(pid), {}).get("generation", -1) > generations[pid]:
            continue  # a later refresh got there first
        cache.set(
            KEY.format(pid),
            _entry(counted[pid], generations[pid], computed_at),
            timeout=ENTRY_TIMEOUT,
        )
    for pid in ids:
        cache.delete(QUEUED.format(pid))
    return ids


class ProgrammeCounts:
    """What `programme_counts` read: the counts per programme, since when, and whether a
    newer count is on its way."""

    def __init__(self, counts: dict[int, dict], as_of: datetime.datetime, updating: bool):
        self.counts = counts
        self.as_of = as_of
        self.updating = updating


def programme_counts(programme_ids) -> ProgrammeCounts:
    """The counts of the programmes, from the cache; see the module's docstring."""
    ids = list(programme_ids)
    now = timezone.now()
    found = cache.get_many(
        [KEY.format(pid) for pid in ids] + [GENERATION.format(pid) for pid in ids]
    )
    entries = {pid: found[KEY.format(pid)] for pid in ids if KEY.format(pid) in found}
    generations = {pid: found.get(GENERATION.format(pid)) or 0 for pid in ids}

    pending = commit_batch(Changes, create=False)
    live = pending.programmes() & set(ids) if pending and any(pending.refs.values()) else set()
    missing = {pid for pid in ids if pid not in entries} - live
    counted = count_programmes(live | missing) if live or missing else {}
    for pid in missing:
        cache.add(KEY.format(pid), _entry(counted[pid], generations[pid], now), ENTRY_TIMEOUT)

    max_age = datetime.timedelta(seconds=settings.DASHBOARD_FIGURES_MAX_AGE)
    cached = {pid: entry for pid, entry in entries.items() if pid not in live}
    old = [pid for pid, entry in cached.items() if now - entry["computed_at"] > max_age]
    outdated = [pid for pid, entry in cached.items() if entry["generation"] < generations[pid]]
    queued = [
        pid for pid in old if cache.add(QUEUED.format(pid), 1, timeout=int(max_age.total_seconds()))
    ]
    if queued:
        queue_refresh(queued, force=True)
    return ProgrammeCounts(
        counts={pid: counted[pid] if pid in counted else cached[pid]["counts"] for pid in ids},
        as_of=min([entry["computed_at"] for entry in cached.values()], default=now),
        updating=bool(old or outdated),
    )
