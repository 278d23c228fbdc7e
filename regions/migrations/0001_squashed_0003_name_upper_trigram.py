# Squashed by hand-checked tooling (issue 22, first start): the replaced migrations' schema operations with
# each model's later fields, indexes and constraints folded into its CreateModel, then their data and
# PostgreSQL-only operations in their original order. A fresh database applies this one migration; a
# database that applied the originals keeps them (replaces). tests/phpu/test_squashed_migrations.py
# checks that both give the same schema.

import django.db.models.deletion
from django.db import migrations, models

from core.fulltext import trigram_index


class Migration(migrations.Migration):
    replaces = [("regions", "0001_initial"), ("regions", "0002_name_trigram"), ("regions", "0003_name_upper_trigram")]

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                ("code", models.CharField(max_length=20, primary_key=True, serialize=False, verbose_name="code")),
                ("name", models.CharField(max_length=255, verbose_name="name")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("province", "Province"),
                            ("regency", "Regency/City"),
                            ("district", "District (kecamatan)"),
                            ("village", "Village (desa/kelurahan)"),
                            ("tps", "Polling station (TPS)"),
                        ],
                        max_length=10,
                        verbose_name="level",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="regions.region",
                        verbose_name="parent",
                    ),
                ),
            ],
            options={
                "verbose_name": "region",
                "verbose_name_plural": "regions",
                "ordering": ["code"],
                "indexes": [
                    models.Index(fields=["code"], name="region_code_prefix_idx", opclasses=["varchar_pattern_ops"]),
                    models.Index(fields=["level", "name"], name="region_level_name_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("level__in", ["province", "regency", "district", "village", "tps"])),
                        name="region_level_valid",
                    )
                ],
            },
        ),
        trigram_index("regions_region", "name", "region_name_trgm_idx", where="level <> 'tps'"),
        trigram_index("regions_region", "upper(name)", "region_name_upper_trgm_idx", where="level <> 'tps'"),
    ]
