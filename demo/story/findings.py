"""What came out of the visit: people met, highlights, follow-ups, the report narrative."""

from demo.story.specs import BeneficiarySpec, FollowUpSpec, HighlightSpec
from itinerary.enums import BeneficiaryCategory
from learning.enums import FollowUpStatus, HighlightKind

# --- People met in groups (counts illustrative) -------------------------------------------------

COUNTS_NOTE = "Counts are illustrative: the story gives none."
COAST_COUNTIES = ("mombasa_county", "kwale_county", "kilifi_county")

BENEFICIARIES: tuple[BeneficiarySpec, ...] = (
    BeneficiarySpec(
        "community_engagement",
        BeneficiaryCategory.PROGRAMME_BENEFICIARIES,
        f"PHSS beneficiaries from Mombasa, Kwale and Kilifi. {COUNTS_NOTE}",
        female=7,
        male=9,
        other=0,
        youth=9,
        origins=COAST_COUNTIES,
    ),
    BeneficiarySpec(
        "community_engagement",
        BeneficiaryCategory.SMALL_BUSINESS,
        f"Small business operators from Mombasa, Kwale and Kilifi counties. {COUNTS_NOTE}",
        female=5,
        male=4,
        other=0,
        youth=4,
        origins=COAST_COUNTIES,
    ),
    BeneficiarySpec(
        "community_engagement",
        BeneficiaryCategory.YOUTH_LEADERS,
        f"Youth leaders from Mombasa, Kwale and Kilifi counties. {COUNTS_NOTE}",
        female=4,
        male=6,
        other=0,
        youth=10,
        origins=COAST_COUNTIES,
    ),
)

# --- Highlights and follow-up -------------------------------------------------------------------

ELUNGATA_QUOTE = (
    "We are happy to see people from Mozambique, this time not our Makonde brothers and "
    "sisters who have become our 43rd tribe in Kenya. We share the Indian Ocean. What happens "
    "in Kenya may also happen in Mozambique. Some Kenyans have been recruited to extremism and "
    "attacked inside Kenya using religion as a cover"
)

HIGHLIGHTS: tuple[HighlightSpec, ...] = (
    HighlightSpec(
        HighlightKind.KEY_FIGURE,
        "About 50,000 individuals displaced in Mozambique since the 2017 attacks.",
        speaker="mapure",
    ),
    HighlightSpec(
        HighlightKind.KEY_FIGURE,
        "2014: the PHSS partnership started with the in-depth profiling of 185 amnestied "
        "returnees.",
        item="iom_briefing",
        speaker="paredes",
        topic="reintegration",
    ),
    HighlightSpec(
        HighlightKind.KEY_FIGURE,
        "2017: the partnership was formalised with the Office of the President through the "
        "National Counter Terrorism Centre (NCTC).",
        item="iom_briefing",
        speaker="paredes",
    ),
    HighlightSpec(
        HighlightKind.LESSON,
        "The critical leadership and ownership of the Kenya government made the PHSS successful.",
        item="iom_briefing",
        speaker="paredes",
    ),
    HighlightSpec(
        HighlightKind.OBSERVATION,
        "Community policing and local peace and conflict management go together with "
        "sensitization on human trafficking and confidence building among cross-border "
        "communities and security agencies.",
        item="aps_meeting",
        topic="community-policing",
    ),
    HighlightSpec(
        HighlightKind.QUOTE,
        ELUNGATA_QUOTE,
        item="coast_meeting",
        speaker="elungata",
        topic="cross-border-confidence-building",
    ),
    HighlightSpec(
        HighlightKind.LESSON,
        "Community processes play a critical role: the Mozambican officials saw them as key "
        "to their own programming needs.",
        item="community_engagement",
    ),
)

FOLLOW_UPS: tuple[FollowUpSpec, ...] = (
    FollowUpSpec(
        "Potential follow-up exchange with youth leaders, mentioned by the Mozambican "
        "officials. Owner and date not yet set.",
        FollowUpStatus.PROPOSED,
        item="community_engagement",
        topic="reintegration",
        objective="beyond_humanitarian",
    ),
)

# --- Photos ------------------------------------------------------------------------------------
# The story's photo is credited "Photo: IOM"; its image is not held here, so the demo draws
# a plain placeholder at load time and says so in the caption. (item key, caption, credit)

PHOTOS: tuple[tuple[str, str, str], ...] = (
    (
        "bongwe_visit",
        "The Mozambican delegation at Bongwe Secondary School, upgraded as a PHSS community "
        "project (placeholder image: the original photograph is not held in the demo).",
        "Photo: IOM",
    ),
)

# --- The report narrative (the report stays a draft) --------------------------------------------

REPORT_SUMMARY = (
    "From 22 to 26 July 2019 a delegation from the Province of Cabo Delgado, led by the "
    "Provincial Permanent Secretary Mr António Domingos Mapure, visited Nairobi and the Coast "
    "Region of Kenya, as part of IOM's technical assistance to Mozambique in developing a "
    "comprehensive response to the effects of violent extremism. The Government of Mozambique "
    "sought IOM's assistance and IOM Mozambique arranged the visit, given the good practices "
    "of Kenya's government-led response and its partnership with IOM Kenya for the Programme "
    "for Human Security and Stabilization (PHSS).\n\n"
    "In Nairobi the delegation was briefed by IOM Kenya's Acting Chief of Mission, met H.E. "
    "Lidiba Constantino Lidimba, Mozambique High Commissioner to Kenya, and the office of the "
    "Deputy Inspector General for the Administration Police Service. In the Coast Region it "
    "learned about the Mombasa county action plan on preventing violent extremism, met the "
    "Regional Coordinator, the Assistant Director of Immigration and members of the Regional "
    "Security Committees, visited the Bongwe Secondary School upgrade and the Jitoni Resource "
    "Center, and met PHSS beneficiaries, small business operators and youth leaders from "
    "Mombasa, Kwale and Kilifi. The IOM Mombasa sub-office provided field and logistical "
    "support throughout the Coast field visits."
)
REPORT_KEY_LEARNINGS = (
    "- The leadership and ownership of the government are critical: PHSS grew from the "
    "profiling of 185 amnestied returnees in 2014 to a partnership formalised with the Office "
    "of the President through the NCTC in 2017.\n"
    "- A holistic approach pairs the reintegration of individual returnees with the "
    "revitalization of affected communities, and builds capacity on county action planning, "
    "border security management and information, counselling and referral services (ICRS).\n"
    "- Community policing, local peace and conflict management, sensitization on human "
    "trafficking and confidence building among cross-border communities and security agencies "
    "work together.\n"
    "- Mombasa's county action plan on prevention of violent extremism shows the response "
    "planned at county level.\n"
    "- Community processes are critical for programming that goes beyond humanitarian "
    "assistance, especially with the youth."
)
REPORT_RECOMMENDATIONS = (
    "- Explore a follow-up exchange with youth leaders from the Kenyan Coast.\n"
    "- Build community processes into Cabo Delgado's own programming on the response to "
    "violent extremism."
)
