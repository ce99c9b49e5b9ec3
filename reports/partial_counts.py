"""Partial counts on the dashboard: the beneficiary groups whose women and men were
counted while "other" and the total were left blank.

Such a group says "at least N (other not recorded)" on the delegation page
(BeneficiaryGroup.at_least). The programme figures leave it out of the total (no total,
no sum of all three counts); this adds its women and men to the total, which then reads
"at least N (other not recorded)". Kept apart from reports.programme_figures on purpose:
one aggregate query, the same definition as BeneficiaryGroup.at_least. The dashboard
reads the same sums from the cached counts (figure_counts.other_not_recorded); this is
the recount the tests compare them with.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum

from itinerary.models import BeneficiaryGroup
from reports.figures import Sum as CountSum

# Women and men counted, "other" and the total left blank.
OTHER_NOT_RECORDED = Q(
    total__isnull=True, other__isnull=True, female__isnull=False, male__isnull=False
)


@dataclass(frozen=True)
class OtherNotRecorded:
    groups: int  # groups with women and men counted, "other" and the total blank
    people: int  # their women and men


def beneficiaries_other_not_recorded(delegations: QuerySet) -> OtherNotRecorded:
    """Over the groups met by `delegations` (the figures' scope). One query."""
    sums = BeneficiaryGroup.objects.filter(
        OTHER_NOT_RECORDED, item__delegation__in=delegations.order_by().values("pk")
    ).aggregate(groups=Count("pk"), people=Sum(F("female") + F("male")))
    return OtherNotRecorded(groups=sums["groups"], people=sums["people"] or 0)


def total_at_least(total: CountSum, other: OtherNotRecorded) -> CountSum:
    """The beneficiaries' total with those groups' women and men added: at least."""
    if not other.groups:
        return total
    return CountSum(value=(total.value or 0) + other.people, complete=False)
