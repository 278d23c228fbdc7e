# Squashed by hand-checked tooling (issue 22, first start): the replaced migrations' schema operations with
# each model's later fields, indexes and constraints folded into its CreateModel, then their data and
# PostgreSQL-only operations in their original order. A fresh database applies this one migration; a
# database that applied the originals keeps them (replaces). tests/phpu/test_squashed_migrations.py
# checks that both give the same schema.

import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.functions.comparison
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import inventory.storage
from core.fulltext import search_trigger


class Migration(migrations.Migration):
    replaces = [("teams", "0001_initial"), ("teams", "0002_assignment_claim"), ("teams", "0003_search_vector")]

    initial = True

    dependencies = [
        ("cases", "0002_seed_deadline_rules"),
        ("elections", "0001_initial"),
        ("inventory", "0002_seed_categories"),
        ("regions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Activity",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("rakor", "Coordination meeting (rakor)"),
                            ("bimtek", "Technical guidance (bimtek)"),
                            ("supervisi", "Supervision (supervisi)"),
                            ("advokasi", "Advocacy (advokasi)"),
                            ("pendampingan", "Accompaniment (pendampingan)"),
                            ("gelar_perkara", "Case review (gelar perkara / bedah kasus)"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("starts_at", models.DateTimeField(verbose_name="starts at")),
                ("ends_at", models.DateTimeField(blank=True, null=True, verbose_name="ends at")),
                ("place", models.CharField(blank=True, max_length=200, verbose_name="place")),
                ("with_bawaslu", models.BooleanField(default=False, verbose_name="Bawaslu")),
                ("with_police", models.BooleanField(default=False, verbose_name="police")),
                ("with_prosecutors", models.BooleanField(default=False, verbose_name="prosecutors")),
                ("other_stakeholders", models.CharField(blank=True, max_length=300, verbose_name="other stakeholders")),
                ("outside_attendees", models.TextField(blank=True, verbose_name="other attendees")),
                ("agenda", models.TextField(blank=True, verbose_name="agenda")),
                ("outcome", models.TextField(blank=True, verbose_name="outcome")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "bodies",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The kecamatan (PPK) and desa/kelurahan (PPS) whose bodies took part.",
                        related_name="activities_involved",
                        to="regions.region",
                        verbose_name="PPK/PPS involved",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
                (
                    "election",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="team_activities",
                        to="elections.election",
                        verbose_name="election",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        blank=True,
                        help_text="The province or regency/city of the KPU office; empty for KPU RI.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="team_activities",
                        to="regions.region",
                        verbose_name="office",
                    ),
                ),
            ],
            options={
                "verbose_name": "activity",
                "verbose_name_plural": "activities",
                "ordering": ["-starts_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["office"], name="activity_office_prefix_idx", opclasses=["varchar_pattern_ops"]
                    ),
                    models.Index(fields=["office", "kind", "starts_at"], name="activity_office_kind_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                ["rakor", "bimtek", "supervisi", "advokasi", "pendampingan", "gelar_perkara", "other"],
                            )
                        ),
                        name="activity_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("ends_at__isnull", True), ("ends_at__gte", models.F("starts_at")), _connector="OR"
                        ),
                        name="activity_time_order",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalActivity",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("rakor", "Coordination meeting (rakor)"),
                            ("bimtek", "Technical guidance (bimtek)"),
                            ("supervisi", "Supervision (supervisi)"),
                            ("advokasi", "Advocacy (advokasi)"),
                            ("pendampingan", "Accompaniment (pendampingan)"),
                            ("gelar_perkara", "Case review (gelar perkara / bedah kasus)"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("starts_at", models.DateTimeField(verbose_name="starts at")),
                ("ends_at", models.DateTimeField(blank=True, null=True, verbose_name="ends at")),
                ("place", models.CharField(blank=True, max_length=200, verbose_name="place")),
                ("with_bawaslu", models.BooleanField(default=False, verbose_name="Bawaslu")),
                ("with_police", models.BooleanField(default=False, verbose_name="police")),
                ("with_prosecutors", models.BooleanField(default=False, verbose_name="prosecutors")),
                ("other_stakeholders", models.CharField(blank=True, max_length=300, verbose_name="other stakeholders")),
                ("outside_attendees", models.TextField(blank=True, verbose_name="other attendees")),
                ("agenda", models.TextField(blank=True, verbose_name="agenda")),
                ("outcome", models.TextField(blank=True, verbose_name="outcome")),
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
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
                (
                    "election",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="elections.election",
                        verbose_name="election",
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
                    "office",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The province or regency/city of the KPU office; empty for KPU RI.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                        verbose_name="office",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical activity",
                "verbose_name_plural": "historical activities",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalActivity_bodies",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "activity",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="teams.activity",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="teams.historicalactivity",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalActivity_bodies",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalActivityFile",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("minutes", "Minutes (notulen / berita acara)"),
                            ("photo", "Photo"),
                            ("attendance", "Attendance list (daftar hadir)"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("file", models.TextField(max_length=255, verbose_name="file")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("size", models.BigIntegerField(verbose_name="size (bytes)")),
                ("mime_type", models.CharField(max_length=100, verbose_name="file type")),
                ("original_name", models.CharField(max_length=255, verbose_name="original file name")),
                ("uploaded_at", models.DateTimeField(blank=True, editable=False, verbose_name="uploaded at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "activity",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="teams.activity",
                        verbose_name="activity",
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
            ],
            options={
                "verbose_name": "historical activity file",
                "verbose_name_plural": "historical activity files",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTaskTeam",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("sk_number", models.CharField(blank=True, max_length=100, verbose_name="SK number")),
                ("sk_date", models.DateField(blank=True, null=True, verbose_name="SK date")),
                ("sk_file", models.TextField(blank=True, max_length=255, verbose_name="SK scan")),
                ("sk_sha256", models.CharField(blank=True, max_length=64, verbose_name="SK SHA-256")),
                ("sk_size", models.BigIntegerField(blank=True, null=True, verbose_name="SK size (bytes)")),
                ("sk_mime_type", models.CharField(blank=True, max_length=100, verbose_name="SK file type")),
                (
                    "sk_original_name",
                    models.CharField(blank=True, max_length=255, verbose_name="SK original file name"),
                ),
                ("sk_uploaded_at", models.DateTimeField(blank=True, null=True, verbose_name="SK uploaded at")),
                ("period_start", models.DateField(blank=True, null=True, verbose_name="period of duty from")),
                ("period_end", models.DateField(blank=True, null=True, verbose_name="period of duty until")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("active", "Active (SK in force)"), ("ended", "Ended")],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
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
                    "election",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="elections.election",
                        verbose_name="election",
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
                    "office",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The province or regency/city of the KPU office; empty for KPU RI.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                        verbose_name="office",
                    ),
                ),
                (
                    "sk_uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="SK uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical task team",
                "verbose_name_plural": "historical task teams",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="TaskTeam",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("sk_number", models.CharField(blank=True, max_length=100, verbose_name="SK number")),
                ("sk_date", models.DateField(blank=True, null=True, verbose_name="SK date")),
                (
                    "sk_file",
                    models.FileField(
                        blank=True,
                        max_length=255,
                        storage=inventory.storage.evidence_storage,
                        upload_to="",
                        verbose_name="SK scan",
                    ),
                ),
                ("sk_sha256", models.CharField(blank=True, max_length=64, verbose_name="SK SHA-256")),
                ("sk_size", models.BigIntegerField(blank=True, null=True, verbose_name="SK size (bytes)")),
                ("sk_mime_type", models.CharField(blank=True, max_length=100, verbose_name="SK file type")),
                (
                    "sk_original_name",
                    models.CharField(blank=True, max_length=255, verbose_name="SK original file name"),
                ),
                ("sk_uploaded_at", models.DateTimeField(blank=True, null=True, verbose_name="SK uploaded at")),
                ("period_start", models.DateField(blank=True, null=True, verbose_name="period of duty from")),
                ("period_end", models.DateField(blank=True, null=True, verbose_name="period of duty until")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("active", "Active (SK in force)"), ("ended", "Ended")],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "election",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="task_teams",
                        to="elections.election",
                        verbose_name="election",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        blank=True,
                        help_text="The province or regency/city of the KPU office; empty for KPU RI.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="task_teams",
                        to="regions.region",
                        verbose_name="office",
                    ),
                ),
                (
                    "sk_uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="SK uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "task team",
                "verbose_name_plural": "task teams",
                "ordering": ["office_id", "-created_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["office"], name="taskteam_office_prefix_idx", opclasses=["varchar_pattern_ops"]
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.comparison.Coalesce("office", models.Value("")),
                        models.F("election"),
                        condition=models.Q(("status", "ended"), _negated=True),
                        name="taskteam_one_live_per_office",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "active", "ended"])), name="taskteam_status_valid"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("period_end__isnull", True),
                            ("period_start__isnull", True),
                            ("period_end__gte", models.F("period_start")),
                            _connector="OR",
                        ),
                        name="taskteam_period_order",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalTeamMember",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "name",
                    models.CharField(
                        blank=True, help_text="Required for outside persons.", max_length=200, verbose_name="name"
                    ),
                ),
                ("institution", models.CharField(blank=True, max_length=200, verbose_name="institution")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                (
                    "position",
                    models.CharField(
                        choices=[
                            ("penanggung_jawab", "Person in charge (penanggung jawab)"),
                            ("ketua", "Chair (ketua)"),
                            ("wakil_ketua", "Vice chair (wakil ketua)"),
                            ("sekretaris", "Secretary (sekretaris)"),
                            ("anggota", "Member (anggota)"),
                            ("kuasa_hukum", "Legal counsel (kuasa hukum)"),
                            ("narasumber", "Resource person (narasumber)"),
                        ],
                        default="anggota",
                        max_length=20,
                        verbose_name="position",
                    ),
                ),
                (
                    "division",
                    models.CharField(
                        choices=[
                            ("hukum", "Legal (hukum)"),
                            ("teknis", "Technical (teknis)"),
                            ("sekretariat", "Secretariat (sekretariat)"),
                            ("other", "Other"),
                        ],
                        default="other",
                        max_length=20,
                        verbose_name="division",
                    ),
                ),
                ("active", models.BooleanField(default=True, verbose_name="active")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created at")),
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
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Empty for a person from outside the KPU.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="teams.taskteam",
                        verbose_name="team",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical team member",
                "verbose_name_plural": "historical team members",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="TeamMember",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "name",
                    models.CharField(
                        blank=True, help_text="Required for outside persons.", max_length=200, verbose_name="name"
                    ),
                ),
                ("institution", models.CharField(blank=True, max_length=200, verbose_name="institution")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                (
                    "position",
                    models.CharField(
                        choices=[
                            ("penanggung_jawab", "Person in charge (penanggung jawab)"),
                            ("ketua", "Chair (ketua)"),
                            ("wakil_ketua", "Vice chair (wakil ketua)"),
                            ("sekretaris", "Secretary (sekretaris)"),
                            ("anggota", "Member (anggota)"),
                            ("kuasa_hukum", "Legal counsel (kuasa hukum)"),
                            ("narasumber", "Resource person (narasumber)"),
                        ],
                        default="anggota",
                        max_length=20,
                        verbose_name="position",
                    ),
                ),
                (
                    "division",
                    models.CharField(
                        choices=[
                            ("hukum", "Legal (hukum)"),
                            ("teknis", "Technical (teknis)"),
                            ("sekretariat", "Secretariat (sekretariat)"),
                            ("other", "Other"),
                        ],
                        default="other",
                        max_length=20,
                        verbose_name="division",
                    ),
                ),
                ("active", models.BooleanField(default=True, verbose_name="active")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "team",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="members",
                        to="teams.taskteam",
                        verbose_name="team",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty for a person from outside the KPU.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="team_memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "team member",
                "verbose_name_plural": "team members",
                "ordering": ["team", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("active", True), ("user__isnull", False)),
                        fields=("team", "user"),
                        name="teammember_user_once_per_team",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("user__isnull", False), models.Q(("name", ""), _negated=True), _connector="OR"
                        ),
                        name="teammember_user_or_name",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "position__in",
                                [
                                    "penanggung_jawab",
                                    "ketua",
                                    "wakil_ketua",
                                    "sekretaris",
                                    "anggota",
                                    "kuasa_hukum",
                                    "narasumber",
                                ],
                            )
                        ),
                        name="teammember_position",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("division__in", ["hukum", "teknis", "sekretariat", "other"])),
                        name="teammember_division",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="MemberAssignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due date")),
                ("done", models.BooleanField(default=False, verbose_name="done")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="done at")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assigned by",
                    ),
                ),
                (
                    "problem",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="team_assignments",
                        to="inventory.problem",
                        verbose_name="problem",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="team_assignments",
                        to="regions.region",
                        verbose_name="region covered",
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assignments",
                        to="teams.teammember",
                        verbose_name="member",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="team_assignments",
                        to="cases.claim",
                        verbose_name="claim (dalil)",
                    ),
                ),
            ],
            options={
                "verbose_name": "assignment",
                "verbose_name_plural": "assignments",
                "ordering": ["done", "due_date", "id"],
                "indexes": [models.Index(fields=["member", "done"], name="assignment_member_done_idx")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("region__isnull", False),
                            ("problem__isnull", False),
                            ("claim__isnull", False),
                            _connector="OR",
                        ),
                        name="assignment_has_target",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalMemberAssignment",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due date")),
                ("done", models.BooleanField(default=False, verbose_name="done")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="done at")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assigned by",
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
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                        verbose_name="region covered",
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="teams.teammember",
                        verbose_name="member",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.claim",
                        verbose_name="claim (dalil)",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical assignment",
                "verbose_name_plural": "historical assignments",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalActivityFollowUp",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("description", models.TextField(verbose_name="description")),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due date")),
                ("done", models.BooleanField(default=False, verbose_name="done")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="done at")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "activity",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="teams.activity",
                        verbose_name="activity",
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
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="teams.teammember",
                        verbose_name="owner",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical follow-up",
                "verbose_name_plural": "historical follow-ups",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalActivity_attendees",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "activity",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="teams.activity",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="teams.historicalactivity",
                    ),
                ),
                (
                    "teammember",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="teams.teammember",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalActivity_attendees",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ActivityFollowUp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("description", models.TextField(verbose_name="description")),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due date")),
                ("done", models.BooleanField(default=False, verbose_name="done")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="done at")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "activity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="follow_ups",
                        to="teams.activity",
                        verbose_name="activity",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="follow_ups",
                        to="teams.teammember",
                        verbose_name="owner",
                    ),
                ),
            ],
            options={
                "verbose_name": "follow-up",
                "verbose_name_plural": "follow-ups",
                "ordering": ["done", "due_date", "id"],
                "indexes": [models.Index(fields=["done", "due_date"], name="followup_done_due_idx")],
            },
        ),
        migrations.AddField(
            model_name="activity",
            name="attendees",
            field=models.ManyToManyField(
                blank=True, related_name="activities", to="teams.teammember", verbose_name="team members present"
            ),
        ),
        migrations.CreateModel(
            name="ActivityFile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("minutes", "Minutes (notulen / berita acara)"),
                            ("photo", "Photo"),
                            ("attendance", "Attendance list (daftar hadir)"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
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
                ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded at")),
                (
                    "activity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="files",
                        to="teams.activity",
                        verbose_name="activity",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "activity file",
                "verbose_name_plural": "activity files",
                "ordering": ["activity", "kind", "uploaded_at", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("activity", "sha256"), name="activityfile_unique_per_activity"),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["minutes", "photo", "attendance", "other"])),
                        name="activityfile_kind",
                    ),
                    models.CheckConstraint(condition=models.Q(("size__gt", 0)), name="activityfile_not_empty"),
                ],
            },
        ),
        migrations.AddField(
            model_name="activity",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        search_trigger("teams_activity", {"A": ["title"], "B": ["place", "agenda", "outcome", "outside_attendees"]}),
    ]
