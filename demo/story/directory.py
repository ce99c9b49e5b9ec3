"""Who and where: places, organisations, programmes, demo users, officials, topics, sites."""

from demo.story.specs import (
    OfficialSpec,
    OrganisationSpec,
    PlaceSpec,
    ProgrammeSpec,
    SiteSpec,
    TopicSpec,
    UserSpec,
)
from itinerary.enums import SiteKind
from officials.enums import Honorific
from partners.enums import OrganisationKind, ProgrammeRole
from places.enums import PlaceKind

# --- Places -------------------------------------------------------------------------------------

PLACES: tuple[PlaceSpec, ...] = (
    PlaceSpec("kenya", "Kenya", PlaceKind.COUNTRY, "KE"),
    PlaceSpec("nairobi", "Nairobi", PlaceKind.CITY, "KE", "kenya"),
    PlaceSpec("coast", "Coast Region", PlaceKind.REGION, "KE", "kenya"),
    PlaceSpec("mombasa_county", "Mombasa County", PlaceKind.COUNTY, "KE", "coast"),
    PlaceSpec("kwale_county", "Kwale County", PlaceKind.COUNTY, "KE", "coast"),
    PlaceSpec("kilifi_county", "Kilifi County", PlaceKind.COUNTY, "KE", "coast"),
    PlaceSpec("mombasa", "Mombasa", PlaceKind.CITY, "KE", "mombasa_county"),
    PlaceSpec("mozambique", "Mozambique", PlaceKind.COUNTRY, "MZ"),
    PlaceSpec("maputo", "Maputo", PlaceKind.CITY, "MZ", "mozambique"),
    PlaceSpec("cabo_delgado", "Cabo Delgado", PlaceKind.PROVINCE, "MZ", "mozambique"),
    PlaceSpec("pemba", "Pemba", PlaceKind.CITY, "MZ", "cabo_delgado"),
)

# --- Organisations (parents before children) ----------------------------------------------------

ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec(
        "iom",
        "International Organization for Migration",
        OrganisationKind.INTERNATIONAL,
        "",
        acronym="IOM",
        website="https://www.iom.int/",
        notes="International body: no country.",
    ),
    OrganisationSpec(
        "iom_kenya",
        "IOM Kenya",
        OrganisationKind.INTERNATIONAL,
        "KE",
        place="nairobi",
        parent="iom",
        notes="IOM's country office in Kenya; partner of the Government of Kenya for PHSS.",
    ),
    OrganisationSpec(
        "iom_mombasa",
        "IOM Mombasa sub-office",
        OrganisationKind.INTERNATIONAL,
        "KE",
        place="mombasa",
        parent="iom_kenya",
        notes="Provided field and logistical support during the Coast field visits.",
    ),
    OrganisationSpec(
        "iom_mozambique",
        "IOM Mozambique",
        OrganisationKind.INTERNATIONAL,
        "MZ",
        place="maputo",
        parent="iom",
        notes="Arranged the July 2019 visit to Kenya.",
    ),
    OrganisationSpec(
        "gov_mozambique",
        "Government of Mozambique",
        OrganisationKind.GOVERNMENT,
        "MZ",
        place="maputo",
        notes="Sought IOM's assistance for a comprehensive response to violent extremism.",
    ),
    OrganisationSpec(
        "cabo_delgado_government",
        "Cabo Delgado Provincial Government",
        OrganisationKind.GOVERNMENT,
        "MZ",
        place="pemba",
    ),
    OrganisationSpec(
        "mz_high_commission",
        "High Commission of Mozambique in Kenya",
        OrganisationKind.DIPLOMATIC,
        "MZ",
        place="nairobi",
        notes="A diplomatic mission belongs to the country it represents.",
    ),
    OrganisationSpec(
        "gov_kenya",
        "Government of Kenya",
        OrganisationKind.GOVERNMENT,
        "KE",
        place="nairobi",
        notes="Leads the response to violent extremism; PHSS partner since 2014.",
    ),
    OrganisationSpec(
        "office_of_the_president",
        "Office of the President",
        OrganisationKind.GOVERNMENT,
        "KE",
        place="nairobi",
        parent="gov_kenya",
    ),
    OrganisationSpec(
        "nctc",
        "National Counter Terrorism Centre",
        OrganisationKind.GOVERNMENT,
        "KE",
        acronym="NCTC",
        place="nairobi",
        parent="office_of_the_president",
        notes="Through the NCTC the PHSS partnership was formalised with the Office of the "
        "President in 2017.",
    ),
    OrganisationSpec(
        "nps",
        "National Police Service",
        OrganisationKind.SECURITY,
        "KE",
        acronym="NPS",
        place="nairobi",
    ),
    OrganisationSpec(
        "aps",
        "Administration Police Service",
        OrganisationKind.SECURITY,
        "KE",
        acronym="APS",
        place="nairobi",
        parent="nps",
        notes="Led by a Deputy Inspector General of the National Police Service.",
    ),
    OrganisationSpec(
        "coast_regional_coordinator",
        "Office of the Coast Regional Coordinator",
        OrganisationKind.GOVERNMENT,
        "KE",
        place="mombasa",
        parent="gov_kenya",
        notes="National government coordination in the Coast Region. The name of the office "
        "is the demo's: the story names only its head, the Regional Coordinator.",
    ),
    OrganisationSpec(
        "immigration",
        "Department of Immigration Services",
        OrganisationKind.GOVERNMENT,
        "KE",
        place="mombasa",
        parent="gov_kenya",
        notes="Illustrative: the story names an Assistant Director of Immigration but not "
        "the department.",
    ),
    OrganisationSpec(
        "regional_security_committees",
        "Coast Regional Security Committees",
        OrganisationKind.GOVERNMENT,
        "KE",
        place="coast",
        notes="Members of the Regional Security Committees met the delegation in the Coast Region.",
    ),
    OrganisationSpec(
        "mombasa_county_government",
        "County Government of Mombasa",
        OrganisationKind.GOVERNMENT,
        "KE",
        place="mombasa_county",
        notes="Has a county action plan on preventing violent extremism.",
    ),
)

