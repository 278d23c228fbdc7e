from django.db import migrations

from core.fulltext import trigram_index


class Migration(migrations.Migration):
    """Similarity search on region names (search finds "Solk" for Solok); TPS are left out: their names
    are only numbers."""

    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        trigram_index("regions_region", "name", "region_name_trgm_idx", where="level <> 'tps'"),
    ]
