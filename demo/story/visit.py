"""The visit: the delegation, its members and support team, objectives and itinerary.

The story gives no times: the itinerary is laid out day by day inside 22–26 July 2019,
in Kenya's local time, and every item is marked illustrative.
"""

from datetime import date

from delegations.enums import MemberRole, SupportRole
from demo.story.specs import DelegationSpec, ItemSpec, ObjectiveSpec, at
from itinerary.enums import CounterpartRole, ItemKind

# --- The delegation -----------------------------------------------------------------------------

DELEGATION_TITLE = (
    "Government of Mozambique officials learn from Kenya on whole-of-society approach to "
    "violent extremism"
)
DELEGATION_START = date(2019, 7, 22)
DELEGATION_END = date(2019, 7, 26)
DELEGATION_DESTINATIONS = ("nairobi", "coast")
DELEGATION_PURPOSE = (
    "Technical assistance to an IOM Member State developing a comprehensive response to the "
    "effects of violent extremism. The delegation wants to learn from Kenya's long experience "
    "of a government-led response and its partnership with IOM Kenya for the Programme for "
    "Human Security and Stabilization (PHSS), and to see how to go beyond humanitarian "
    "assistance for their communities, especially involving the youth."
)
DELEGATION_BACKGROUND = (
    "Mozambique's experience with violent extremism has resulted in the displacement of about "
    "50,000 individuals since the 2017 attacks. Foreign fighters from various countries have "
    "been associated with extremist attacks; some have been detained and are still completing "
    "judicial processes. The Government of Mozambique sought IOM's assistance, and IOM "
    "Mozambique arranged the visit to Kenya given the good practices of the government-led "
    "response to violent extremism and the PHSS partnership with IOM Kenya."
)

DELEGATION = DelegationSpec(
    title=DELEGATION_TITLE,
    sending_countries=("MZ",),
    sending_organisations=("cabo_delgado_government",),
    requested_by="gov_mozambique",
    arranged_by="iom_mozambique",
    host_country="KE",
    host_organisation="iom_kenya",
)

# (official, role) in the order the story lists them.
MEMBERS: tuple[tuple[str, str], ...] = (
    ("mapure", MemberRole.HEAD),
    ("abudala", MemberRole.MEMBER),
    ("correia", MemberRole.MEMBER),
    ("goncalves", MemberRole.MEMBER),
)

# The story says the six provided "field and logistical support"; who did what is the
# demo's choice (the first named as focal point).
SUPPORT_TEAM: tuple[tuple[str, str], ...] = (
    ("fujimura", SupportRole.FOCAL_POINT),
    ("cobrado", SupportRole.LOGISTICS),
    ("nyambu", SupportRole.FIELD_SUPPORT),
    ("mwangi", SupportRole.LOGISTICS),
    ("kabibi", SupportRole.FIELD_SUPPORT),
    ("muruanjama", SupportRole.FIELD_SUPPORT),
)

OBJECTIVES: tuple[ObjectiveSpec, ...] = (
    ObjectiveSpec(
        "beyond_humanitarian",
        "reintegration",
        "See how to go beyond humanitarian assistance for affected communities, especially "
        "involving the youth: reintegration of returnees and revitalization of communities.",
    ),
    ObjectiveSpec(
        "county_plans",
        "county-action-planning",
        "Learn how a county action plan on preventing violent extremism is made and led by "
        "government, as in Mombasa County.",
    ),
    ObjectiveSpec(
        "community_policing",
        "community-policing",
        "Understand how community policing involves communities in security.",
    ),
    ObjectiveSpec(
        "local_peace",
        "local-peace-conflict-management",
        "Learn how local peace and conflict management works at community level.",
    ),
    ObjectiveSpec(
        "cross_border",
        "cross-border-confidence-building",
        "Learn how confidence is built among cross-border communities and security agencies, "
        "including sensitization on human trafficking.",
    ),
    ObjectiveSpec(
        "border_and_icrs",
        "border-security-management",
        "Learn about capacity building on border security management and information, "
        "counselling and referral services (ICRS).",
    ),
)

TIMES_NOTE = "Times are illustrative: the story gives the dates of the visit only."