# --- Programmes ---------------------------------------------------------------------------------

PHSS = ProgrammeSpec(
    code="PHSS",
    name="Programme for Human Security and Stabilization",
    lead="iom",
    countries=("KE",),
    description=(
        "IOM Kenya's partnership with the Government of Kenya on the response to violent "
        "extremism: reintegration of individual returnees, revitalization of affected "
        "communities, and capacity building on county action planning, border security "
        "management, and information, counselling and referral services (ICRS). Started in "
        "2014 with the in-depth profiling of 185 amnestied returnees; formalised with the "
        "Office of the President through the National Counter Terrorism Centre (NCTC) in 2017."
    ),
    start_year=2014,
    start_note="since 2014",
)

OTHER_PROGRAMME = ProgrammeSpec(
    code="LMD",
    name="Labour Mobility and Development (demo)",
    lead="iom",
    countries=("KE",),
    description=(
        "A second, fictional programme for the demo: its staff member works on it alone "
        "and so does not see the PHSS delegation."
    ),
)

# --- Demo users ---------------------------------------------------------------------------------

ADMIN_USER = UserSpec(
    "admin",
    "admin@exchange.example",
    "Demo Administrator",
    "baobab-lighthouse-2019",
    administrator=True,
    label="administrator",
)
USERS: tuple[UserSpec, ...] = (
    ADMIN_USER,
    UserSpec(
        "phss_staff",
        "phss.staff@exchange.example",
        "Demo PHSS Staff Member",
        "mangrove-ferry-2019",
        programme="PHSS",
        role=ProgrammeRole.STAFF,
        label="PHSS staff",
    ),
    UserSpec(
        "phss_manager",
        "phss.manager@exchange.example",
        "Demo PHSS Manager",
        "coral-reef-ledger-2019",
        programme="PHSS",
        role=ProgrammeRole.MANAGER,
        label="PHSS manager",
    ),
    UserSpec(
        "other_staff",
        "lmd.staff@exchange.example",
        "Demo LMD Staff Member",
        "savanna-compass-2019",
        programme="LMD",
        role=ProgrammeRole.STAFF,
        label="staff of another programme (LMD)",
    ),
)

# --- Officials ----------------------------------------------------------------------------------

SUPPORT_NOTE = (
    "IOM Mombasa sub-office: field and logistical support to the Mozambique delegation "
    "during the Coast field visits, July 2019. Position not given in the record."
)

