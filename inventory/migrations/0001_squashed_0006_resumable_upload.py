# Squashed by hand-checked tooling (issue 22, first start): the replaced migrations' schema operations with
# each model's later fields, indexes and constraints folded into its CreateModel, then their data and
# PostgreSQL-only operations in their original order. A fresh database applies this one migration; a
# database that applied the originals keeps them (replaces). tests/phpu/test_squashed_migrations.py
# checks that both give the same schema.

import uuid
from importlib import import_module

import django.contrib.postgres.search
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import inventory.storage
from core.fulltext import search_trigger

seed_0002 = import_module("inventory.migrations.0002_seed_categories")


class Migration(migrations.Migration):
    replaces = [
        ("inventory", "0001_initial"),
        ("inventory", "0002_seed_categories"),
        ("inventory", "0003_search_vector"),
        ("inventory", "0004_problem_version"),
        ("inventory", "0005_evidence_download_purpose"),
        ("inventory", "0006_resumable_upload"),
    ]

    initial = True

    dependencies = [
        ("elections", "0001_initial"),
        ("regions", "0003_name_upper_trigram"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Category",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=150, verbose_name="name")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("position", models.PositiveSmallIntegerField(default=100, verbose_name="position")),
            ],
            options={
                "verbose_name": "problem category",
                "verbose_name_plural": "problem categories",
                "ordering": ["position", "name"],
            },
        ),
        migrations.CreateModel(
            name="Evidence",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "file",
                    models.FileField(
                        max_length=255, storage=inventory.storage.evidence_storage, upload_to="", verbose_name="file"
                    ),
                ),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("size", models.BigIntegerField(verbose_name="size (bytes)")),
                ("mime_type", models.CharField(max_length=100, verbose_name="file type")),
                ("original_name", models.CharField(max_length=255, verbose_name="original file name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("c_hasil", "C.Hasil (TPS result form)"),
                            ("c_hasil_salinan", "C.Hasil Salinan (copy of the TPS result)"),
                            ("c_kejadian", "C.Kejadian Khusus/Keberatan"),
                            ("d_hasil_kec", "D.Hasil Kecamatan"),
                            ("d_hasil_kabko", "D.Hasil Kabupaten/Kota"),
                            ("d_hasil_prov", "D.Hasil Provinsi"),
                            ("d_kejadian", "D.Kejadian Khusus/Keberatan"),
                            ("berita_acara", "Minutes (berita acara)"),
                            ("photo", "Photo"),
                            ("video", "Video"),
                            ("bawaslu_letter", "Bawaslu letter"),
                            ("decree", "Decree (SK)"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("captured_at", models.DateTimeField(blank=True, null=True, verbose_name="captured at")),
                ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded at")),
                ("version", models.PositiveSmallIntegerField(default=1, verbose_name="version")),
                (
                    "verification",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting verification"),
                            ("verified", "Verified"),
                            ("rejected", "Rejected"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="verification",
                    ),
                ),
                ("verified_at", models.DateTimeField(blank=True, null=True, verbose_name="verified at")),
                ("rejection_reason", models.TextField(blank=True, verbose_name="reason for rejection")),
                (
                    "certified_copy",
                    models.BooleanField(default=False, verbose_name="certified copy (dilegalisir) exists"),
                ),
                (
                    "preview",
                    models.FileField(
                        blank=True,
                        max_length=255,
                        storage=inventory.storage.evidence_storage,
                        upload_to="",
                        verbose_name="preview",
                    ),
                ),
                (
                    "contest",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evidence",
                        to="elections.contest",
                        verbose_name="contest",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evidence",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "replaces",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="replaced_by",
                        to="inventory.evidence",
                        verbose_name="replaces",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="uploaded_evidence",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="verified by",
                    ),
                ),
            ],
            options={
                "verbose_name": "evidence",
                "verbose_name_plural": "evidence",
                "ordering": ["-uploaded_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["region"], name="evidence_region_prefix_idx", opclasses=["varchar_pattern_ops"]
                    ),
                    models.Index(fields=["region", "kind"], name="evidence_region_kind_idx"),
                    models.Index(fields=["sha256"], name="evidence_sha256_idx"),
                    models.Index(fields=["verification", "uploaded_at"], name="evidence_verification_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("region", "sha256"), name="evidence_unique_file_per_region"),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "c_hasil",
                                    "c_hasil_salinan",
                                    "c_kejadian",
                                    "d_hasil_kec",
                                    "d_hasil_kabko",
                                    "d_hasil_prov",
                                    "d_kejadian",
                                    "berita_acara",
                                    "photo",
                                    "video",
                                    "bawaslu_letter",
                                    "decree",
                                    "other",
                                ],
                            )
                        ),
                        name="evidence_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("verification__in", ["pending", "verified", "rejected"])),
                        name="evidence_verification_valid",
                    ),
                    models.CheckConstraint(condition=models.Q(("size__gt", 0)), name="evidence_not_empty"),
                ],
            },
        ),
        migrations.CreateModel(
            name="EvidenceDownload",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("intact", models.BooleanField()),
                (
                    "evidence",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="downloads", to="inventory.evidence"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "purpose",
                    models.CharField(
                        choices=[("download", "downloaded"), ("view", "opened in the viewer")],
                        default="download",
                        max_length=10,
                        verbose_name="purpose",
                    ),
                ),
            ],
            options={
                "verbose_name": "evidence download",
                "verbose_name_plural": "evidence downloads",
                "ordering": ["-at"],
                "indexes": [models.Index(fields=["evidence", "user"], name="evidence_download_user_idx")],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCategory",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("slug", models.SlugField(verbose_name="code")),
                ("name", models.CharField(max_length=150, verbose_name="name")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("position", models.PositiveSmallIntegerField(default=100, verbose_name="position")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
            ],
            options={
                "verbose_name": "historical problem category",
                "verbose_name_plural": "historical problem categories",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalEvidence",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("file", models.TextField(max_length=255, verbose_name="file")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("size", models.BigIntegerField(verbose_name="size (bytes)")),
                ("mime_type", models.CharField(max_length=100, verbose_name="file type")),
                ("original_name", models.CharField(max_length=255, verbose_name="original file name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("c_hasil", "C.Hasil (TPS result form)"),
                            ("c_hasil_salinan", "C.Hasil Salinan (copy of the TPS result)"),
                            ("c_kejadian", "C.Kejadian Khusus/Keberatan"),
                            ("d_hasil_kec", "D.Hasil Kecamatan"),
                            ("d_hasil_kabko", "D.Hasil Kabupaten/Kota"),
                            ("d_hasil_prov", "D.Hasil Provinsi"),
                            ("d_kejadian", "D.Kejadian Khusus/Keberatan"),
                            ("berita_acara", "Minutes (berita acara)"),
                            ("photo", "Photo"),
                            ("video", "Video"),
                            ("bawaslu_letter", "Bawaslu letter"),
                            ("decree", "Decree (SK)"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("captured_at", models.DateTimeField(blank=True, null=True, verbose_name="captured at")),
                ("uploaded_at", models.DateTimeField(blank=True, editable=False, verbose_name="uploaded at")),
                ("version", models.PositiveSmallIntegerField(default=1, verbose_name="version")),
                (
                    "verification",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting verification"),
                            ("verified", "Verified"),
                            ("rejected", "Rejected"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="verification",
                    ),
                ),
                ("verified_at", models.DateTimeField(blank=True, null=True, verbose_name="verified at")),
                ("rejection_reason", models.TextField(blank=True, verbose_name="reason for rejection")),
                (
                    "certified_copy",
                    models.BooleanField(default=False, verbose_name="certified copy (dilegalisir) exists"),
                ),
                ("preview", models.TextField(blank=True, max_length=255, verbose_name="preview")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "contest",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="elections.contest",
                        verbose_name="contest",
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
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "replaces",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="inventory.evidence",
                        verbose_name="replaces",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="verified by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical evidence",
                "verbose_name_plural": "historical evidence",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalProblem",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("dpt", "Voter list (DPT)"),
                            ("logistik", "Logistics"),
                            ("pemungutan", "Voting (pemungutan)"),
                            ("penghitungan", "Counting (penghitungan)"),
                            ("rekap_ppk", "Recapitulation at the PPK (kecamatan)"),
                            ("rekap_kabko", "Recapitulation at the KPU Kabupaten/Kota"),
                            ("rekap_prov", "Recapitulation at the KPU Provinsi"),
                            ("rekap_nas", "National recapitulation"),
                            ("penetapan", "Determination of results (penetapan)"),
                        ],
                        max_length=20,
                        verbose_name="stage",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("description", models.TextField(verbose_name="description (uraian)")),
                ("chronology", models.TextField(blank=True, verbose_name="chronology")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("c_kejadian", "Form C.Kejadian Khusus and/or Keberatan"),
                            ("witness", "Witness objection"),
                            ("bawaslu", "Bawaslu recommendation"),
                            ("monitor", "Election monitor"),
                            ("media", "Media report"),
                            ("internal", "Internal finding"),
                        ],
                        max_length=20,
                        verbose_name="source",
                    ),
                ),
                (
                    "follow_up",
                    models.CharField(
                        choices=[
                            ("none", "None yet"),
                            ("psu", "Re-vote (PSU)"),
                            ("psl", "Continued voting (PSL)"),
                            ("pss", "Follow-up voting (PSS)"),
                            ("recount", "Recount (penghitungan suara ulang)"),
                            ("retally", "Re-tally (rekapitulasi ulang)"),
                            ("correction", "Correction (pembetulan)"),
                            ("clarification", "Clarification / explanation"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="follow-up (tindak lanjut)",
                    ),
                ),
                ("follow_up_notes", models.TextField(blank=True, verbose_name="follow-up notes")),
                (
                    "bawaslu_reference",
                    models.CharField(blank=True, max_length=200, verbose_name="Bawaslu recommendation reference"),
                ),
                ("affected_votes", models.PositiveIntegerField(blank=True, null=True, verbose_name="affected votes")),
                (
                    "risk",
                    models.CharField(
                        choices=[("low", "Low (rendah)"), ("medium", "Medium (sedang)"), ("high", "High (tinggi)")],
                        default="low",
                        max_length=10,
                        verbose_name="dispute risk",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "New (baru)"),
                            ("in_progress", "Being followed up (ditindaklanjuti)"),
                            ("resolved", "Resolved (selesai)"),
                            ("ready", "Ready (siap)"),
                        ],
                        default="new",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("occurred_at", models.DateTimeField(blank=True, null=True, verbose_name="occurred at")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created at")),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "assignee",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assignee",
                    ),
                ),
                (
                    "category",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="inventory.category",
                        verbose_name="category",
                    ),
                ),
                (
                    "contest",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="elections.contest",
                        verbose_name="contest",
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
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reported by",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
            ],
            options={
                "verbose_name": "historical problem",
                "verbose_name_plural": "historical problems",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Problem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("dpt", "Voter list (DPT)"),
                            ("logistik", "Logistics"),
                            ("pemungutan", "Voting (pemungutan)"),
                            ("penghitungan", "Counting (penghitungan)"),
                            ("rekap_ppk", "Recapitulation at the PPK (kecamatan)"),
                            ("rekap_kabko", "Recapitulation at the KPU Kabupaten/Kota"),
                            ("rekap_prov", "Recapitulation at the KPU Provinsi"),
                            ("rekap_nas", "National recapitulation"),
                            ("penetapan", "Determination of results (penetapan)"),
                        ],
                        max_length=20,
                        verbose_name="stage",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("description", models.TextField(verbose_name="description (uraian)")),
                ("chronology", models.TextField(blank=True, verbose_name="chronology")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("c_kejadian", "Form C.Kejadian Khusus and/or Keberatan"),
                            ("witness", "Witness objection"),
                            ("bawaslu", "Bawaslu recommendation"),
                            ("monitor", "Election monitor"),
                            ("media", "Media report"),
                            ("internal", "Internal finding"),
                        ],
                        max_length=20,
                        verbose_name="source",
                    ),
                ),
                (
                    "follow_up",
                    models.CharField(
                        choices=[
                            ("none", "None yet"),
                            ("psu", "Re-vote (PSU)"),
                            ("psl", "Continued voting (PSL)"),
                            ("pss", "Follow-up voting (PSS)"),
                            ("recount", "Recount (penghitungan suara ulang)"),
                            ("retally", "Re-tally (rekapitulasi ulang)"),
                            ("correction", "Correction (pembetulan)"),
                            ("clarification", "Clarification / explanation"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="follow-up (tindak lanjut)",
                    ),
                ),
                ("follow_up_notes", models.TextField(blank=True, verbose_name="follow-up notes")),
                (
                    "bawaslu_reference",
                    models.CharField(blank=True, max_length=200, verbose_name="Bawaslu recommendation reference"),
                ),
                ("affected_votes", models.PositiveIntegerField(blank=True, null=True, verbose_name="affected votes")),
                (
                    "risk",
                    models.CharField(
                        choices=[("low", "Low (rendah)"), ("medium", "Medium (sedang)"), ("high", "High (tinggi)")],
                        default="low",
                        max_length=10,
                        verbose_name="dispute risk",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "New (baru)"),
                            ("in_progress", "Being followed up (ditindaklanjuti)"),
                            ("resolved", "Resolved (selesai)"),
                            ("ready", "Ready (siap)"),
                        ],
                        default="new",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("occurred_at", models.DateTimeField(blank=True, null=True, verbose_name="occurred at")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "assignee",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assigned_problems",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assignee",
                    ),
                ),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="problems",
                        to="inventory.category",
                        verbose_name="category",
                    ),
                ),
                (
                    "contest",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="problems",
                        to="elections.contest",
                        verbose_name="contest",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="problems",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reported_problems",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reported by",
                    ),
                ),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
            ],
            options={
                "verbose_name": "problem",
                "verbose_name_plural": "problems",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["region"], name="problem_region_prefix_idx", opclasses=["varchar_pattern_ops"]
                    ),
                    models.Index(fields=["region", "stage"], name="problem_region_stage_idx"),
                    models.Index(fields=["status", "risk"], name="problem_status_risk_idx"),
                    models.Index(fields=["-created_at", "-id"], name="problem_created_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "stage__in",
                                [
                                    "dpt",
                                    "logistik",
                                    "pemungutan",
                                    "penghitungan",
                                    "rekap_ppk",
                                    "rekap_kabko",
                                    "rekap_prov",
                                    "rekap_nas",
                                    "penetapan",
                                ],
                            )
                        ),
                        name="problem_stage_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["new", "in_progress", "resolved", "ready"])),
                        name="problem_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("risk__in", ["low", "medium", "high"])), name="problem_risk_valid"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalProblemComment",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("body", models.TextField(verbose_name="comment")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="author",
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
                    "problem",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="inventory.problem",
                        verbose_name="problem",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical comment",
                "verbose_name_plural": "historical comments",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalEvidence_problems",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "evidence",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="inventory.evidence",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="inventory.historicalevidence",
                    ),
                ),
                (
                    "problem",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="inventory.problem",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalEvidence_problems",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="evidence",
            name="problems",
            field=models.ManyToManyField(
                blank=True, related_name="evidence", to="inventory.problem", verbose_name="problems"
            ),
        ),
        migrations.CreateModel(
            name="ProblemComment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("body", models.TextField(verbose_name="comment")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="author",
                    ),
                ),
                (
                    "problem",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="inventory.problem",
                        verbose_name="problem",
                    ),
                ),
            ],
            options={
                "verbose_name": "comment",
                "verbose_name_plural": "comments",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.AddField(
            model_name="evidence",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.CreateModel(
            name="ResumableUpload",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("c_hasil", "C.Hasil (TPS result form)"),
                            ("c_hasil_salinan", "C.Hasil Salinan (copy of the TPS result)"),
                            ("c_kejadian", "C.Kejadian Khusus/Keberatan"),
                            ("d_hasil_kec", "D.Hasil Kecamatan"),
                            ("d_hasil_kabko", "D.Hasil Kabupaten/Kota"),
                            ("d_hasil_prov", "D.Hasil Provinsi"),
                            ("d_kejadian", "D.Kejadian Khusus/Keberatan"),
                            ("berita_acara", "Minutes (berita acara)"),
                            ("photo", "Photo"),
                            ("video", "Video"),
                            ("bawaslu_letter", "Bawaslu letter"),
                            ("decree", "Decree (SK)"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                    ),
                ),
                ("description", models.TextField(blank=True)),
                ("filename", models.CharField(max_length=255)),
                ("length", models.BigIntegerField()),
                ("offset", models.BigIntegerField(default=0)),
                ("parts", models.JSONField(default=list)),
                ("type_checked", models.BooleanField(default=False)),
                ("finishing_since", models.DateTimeField(null=True)),
                ("evidence_created", models.BooleanField(null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("expires_at", models.DateTimeField(db_index=True)),
                (
                    "contest",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="elections.contest"
                    ),
                ),
                (
                    "evidence",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="inventory.evidence",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "problem",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="inventory.problem"
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="regions.region"
                    ),
                ),
                (
                    "replaces",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="inventory.evidence",
                    ),
                ),
            ],
            options={
                "verbose_name": "resumable upload",
                "verbose_name_plural": "resumable uploads",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("length__gt", 0), ("offset__gte", 0), ("offset__lte", models.F("length"))),
                        name="resumable_upload_offset_within_length",
                    )
                ],
            },
        ),
        migrations.RunPython(seed_0002.seed, seed_0002.unseed),
        search_trigger("inventory_problem", {"A": ["title"], "B": ["description", "chronology", "follow_up_notes"]}),
        search_trigger("inventory_evidence", {"A": ["original_name"], "B": ["description"]}),
    ]