ITINERARY: tuple[ItemSpec, ...] = (
    ItemSpec(
        "arrival",
        ItemKind.ARRIVAL,
        "Arrival in Nairobi",
        at(22, 10, 30),
        at(22, 11, 30),
        place="nairobi",
        summary=f"The delegation from Cabo Delgado arrives in Nairobi. {TIMES_NOTE}",
    ),
    ItemSpec(
        "iom_briefing",
        ItemKind.BRIEFING,
        "Briefing at IOM Kenya on the PHSS partnership",
        at(22, 14, 30),
        at(22, 16, 30),
        place="nairobi",
        organisations=("iom_kenya",),
        topics=("reintegration", "county-action-planning", "border-security-management", "icrs"),
        objectives=("beyond_humanitarian", "county_plans", "border_and_icrs"),
        counterparts=(("paredes", CounterpartRole.PRESENTER),),
        summary=(
            "IOM Kenya Acting Chief of Mission Mr Ferdinand Paredes gave the historical "
            "evolution of the partnership with the Government of Kenya: from 2014, starting "
            "with the in-depth profiling of 185 amnestied returnees, to the formalization of "
            "the partnership with the Office of the President through the National Counter "
            "Terrorism Centre (NCTC) in 2017. He cited the critical leadership and ownership "
            "of the Kenya government in making the PHSS successful, and IOM's holistic "
            "approaches: reintegration for individual returnees and revitalization of "
            "affected communities, matched with capacity building on county action planning, "
            "border security management, and information, counselling and referral services "
            "(ICRS) to other government and private sector partners."
        ),
    ),
    ItemSpec(
        "courtesy_call",
        ItemKind.COURTESY_CALL,
        "Courtesy call at the High Commission of Mozambique in Kenya",
        at(23, 9, 30),
        at(23, 10, 30),
        place="nairobi",
        organisations=("mz_high_commission",),
        counterparts=(("lidimba", CounterpartRole.HOST),),
        summary="The delegation met H.E. Lidiba Constantino Lidimba, Mozambique High "
        "Commissioner to Kenya.",
    ),
    ItemSpec(
        "aps_meeting",
        ItemKind.MEETING,
        "Meeting with the office of the Deputy Inspector General, Administration Police Service",
        at(23, 14, 0),
        at(23, 16, 0),
        place="nairobi",
        organisations=("aps",),
        topics=(
            "community-policing",
            "local-peace-conflict-management",
            "human-trafficking",
            "cross-border-confidence-building",
        ),
        objectives=("community_policing", "local_peace", "cross_border"),
        counterparts=(
            ("gabow", CounterpartRole.REPRESENTED),
            ("leruk", CounterpartRole.REPRESENTED),
        ),
        summary=(
            "The office of the Kenya Deputy Inspector General for the Administration Police "
            "Service of the National Police Service, represented by Mr Noor Gabow and Dr Mark "
            "Leruk. The discussions focused on the importance of community policing, local "
            "peace and conflict management including sensitizations on human trafficking, and "
            "confidence building among cross-border communities and security agencies."
        ),
    ),
    ItemSpec(
        "flight_to_mombasa",
        ItemKind.TRAVEL,
        "Flight Nairobi to Mombasa",
        at(24, 7, 0),
        at(24, 8, 5),
        origin="nairobi",
        destination="mombasa",
        summary=f"Travel to the Coast Region. {TIMES_NOTE}",
    ),
    ItemSpec(
        "coast_meeting",
        ItemKind.MEETING,
        "Meeting with Coast Region counterparts and the Regional Security Committees",
        at(24, 10, 0),
        at(24, 12, 30),
        place="mombasa",
        organisations=(
            "coast_regional_coordinator",
            "immigration",
            "regional_security_committees",
        ),
        topics=(
            "county-action-planning",
            "cross-border-confidence-building",
            "border-security-management",
        ),
        objectives=("county_plans", "cross_border", "border_and_icrs"),
        counterparts=(
            ("elungata", CounterpartRole.HOST),
            ("muendo", CounterpartRole.PARTICIPANT),
        ),
        summary=(
            "The delegation engaged key Mombasa government and Coast Region counterparts: "
            "Mr John Elungata, Regional Coordinator; Mr Charles Muendo, Assistant Director of "
            "Immigration; and members of the Regional Security Committees. Mr Elungata "
            "welcomed the delegation."
        ),
    ),
    ItemSpec(
        "county_plan",
        ItemKind.BRIEFING,
        "Mombasa county action plan on preventing violent extremism",
        at(24, 14, 0),
        at(24, 16, 0),
        place="mombasa",
        organisations=("mombasa_county_government",),
        topics=("county-action-planning",),
        objectives=("county_plans",),
        summary=(
            "The delegation learned about the Mombasa county action plan on prevention of "
            "violent extremism. Who presented it is not recorded."
        ),
    ),
    ItemSpec(
        "bongwe_visit",
        ItemKind.SITE_VISIT,
        "Site visit: community project upgrading Bongwe Secondary School",
        at(25, 9, 0),
        at(25, 10, 30),
        site="bongwe",
        organisations=("iom_mombasa",),
        topics=("reintegration",),
        objectives=("beyond_humanitarian",),
        summary="A PHSS site: the community project on upgrading of the Bongwe Secondary School.",
    ),
    ItemSpec(
        "jitoni_visit",
        ItemKind.SITE_VISIT,
        "Site visit: Jitoni Resource Center",
        at(25, 11, 15),
        at(25, 12, 30),
        site="jitoni",
        organisations=("iom_mombasa",),
        topics=("reintegration",),
        objectives=("beyond_humanitarian",),
        summary="A PHSS site: the Jitoni Resource Center.",
    ),
    ItemSpec(
        "community_engagement",
        ItemKind.COMMUNITY_ENGAGEMENT,
        "Engagement with PHSS beneficiaries, small business operators and youth leaders",
        at(25, 14, 0),
        at(25, 16, 30),
        site="jitoni",
        organisations=("iom_mombasa",),
        topics=("reintegration",),
        objectives=("beyond_humanitarian",),
        summary=(
            "The delegation interacted with PHSS beneficiaries from Mombasa, Kwale and Kilifi, "
            "and engaged with individual beneficiaries, small business operators and youth "
            "leaders from the counties of Mombasa, Kwale and Kilifi. Where it took place is "
            "not recorded: the demo holds it at the Jitoni Resource Center."
        ),
        outcome=(
            "The Mozambican officials mentioned the potential for a follow-up exchange with "
            "youth leaders and the critical role of community processes for their own "
            "programming needs."
        ),
    ),
    ItemSpec(
        "debrief",
        ItemKind.DEBRIEF,
        "Debrief with the IOM Mombasa sub-office",
        at(26, 9, 0),
        at(26, 10, 30),
        place="mombasa",
        organisations=("iom_mombasa",),
        summary=f"Wrap-up of the Coast field visits. {TIMES_NOTE}",
    ),
    ItemSpec(
        "departure",
        ItemKind.DEPARTURE,
        "Departure from Mombasa",
        at(26, 14, 0),
        at(26, 15, 0),
        place="mombasa",
        summary=f"The delegation leaves Kenya. {TIMES_NOTE}",
    ),
)