OFFICIALS: tuple[OfficialSpec, ...] = (
    OfficialSpec(
        "mapure",
        Honorific.MR,
        "António Domingos Mapure",
        "Provincial Permanent Secretary of Cabo Delgado",
        "cabo_delgado_government",
        "MZ",
    ),
    OfficialSpec(
        "abudala",
        Honorific.MR,
        "Diamantino Mateus Momade Abudala",
        "Advisor to the provincial governor for Social Area, Governance and Public Administration",
        "cabo_delgado_government",
        "MZ",
    ),
    OfficialSpec(
        "correia",
        Honorific.MS,
        "Nice Leonor Diogo Correia",
        "Provincial Director of Economy and Finance",
        "cabo_delgado_government",
        "MZ",
    ),
    OfficialSpec(
        "goncalves",
        Honorific.MR,
        "Alvaro Floriano Goncalves Junior",
        "Provincial Director of Justice, Constitutional and Religious Affairs",
        "cabo_delgado_government",
        "MZ",
    ),
    OfficialSpec(
        "lidimba",
        Honorific.HE,
        "Lidiba Constantino Lidimba",
        "Mozambique High Commissioner to Kenya",
        "mz_high_commission",
        "MZ",
    ),
    OfficialSpec(
        "paredes",
        Honorific.MR,
        "Ferdinand Paredes",
        "Acting Chief of Mission, IOM Kenya",
        "iom_kenya",
        "KE",
    ),
    OfficialSpec(
        "gabow",
        Honorific.MR,
        "Noor Gabow",
        "",
        "aps",
        "KE",
        notes="Represented the office of the Deputy Inspector General for the Administration "
        "Police Service in July 2019. Position not given in the record.",
    ),
    OfficialSpec(
        "leruk",
        Honorific.DR,
        "Mark Leruk",
        "",
        "aps",
        "KE",
        notes="Represented the office of the Deputy Inspector General for the Administration "
        "Police Service in July 2019. Position not given in the record.",
    ),
    OfficialSpec(
        "elungata",
        Honorific.MR,
        "John Elungata",
        "Regional Coordinator, Coast Region",
        "coast_regional_coordinator",
        "KE",
    ),
    OfficialSpec(
        "muendo",
        Honorific.MR,
        "Charles Muendo",
        "Assistant Director of Immigration",
        "immigration",
        "KE",
    ),
    OfficialSpec("fujimura", Honorific.MS, "Yoko Fujimura", "", "iom_mombasa", "KE", SUPPORT_NOTE),
    OfficialSpec("cobrado", Honorific.MR, "Sam Cobrado", "", "iom_mombasa", "KE", SUPPORT_NOTE),
    OfficialSpec("nyambu", Honorific.MR, "Bova Nyambu", "", "iom_mombasa", "KE", SUPPORT_NOTE),
    OfficialSpec("mwangi", Honorific.MS, "Mary Mwangi", "", "iom_mombasa", "KE", SUPPORT_NOTE),
    OfficialSpec("kabibi", Honorific.MS, "Hurriet Kabibi", "", "iom_mombasa", "KE", SUPPORT_NOTE),
    OfficialSpec(
        "muruanjama", Honorific.MS, "Jacinta Muruanjama", "", "iom_mombasa", "KE", SUPPORT_NOTE
    ),
)

# --- Topics and sites ---------------------------------------------------------------------------

TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(
        "community-policing",
        "Community policing",
        "Police and communities working together on local safety and prevention.",
    ),
    TopicSpec(
        "local-peace-conflict-management",
        "Local peace and conflict management",
        "Community-level structures that prevent and settle local conflicts.",
    ),
    TopicSpec(
        "human-trafficking",
        "Human trafficking",
        "Sensitization of communities and agencies on human trafficking.",
    ),
    TopicSpec(
        "cross-border-confidence-building",
        "Cross-border confidence building",
        "Confidence building among cross-border communities and security agencies.",
    ),
    TopicSpec(
        "county-action-planning",
        "P/CVE county action plans",
        "County action planning on preventing and countering violent extremism (P/CVE), "
        "such as Mombasa's county action plan.",
    ),
    TopicSpec(
        "border-security-management",
        "Border security management",
        "Capacity building on border security management.",
    ),
    TopicSpec(
        "icrs",
        "Information, counselling and referral services (ICRS)",
        "Information, counselling and referral services offered to government and private "
        "sector partners.",
    ),
    TopicSpec(
        "reintegration",
        "Reintegration",
        "Reintegration of individual returnees and revitalization of affected communities.",
    ),
)

SITES: tuple[SiteSpec, ...] = (
    SiteSpec(
        "bongwe",
        "Bongwe Secondary School",
        SiteKind.SCHOOL,
        "kwale_county",
        "PHSS community project: upgrading of the school, visited by the Mozambican "
        "delegation in July 2019. Bongwe is in Kwale County, on the south coast.",
    ),
    SiteSpec(
        "jitoni",
        "Jitoni Resource Center",
        SiteKind.RESOURCE_CENTRE,
        "kwale_county",
        "Resource centre visited by the Mozambican delegation in July 2019. Uncertain: the "
        "story does not say where it is; the demo places it in Kwale County.",
    ),
)
