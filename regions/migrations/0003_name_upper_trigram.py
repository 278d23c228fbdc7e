from django.db import migrations

from core.fulltext import trigram_index


class Migration(migrations.Migration):
    """Search matches region names by similarity OR by substring (`icontains`, which Django writes as
    UPPER(name) LIKE UPPER(...)); without an index on the upper-cased name that OR scanned every region."""

    dependencies = [
        ("regions", "0002_name_trigram"),
    ]

    operations = [
        trigram_index("regions_region", "upper(name)", "region_name_upper_trgm_idx", where="level <> 'tps'"),
    ]
