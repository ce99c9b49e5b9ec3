"""Pages of the visit: itinerary (itinerary.py), objectives, highlights and follow-ups
(learning.py), attachments (attachments.py)."""
