"""Facts the demo must hold, written out from the seed story (not read from demo.story)."""

DEMO_EMAILS = {
    "admin@exchange.example",
    "phss.staff@exchange.example",
    "phss.manager@exchange.example",
    "lmd.staff@exchange.example",
}
ELUNGATA_QUOTE = (
    "We are happy to see people from Mozambique, this time not our Makonde brothers and "
    "sisters who have become our 43rd tribe in Kenya. We share the Indian Ocean. What happens "
    "in Kenya may also happen in Mozambique. Some Kenyans have been recruited to extremism and "
    "attacked inside Kenya using religion as a cover"
)
