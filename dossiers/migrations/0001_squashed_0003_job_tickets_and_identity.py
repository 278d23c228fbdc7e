# Squashed by hand-checked tooling (issue 22, first start): the replaced migrations' schema operations with
# each model's later fields, indexes and constraints folded into its CreateModel, then their data and
# PostgreSQL-only operations in their original order. A fresh database applies this one migration; a
# database that applied the originals keeps them (replaces). tests/phpu/test_squashed_migrations.py
# checks that both give the same schema.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import dossiers.models


class Migration(migrations.Migration):
    replaces = [
        ("dossiers", "0001_initial"),
        ("dossiers", "0002_filing_fields"),
        ("dossiers", "0003_job_tickets_and_identity"),
    ]

    initial = True

    dependencies = [
        ("cases", "0005_deadline_rules_as_the_mk_counts"),
        ("regions", "0003_name_upper_trigram"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DossierJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("brief", "Jawaban Termohon (defence brief)"),
                            ("exhibit_list", "Daftar Alat Bukti (exhibit list)"),
                            ("bundle", "Evidence bundle (bundel bukti)"),
                            ("inventory", "Problem inventory report"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("params", models.JSONField(blank=True, default=dict, verbose_name="options")),
                ("requested_at", models.DateTimeField(auto_now_add=True, verbose_name="requested at")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("running", "Rendering"),
                            ("done", "Done"),
                            ("failed", "Failed"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="queued",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("step", models.CharField(blank=True, max_length=200, verbose_name="current step")),
                ("progress", models.PositiveSmallIntegerField(default=0, verbose_name="progress (%)")),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("lease_token", models.CharField(blank=True, editable=False, max_length=32)),
                ("lease_until", models.DateTimeField(blank=True, editable=False, null=True)),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started at")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                ("error", models.TextField(blank=True, verbose_name="error")),
                (
                    "output",
                    models.FileField(
                        blank=True,
                        max_length=255,
                        storage=dossiers.models.dossier_storage,
                        upload_to="",
                        verbose_name="PDF",
                    ),
                ),
                (
                    "manifest_file",
                    models.FileField(
                        blank=True,
                        max_length=255,
                        storage=dossiers.models.dossier_storage,
                        upload_to="",
                        verbose_name="manifest (JSON)",
                    ),
                ),
                ("sha256", models.CharField(blank=True, max_length=64, verbose_name="SHA-256 of the PDF")),
                ("size", models.BigIntegerField(blank=True, null=True, verbose_name="size (bytes)")),
                ("page_count", models.PositiveIntegerField(blank=True, null=True, verbose_name="pages")),
                ("draft", models.BooleanField(default=False, verbose_name="marked DRAFT")),
                ("manifest", models.JSONField(blank=True, default=dict, verbose_name="manifest")),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dossiers",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        help_text="The case's Termohon office, or the region of an inventory report; empty: national.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dossiers",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dossiers",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
                (
                    "manifest_pdf",
                    models.FileField(
                        blank=True,
                        max_length=255,
                        storage=dossiers.models.dossier_storage,
                        upload_to="",
                        verbose_name="manifest (PDF)",
                    ),
                ),
                ("identity", models.CharField(blank=True, editable=False, max_length=64)),
                ("requeued_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("sent_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("ticket", models.CharField(blank=True, editable=False, max_length=32)),
            ],
            options={
                "verbose_name": "dossier",
                "verbose_name_plural": "dossiers",
                "ordering": ["-requested_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["region"], name="dossier_region_prefix_idx", opclasses=["varchar_pattern_ops"]
                    ),
                    models.Index(fields=["status", "lease_until"], name="dossier_status_lease_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["brief", "exhibit_list", "bundle", "inventory"])),
                        name="dossier_kind_valid",
                    ),
                    models.CheckConstraint(condition=models.Q(("progress__lte", 100)), name="dossier_progress_percent"),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind__in", ["brief", "exhibit_list", "bundle"]), _negated=True),
                            ("case__isnull", False),
                            _connector="OR",
                        ),
                        name="dossier_case_kinds_have_case",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "done"), _negated=True),
                            models.Q(models.Q(("output", ""), _negated=True), models.Q(("sha256", ""), _negated=True)),
                            _connector="OR",
                        ),
                        name="dossier_done_has_output",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["queued", "running", "done", "failed", "cancelled"])),
                        name="dossier_status_valid",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(
                            ("status__in", ("queued", "running")), models.Q(("identity", ""), _negated=True)
                        ),
                        fields=("identity",),
                        name="dossier_one_live_per_identity",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="DossierDownload",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("intact", models.BooleanField()),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="downloads", to="dossiers.dossierjob"
                    ),
                ),
            ],
            options={
                "verbose_name": "dossier download",
                "verbose_name_plural": "dossier downloads",
                "ordering": ["-at"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalDossierJob",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("brief", "Jawaban Termohon (defence brief)"),
                            ("exhibit_list", "Daftar Alat Bukti (exhibit list)"),
                            ("bundle", "Evidence bundle (bundel bukti)"),
                            ("inventory", "Problem inventory report"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("params", models.JSONField(blank=True, default=dict, verbose_name="options")),
                ("requested_at", models.DateTimeField(blank=True, editable=False, verbose_name="requested at")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("running", "Rendering"),
                            ("done", "Done"),
                            ("failed", "Failed"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="queued",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started at")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                ("error", models.TextField(blank=True, verbose_name="error")),
                ("output", models.TextField(blank=True, max_length=255, verbose_name="PDF")),
                ("manifest_file", models.TextField(blank=True, max_length=255, verbose_name="manifest (JSON)")),
                ("sha256", models.CharField(blank=True, max_length=64, verbose_name="SHA-256 of the PDF")),
                ("size", models.BigIntegerField(blank=True, null=True, verbose_name="size (bytes)")),
                ("page_count", models.PositiveIntegerField(blank=True, null=True, verbose_name="pages")),
                ("draft", models.BooleanField(default=False, verbose_name="marked DRAFT")),
                ("manifest", models.JSONField(blank=True, default=dict, verbose_name="manifest")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The case's Termohon office, or the region of an inventory report; empty: national.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
                ("manifest_pdf", models.TextField(blank=True, max_length=255, verbose_name="manifest (PDF)")),
                ("identity", models.CharField(blank=True, editable=False, max_length=64)),
            ],
            options={
                "verbose_name": "historical dossier",
                "verbose_name_plural": "historical dossiers",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
