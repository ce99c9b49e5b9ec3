"""The seed story as data: the Cabo Delgado delegation to Kenya, 22–26 July 2019.

Source: the IOM Kenya news item in /work/shared/seed/mozambique-kenya-phss-visit-2019.txt
("Photo: IOM"). Everything here is a fact of that story, except what the story does
not give (times, head counts, some places and support roles): those values are chosen
to be plausible, flagged `illustrative` where the model has the flag, and said to be
illustrative in the text where it has none.

- `directory`: places, organisations, programmes, demo users, officials, topics, sites;
- `visit`: the delegation, its members, support team, objectives and itinerary;
- `findings`: the people met in groups, highlights, follow-ups and the report narrative.

Rows refer to each other by a short local key; `demo.services` resolves the keys.
"""
