"""Rename the tables of visits to the apps that take them over (itinerary, learning).

Every row stays. Renaming an itinerary item's table also renames the tables of its
many-to-many fields (Django derives their names from it). The search indexes made by
search.0001 on these tables move with them, so that migration runs first.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_initial"),
        ("search", "0001_search_functions_and_indexes"),
    ]

    operations = [
        migrations.AlterModelTable(name="beneficiarygroup", table="itinerary_beneficiarygroup"),
        migrations.AlterModelTable(name="counterpart", table="itinerary_counterpart"),
        migrations.AlterModelTable(
            name="historicalbeneficiarygroup", table="itinerary_historicalbeneficiarygroup"
        ),
        migrations.AlterModelTable(
            name="historicalbeneficiarygroup_origins",
            table="itinerary_historicalbeneficiarygroup_origins",
        ),
        migrations.AlterModelTable(
            name="historicalitineraryitem", table="itinerary_historicalitineraryitem"
        ),
        migrations.AlterModelTable(name="historicalsite", table="itinerary_historicalsite"),
        migrations.AlterModelTable(name="historicaltopic", table="itinerary_historicaltopic"),
        migrations.AlterModelTable(name="itineraryitem", table="itinerary_itineraryitem"),
        migrations.AlterModelTable(
            name="historicalitineraryitem_organisations",
            table="itinerary_historicalitineraryitem_organisations",
        ),
        migrations.AlterModelTable(
            name="historicalcounterpart", table="itinerary_historicalcounterpart"
        ),
        migrations.AlterModelTable(
            name="historicalattachment", table="learning_historicalattachment"
        ),
        migrations.AlterModelTable(name="attachment", table="learning_attachment"),
        migrations.AlterModelTable(name="learningobjective", table="learning_learningobjective"),
        migrations.AlterModelTable(
            name="historicalitineraryitem_objectives",
            table="itinerary_historicalitineraryitem_objectives",
        ),
        migrations.AlterModelTable(name="site", table="itinerary_site"),
        migrations.AlterModelTable(name="topic", table="itinerary_topic"),
        migrations.AlterModelTable(
            name="historicallearningobjective", table="learning_historicallearningobjective"
        ),
        migrations.AlterModelTable(
            name="historicalitineraryitem_topics", table="itinerary_historicalitineraryitem_topics"
        ),
        migrations.AlterModelTable(
            name="historicalhighlight", table="learning_historicalhighlight"
        ),
        migrations.AlterModelTable(name="historicalfollowup", table="learning_historicalfollowup"),
        migrations.AlterModelTable(name="highlight", table="learning_highlight"),
        migrations.AlterModelTable(name="followup", table="learning_followup"),
    ]
