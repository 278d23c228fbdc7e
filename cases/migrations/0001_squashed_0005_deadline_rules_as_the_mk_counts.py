# Squashed by hand-checked tooling (issue 22, first start): the replaced migrations' schema operations with
# each model's later fields, indexes and constraints folded into its CreateModel, then their data and
# PostgreSQL-only operations in their original order. A fresh database applies this one migration; a
# database that applied the originals keeps them (replaces). tests/phpu/test_squashed_migrations.py
# checks that both give the same schema.

from importlib import import_module

import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.functions.comparison
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import cases.register
from core.fulltext import search_trigger

seed_0002 = import_module("cases.migrations.0002_seed_deadline_rules")
rules_0005 = import_module("cases.migrations.0005_deadline_rules_as_the_mk_counts")


class Migration(migrations.Migration):
    replaces = [
        ("cases", "0001_initial"),
        ("cases", "0002_seed_deadline_rules"),
        ("cases", "0003_search_vector"),
        ("cases", "0004_filing_fields"),
        ("cases", "0005_deadline_rules_as_the_mk_counts"),
    ]

    initial = True

    dependencies = [
        ("elections", "0001_initial"),
        ("inventory", "0003_search_vector"),
        ("regions", "0003_name_upper_trigram"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Case",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "register_number",
                    models.CharField(
                        help_text="As registered by the MK, e.g. 45/PHPU.BUP-XXIII/2025.",
                        max_length=80,
                        unique=True,
                        validators=[cases.register.validate_register_number],
                        verbose_name="register number (e-BRPK)",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("phpu_dpr_dprd", "PHPU DPR/DPRD"),
                            ("phpu_dpd", "PHPU DPD"),
                            ("phpu_presiden", "PHPU Presiden"),
                            ("php_gubernur", "PHP Gubernur"),
                            ("php_bupati", "PHP Bupati"),
                            ("php_walikota", "PHP Walikota"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("applicant_counsel", models.TextField(blank=True, verbose_name="applicant's counsel")),
                ("summary", models.TextField(blank=True, verbose_name="summary of the petition")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("received", "Received"),
                            ("preliminary_hearing", "Preliminary hearing"),
                            ("answer_filed", "Answer filed (Jawaban Termohon)"),
                            ("evidence_hearing", "Evidence hearing"),
                            ("dismissal_ruling", "Dismissal ruling"),
                            ("decision", "Decision (putusan)"),
                            ("follow_up_done", "Follow-up done"),
                            ("closed", "Closed"),
                        ],
                        default="received",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("none", "None yet"),
                            ("not_accepted", "Not accepted (tidak dapat diterima)"),
                            ("withdrawn", "Withdrawn (ditarik kembali)"),
                            ("rejected", "Rejected (ditolak)"),
                            ("granted_in_part", "Granted in part (dikabulkan sebagian)"),
                            ("granted", "Granted (dikabulkan)"),
                        ],
                        default="none",
                        max_length=20,
                        verbose_name="outcome",
                    ),
                ),
                ("outcome_notes", models.TextField(blank=True, verbose_name="ruling (amar putusan)")),
                (
                    "result_decree_number",
                    models.CharField(blank=True, max_length=120, verbose_name="KPU result decree number"),
                ),
                (
                    "result_decree_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="KPU result decree (date and time)"),
                ),
                ("petition_filed_at", models.DateTimeField(blank=True, null=True, verbose_name="petition filed")),
                (
                    "ebrpk_registered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="registered in e-BRPK"),
                ),
                ("decision_at", models.DateTimeField(blank=True, null=True, verbose_name="decision")),
                (
                    "mk_notice_received_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="MK notice received"),
                ),
                (
                    "total_valid_votes",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="total valid votes (official)"),
                ),
                (
                    "applicant_votes",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="applicant's votes (official)"),
                ),
                (
                    "winner_votes",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="winner's votes (official)"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "applicant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases_as_applicant",
                        to="elections.participant",
                        verbose_name="applicant (Pemohon)",
                    ),
                ),
                (
                    "contest",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="elections.contest",
                        verbose_name="contest",
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
                        verbose_name="created by",
                    ),
                ),
                (
                    "members",
                    models.ManyToManyField(
                        blank=True,
                        related_name="mk_cases",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assigned team members",
                    ),
                ),
                (
                    "other_respondent_offices",
                    models.ManyToManyField(
                        blank=True,
                        related_name="cases_as_other_respondent",
                        to="regions.region",
                        verbose_name="other respondent offices (turut Termohon)",
                    ),
                ),
                (
                    "related_party",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases_as_related_party",
                        to="elections.participant",
                        verbose_name="related party (Pihak Terkait)",
                    ),
                ),
                (
                    "respondent_office",
                    models.ForeignKey(
                        blank=True,
                        help_text="The KPU Provinsi or KPU Kabupaten/Kota; empty for KPU RI.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases_as_respondent",
                        to="regions.region",
                        verbose_name="Termohon office",
                    ),
                ),
                ("answer_date", models.DateField(blank=True, null=True, verbose_name="date of the answer")),
                ("answer_place", models.CharField(blank=True, max_length=100, verbose_name="place of the answer")),
                (
                    "counsel_address",
                    models.TextField(blank=True, verbose_name="counsel's address (domicile for service)"),
                ),
                (
                    "counsel_office",
                    models.CharField(
                        blank=True,
                        help_text="Law firm, or the Kejaksaan office.",
                        max_length=300,
                        verbose_name="counsel's office",
                    ),
                ),
                (
                    "elected_determined_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the KPU determined the elected candidates (penetapan calon terpilih).",
                        null=True,
                        verbose_name="penetapan of the elected",
                    ),
                ),
                (
                    "obscuur_libel",
                    models.BooleanField(
                        default=False,
                        help_text="When the petition's claims (posita) and what it asks (petitum) do not match.",
                        verbose_name="raise the eksepsi of an unclear petition (obscuur libel)",
                    ),
                ),
                (
                    "obscuur_libel_grounds",
                    models.TextField(blank=True, verbose_name="grounds: where the posita and petitum do not match"),
                ),
                (
                    "power_of_attorney_date",
                    models.DateField(blank=True, null=True, verbose_name="Surat Kuasa Khusus date"),
                ),
                (
                    "power_of_attorney_number",
                    models.CharField(blank=True, max_length=150, verbose_name="Surat Kuasa Khusus number"),
                ),
                (
                    "respondent_address",
                    models.TextField(blank=True, verbose_name="address of the Termohon office (letterhead)"),
                ),
                (
                    "respondent_chair",
                    models.CharField(
                        blank=True,
                        help_text="The Ketua, by name.",
                        max_length=200,
                        verbose_name="chair of the Termohon office",
                    ),
                ),
                (
                    "result_decree_title",
                    models.CharField(
                        blank=True,
                        help_text="As the decree names itself, e.g. Penetapan Hasil Pemilihan Bupati dan Wakil Bupati Solok 2024.",
                        max_length=500,
                        verbose_name="official title of the result decree",
                    ),
                ),
                (
                    "substitution_date",
                    models.DateField(blank=True, null=True, verbose_name="Surat Kuasa Substitusi date"),
                ),
                (
                    "substitution_number",
                    models.CharField(blank=True, max_length=150, verbose_name="Surat Kuasa Substitusi number"),
                ),
            ],
            options={
                "verbose_name": "MK case",
                "verbose_name_plural": "MK cases",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["respondent_office"], name="case_office_prefix_idx", opclasses=["varchar_pattern_ops"]
                    ),
                    models.Index(fields=["status"], name="case_status_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "phpu_dpr_dprd",
                                    "phpu_dpd",
                                    "phpu_presiden",
                                    "php_gubernur",
                                    "php_bupati",
                                    "php_walikota",
                                ],
                            )
                        ),
                        name="case_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                [
                                    "received",
                                    "preliminary_hearing",
                                    "answer_filed",
                                    "evidence_hearing",
                                    "dismissal_ruling",
                                    "decision",
                                    "follow_up_done",
                                    "closed",
                                ],
                            )
                        ),
                        name="case_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "outcome__in",
                                ["none", "not_accepted", "withdrawn", "rejected", "granted_in_part", "granted"],
                            )
                        ),
                        name="case_outcome_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("applicant", models.F("related_party")), _negated=True),
                        name="case_applicant_not_related_party",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CaseOrder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("psu", "Re-vote (PSU)"),
                            ("recount", "Recount (penghitungan suara ulang)"),
                            ("retally", "Re-tally (rekapitulasi ulang)"),
                            ("decree_correction", "Decree correction"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "period_amount",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="period set by the ruling"),
                ),
                (
                    "period_unit",
                    models.CharField(
                        blank=True,
                        choices=[("hours", "hours"), ("days", "calendar days"), ("working_days", "working days")],
                        max_length=20,
                        verbose_name="unit of the period",
                    ),
                ),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due date")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="done at")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="orders",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "regions",
                    models.ManyToManyField(
                        blank=True, related_name="case_orders", to="regions.region", verbose_name="where (e.g. TPS)"
                    ),
                ),
            ],
            options={
                "verbose_name": "ordered action",
                "verbose_name_plural": "ordered actions",
                "ordering": ["case", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["psu", "recount", "retally", "decree_correction"])),
                        name="caseorder_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("period_amount__isnull", True), ("period_unit", "")),
                            models.Q(
                                ("period_amount__isnull", False), ("period_unit__in", ["hours", "days", "working_days"])
                            ),
                            _connector="OR",
                        ),
                        name="caseorder_period_complete",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Claim",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "number",
                    models.CharField(
                        help_text="As the petition numbers it, e.g. 3 or 4.2.",
                        max_length=20,
                        verbose_name="number in the petition",
                    ),
                ),
                (
                    "position",
                    models.PositiveIntegerField(default=0, help_text="Order of the claims.", verbose_name="position"),
                ),
                ("summary", models.TextField(verbose_name="summary")),
                ("response", models.TextField(blank=True, verbose_name="KPU's answer")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("reviewed", "Reviewed"), ("final", "Final")],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "assignee",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assigned_claims",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assignee",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="claims",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "category",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims",
                        to="inventory.category",
                        verbose_name="category",
                    ),
                ),
                (
                    "dapil",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims",
                        to="elections.dapil",
                        verbose_name="dapil",
                    ),
                ),
                (
                    "locations",
                    models.ManyToManyField(
                        blank=True, related_name="claims", to="regions.region", verbose_name="locations"
                    ),
                ),
                (
                    "problems",
                    models.ManyToManyField(
                        blank=True,
                        related_name="claims",
                        to="inventory.problem",
                        verbose_name="problems from the inventory",
                    ),
                ),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
            options={
                "verbose_name": "claim (dalil)",
                "verbose_name_plural": "claims (dalil)",
                "ordering": ["case", "position", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("case", "number"), name="claim_unique_number"),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "reviewed", "final"])), name="claim_status_valid"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Citation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("note", models.CharField(blank=True, max_length=255, verbose_name="what it proves")),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="cases.claim",
                        verbose_name="claim",
                    ),
                ),
            ],
            options={
                "verbose_name": "citation",
                "verbose_name_plural": "citations",
                "ordering": ["claim", "exhibit__sequence"],
            },
        ),
        migrations.CreateModel(
            name="ClaimFigure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "metric",
                    models.CharField(
                        choices=[
                            ("votes", "Votes"),
                            ("dpt", "Registered voters (DPT)"),
                            ("dptb", "Transferred voters (DPTb)"),
                            ("dpk", "Special voters (DPK)"),
                            ("valid", "Valid votes"),
                            ("invalid", "Invalid votes"),
                            ("voters", "Voters who voted"),
                            ("ballots_received", "Ballots received"),
                            ("ballots_used", "Ballots used"),
                            ("ballots_damaged", "Ballots damaged or misused"),
                            ("ballots_unused", "Ballots unused"),
                        ],
                        default="votes",
                        max_length=20,
                        verbose_name="what is counted",
                    ),
                ),
                (
                    "applicant_value",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="applicant's number"),
                ),
                ("official_value", models.PositiveIntegerField(blank=True, null=True, verbose_name="KPU's number")),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="figures",
                        to="cases.claim",
                        verbose_name="claim",
                    ),
                ),
                (
                    "participant",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claim_figures",
                        to="elections.participant",
                        verbose_name="participant",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claim_figures",
                        to="regions.region",
                        verbose_name="location",
                    ),
                ),
            ],
            options={
                "verbose_name": "claimed number",
                "verbose_name_plural": "claimed numbers",
                "ordering": ["claim", "region_id", "metric", "participant__ballot_number"],
                "constraints": [
                    models.UniqueConstraint(
                        models.F("claim"),
                        models.F("region"),
                        django.db.models.functions.comparison.Coalesce("participant", models.Value(0)),
                        models.F("metric"),
                        name="claimfigure_unique",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("metric", "votes"), ("participant__isnull", False)),
                            models.Q(models.Q(("metric", "votes"), _negated=True), ("participant__isnull", True)),
                            _connector="OR",
                        ),
                        name="claimfigure_votes_have_participant",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "metric__in",
                                [
                                    "votes",
                                    "dpt",
                                    "dptb",
                                    "dpk",
                                    "valid",
                                    "invalid",
                                    "voters",
                                    "ballots_received",
                                    "ballots_used",
                                    "ballots_damaged",
                                    "ballots_unused",
                                ],
                            )
                        ),
                        name="claimfigure_metric_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="DeadlineRule",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.SlugField(unique=True, verbose_name="key")),
                ("label", models.CharField(max_length=200, verbose_name="label")),
                (
                    "source",
                    models.TextField(
                        help_text="The UU, PMK or PKPU article, in Indonesian.", verbose_name="legal basis"
                    ),
                ),
                (
                    "anchor",
                    models.CharField(
                        choices=[
                            ("result_decree_at", "KPU result decree"),
                            ("petition_filed_at", "Petition filed"),
                            ("ebrpk_registered_at", "e-BRPK registration"),
                            ("decision_at", "Decision"),
                            ("mk_notice_received_at", "MK notice received"),
                            ("hearing", "Each hearing"),
                        ],
                        max_length=30,
                        verbose_name="runs from",
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[("after", "after"), ("before", "before")],
                        default="after",
                        max_length=6,
                        verbose_name="direction",
                    ),
                ),
                ("amount", models.PositiveSmallIntegerField(verbose_name="amount")),
                (
                    "unit",
                    models.CharField(
                        choices=[("hours", "hours"), ("days", "calendar days"), ("working_days", "working days")],
                        max_length=20,
                        verbose_name="unit",
                    ),
                ),
                ("count_anchor_day", models.BooleanField(default=False, verbose_name="the anchor day counts as day 1")),
                (
                    "applies_to",
                    models.JSONField(
                        blank=True, default=list, help_text="Empty: every kind.", verbose_name="applies to case kinds"
                    ),
                ),
                (
                    "hearing_agenda",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("preliminary", "Preliminary hearing (pemeriksaan pendahuluan)"),
                            ("answer", "Answers (jawaban Termohon, keterangan)"),
                            ("evidence", "Evidence, witnesses and experts (pembuktian)"),
                            ("decision", "Ruling (pengucapan putusan)"),
                            ("other", "Other"),
                        ],
                        help_text="For rules that run from each hearing; empty: every hearing.",
                        max_length=20,
                        verbose_name="only hearings with agenda",
                    ),
                ),
                (
                    "limit",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="E.g. witnesses per party.", null=True, verbose_name="maximum number"
                    ),
                ),
                ("active", models.BooleanField(default=True, verbose_name="active")),
                ("position", models.PositiveSmallIntegerField(default=100, verbose_name="position")),
                (
                    "met_by",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("petition_filed_at", "Petition filed"),
                            ("decision_at", "Decision"),
                            ("elected_determined_at", "Penetapan of the elected"),
                        ],
                        help_text="The time on the case that meets this deadline, to show it as met or late.",
                        max_length=30,
                        verbose_name="met by",
                    ),
                ),
            ],
            options={
                "verbose_name": "deadline rule",
                "verbose_name_plural": "deadline rules",
                "ordering": ["position", "key"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "anchor__in",
                                [
                                    "result_decree_at",
                                    "petition_filed_at",
                                    "ebrpk_registered_at",
                                    "decision_at",
                                    "mk_notice_received_at",
                                    "hearing",
                                ],
                            )
                        ),
                        name="rule_anchor_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("unit__in", ["hours", "days", "working_days"])), name="rule_unit_valid"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("direction__in", ["after", "before"])), name="rule_direction_valid"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Exhibit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sequence", models.PositiveIntegerField(verbose_name="number")),
                ("frozen", models.BooleanField(default=False, verbose_name="label frozen")),
                ("description", models.TextField(verbose_name="description (as in the Daftar Alat Bukti)")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("document", "Document (surat/tulisan)"),
                            ("witness", "Witness (saksi)"),
                            ("expert", "Expert (ahli)"),
                            ("other", "Other evidence (alat bukti lain: photos, videos, recordings)"),
                        ],
                        default="document",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "certified_copy",
                    models.CharField(
                        choices=[
                            ("not_needed", "Not needed"),
                            ("pending", "Not yet certified"),
                            ("requested", "Certification requested"),
                            ("certified", "Certified (dilegalisir)"),
                        ],
                        default="pending",
                        max_length=12,
                        verbose_name="certified copy (legalisir)",
                    ),
                ),
                ("physical_ready", models.BooleanField(default=False, verbose_name="physical item ready")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exhibits",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "claims",
                    models.ManyToManyField(
                        blank=True,
                        related_name="exhibits",
                        through="cases.Citation",
                        to="cases.claim",
                        verbose_name="cited by claims",
                    ),
                ),
                (
                    "evidence",
                    models.ManyToManyField(
                        blank=True, related_name="exhibits", to="inventory.evidence", verbose_name="evidence"
                    ),
                ),
                ("document_date", models.DateField(blank=True, null=True, verbose_name="document date")),
                ("document_number", models.CharField(blank=True, max_length=150, verbose_name="document number")),
                (
                    "foundation",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("result_decree", "Result decree (Keputusan penetapan hasil)"),
                            ("recapitulation", "Recapitulation result (D.Hasil)"),
                            ("recap_minutes", "Minutes of the recapitulation (berita acara)"),
                        ],
                        help_text="Which of the exhibits every answer needs this one is.",
                        max_length=20,
                        verbose_name="foundation exhibit",
                    ),
                ),
                (
                    "other_contest_confirmed",
                    models.BooleanField(
                        default=False,
                        help_text="Someone confirmed that evidence of another contest or election belongs in this exhibit.",
                        verbose_name="evidence from another contest confirmed",
                    ),
                ),
                (
                    "presented_as",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("original", "Original (asli)"),
                            ("true_copy", "Copy true to the original (fotokopi sesuai dengan asli)"),
                            ("copy_of_copy", "Copy of a copy (fotokopi dari fotokopi)"),
                            ("certified", "Certified copy (fotokopi dilegalisir)"),
                        ],
                        max_length=12,
                        verbose_name="handed in as (keterangan)",
                    ),
                ),
            ],
            options={
                "verbose_name": "exhibit",
                "verbose_name_plural": "exhibits",
                "ordering": ["case", "sequence"],
                "constraints": [
                    models.UniqueConstraint(fields=("case", "sequence"), name="exhibit_unique_sequence"),
                    models.CheckConstraint(condition=models.Q(("sequence__gte", 1)), name="exhibit_sequence_positive"),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["document", "witness", "expert", "other"])),
                        name="exhibit_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("certified_copy__in", ["not_needed", "pending", "requested", "certified"])),
                        name="exhibit_certified_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("presented_as", ""),
                            ("presented_as__in", ["original", "true_copy", "copy_of_copy", "certified"]),
                            _connector="OR",
                        ),
                        name="exhibit_presented_as_valid",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="citation",
            name="exhibit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="citations",
                to="cases.exhibit",
                verbose_name="exhibit",
            ),
        ),
        migrations.CreateModel(
            name="Hearing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("starts_at", models.DateTimeField(verbose_name="starts at")),
                (
                    "agenda",
                    models.CharField(
                        choices=[
                            ("preliminary", "Preliminary hearing (pemeriksaan pendahuluan)"),
                            ("answer", "Answers (jawaban Termohon, keterangan)"),
                            ("evidence", "Evidence, witnesses and experts (pembuktian)"),
                            ("decision", "Ruling (pengucapan putusan)"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="agenda",
                    ),
                ),
                ("place", models.CharField(blank=True, max_length=200, verbose_name="place")),
                (
                    "other_attendees",
                    models.TextField(
                        blank=True, help_text="Lawyers, witnesses, experts.", verbose_name="other attendees"
                    ),
                ),
                ("outcome", models.TextField(blank=True, verbose_name="outcome")),
                (
                    "attendees",
                    models.ManyToManyField(
                        blank=True,
                        related_name="mk_hearings",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="attending members",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="hearings",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
            ],
            options={
                "verbose_name": "hearing",
                "verbose_name_plural": "hearings",
                "ordering": ["case", "starts_at", "id"],
                "indexes": [models.Index(fields=["starts_at"], name="hearing_starts_idx")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("agenda__in", ["preliminary", "answer", "evidence", "decision", "other"])),
                        name="hearing_agenda_valid",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCase",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "register_number",
                    models.CharField(
                        db_index=True,
                        help_text="As registered by the MK, e.g. 45/PHPU.BUP-XXIII/2025.",
                        max_length=80,
                        validators=[cases.register.validate_register_number],
                        verbose_name="register number (e-BRPK)",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("phpu_dpr_dprd", "PHPU DPR/DPRD"),
                            ("phpu_dpd", "PHPU DPD"),
                            ("phpu_presiden", "PHPU Presiden"),
                            ("php_gubernur", "PHP Gubernur"),
                            ("php_bupati", "PHP Bupati"),
                            ("php_walikota", "PHP Walikota"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("applicant_counsel", models.TextField(blank=True, verbose_name="applicant's counsel")),
                ("summary", models.TextField(blank=True, verbose_name="summary of the petition")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("received", "Received"),
                            ("preliminary_hearing", "Preliminary hearing"),
                            ("answer_filed", "Answer filed (Jawaban Termohon)"),
                            ("evidence_hearing", "Evidence hearing"),
                            ("dismissal_ruling", "Dismissal ruling"),
                            ("decision", "Decision (putusan)"),
                            ("follow_up_done", "Follow-up done"),
                            ("closed", "Closed"),
                        ],
                        default="received",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("none", "None yet"),
                            ("not_accepted", "Not accepted (tidak dapat diterima)"),
                            ("withdrawn", "Withdrawn (ditarik kembali)"),
                            ("rejected", "Rejected (ditolak)"),
                            ("granted_in_part", "Granted in part (dikabulkan sebagian)"),
                            ("granted", "Granted (dikabulkan)"),
                        ],
                        default="none",
                        max_length=20,
                        verbose_name="outcome",
                    ),
                ),
                ("outcome_notes", models.TextField(blank=True, verbose_name="ruling (amar putusan)")),
                (
                    "result_decree_number",
                    models.CharField(blank=True, max_length=120, verbose_name="KPU result decree number"),
                ),
                (
                    "result_decree_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="KPU result decree (date and time)"),
                ),
                ("petition_filed_at", models.DateTimeField(blank=True, null=True, verbose_name="petition filed")),
                (
                    "ebrpk_registered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="registered in e-BRPK"),
                ),
                ("decision_at", models.DateTimeField(blank=True, null=True, verbose_name="decision")),
                (
                    "mk_notice_received_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="MK notice received"),
                ),
                (
                    "total_valid_votes",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="total valid votes (official)"),
                ),
                (
                    "applicant_votes",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="applicant's votes (official)"),
                ),
                (
                    "winner_votes",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="winner's votes (official)"),
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
                    "applicant",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="elections.participant",
                        verbose_name="applicant (Pemohon)",
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
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
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
                    "related_party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="elections.participant",
                        verbose_name="related party (Pihak Terkait)",
                    ),
                ),
                (
                    "respondent_office",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The KPU Provinsi or KPU Kabupaten/Kota; empty for KPU RI.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                        verbose_name="Termohon office",
                    ),
                ),
                ("answer_date", models.DateField(blank=True, null=True, verbose_name="date of the answer")),
                ("answer_place", models.CharField(blank=True, max_length=100, verbose_name="place of the answer")),
                (
                    "counsel_address",
                    models.TextField(blank=True, verbose_name="counsel's address (domicile for service)"),
                ),
                (
                    "counsel_office",
                    models.CharField(
                        blank=True,
                        help_text="Law firm, or the Kejaksaan office.",
                        max_length=300,
                        verbose_name="counsel's office",
                    ),
                ),
                (
                    "elected_determined_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the KPU determined the elected candidates (penetapan calon terpilih).",
                        null=True,
                        verbose_name="penetapan of the elected",
                    ),
                ),
                (
                    "obscuur_libel",
                    models.BooleanField(
                        default=False,
                        help_text="When the petition's claims (posita) and what it asks (petitum) do not match.",
                        verbose_name="raise the eksepsi of an unclear petition (obscuur libel)",
                    ),
                ),
                (
                    "obscuur_libel_grounds",
                    models.TextField(blank=True, verbose_name="grounds: where the posita and petitum do not match"),
                ),
                (
                    "power_of_attorney_date",
                    models.DateField(blank=True, null=True, verbose_name="Surat Kuasa Khusus date"),
                ),
                (
                    "power_of_attorney_number",
                    models.CharField(blank=True, max_length=150, verbose_name="Surat Kuasa Khusus number"),
                ),
                (
                    "respondent_address",
                    models.TextField(blank=True, verbose_name="address of the Termohon office (letterhead)"),
                ),
                (
                    "respondent_chair",
                    models.CharField(
                        blank=True,
                        help_text="The Ketua, by name.",
                        max_length=200,
                        verbose_name="chair of the Termohon office",
                    ),
                ),
                (
                    "result_decree_title",
                    models.CharField(
                        blank=True,
                        help_text="As the decree names itself, e.g. Penetapan Hasil Pemilihan Bupati dan Wakil Bupati Solok 2024.",
                        max_length=500,
                        verbose_name="official title of the result decree",
                    ),
                ),
                (
                    "substitution_date",
                    models.DateField(blank=True, null=True, verbose_name="Surat Kuasa Substitusi date"),
                ),
                (
                    "substitution_number",
                    models.CharField(blank=True, max_length=150, verbose_name="Surat Kuasa Substitusi number"),
                ),
            ],
            options={
                "verbose_name": "historical MK case",
                "verbose_name_plural": "historical MK cases",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCase_members",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to="cases.historicalcase"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalCase_members",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCase_other_respondent_offices",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to="cases.historicalcase"
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
                "verbose_name": "HistoricalCase_other_respondent_offices",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCaseOrder",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("psu", "Re-vote (PSU)"),
                            ("recount", "Recount (penghitungan suara ulang)"),
                            ("retally", "Re-tally (rekapitulasi ulang)"),
                            ("decree_correction", "Decree correction"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "period_amount",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="period set by the ruling"),
                ),
                (
                    "period_unit",
                    models.CharField(
                        blank=True,
                        choices=[("hours", "hours"), ("days", "calendar days"), ("working_days", "working days")],
                        max_length=20,
                        verbose_name="unit of the period",
                    ),
                ),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due date")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="done at")),
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
            ],
            options={
                "verbose_name": "historical ordered action",
                "verbose_name_plural": "historical ordered actions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCaseOrder_regions",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "caseorder",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.caseorder",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="cases.historicalcaseorder",
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
                "verbose_name": "HistoricalCaseOrder_regions",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCitation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("note", models.CharField(blank=True, max_length=255, verbose_name="what it proves")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
                        verbose_name="claim",
                    ),
                ),
                (
                    "exhibit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.exhibit",
                        verbose_name="exhibit",
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
            ],
            options={
                "verbose_name": "historical citation",
                "verbose_name_plural": "historical citations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalClaim",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "number",
                    models.CharField(
                        help_text="As the petition numbers it, e.g. 3 or 4.2.",
                        max_length=20,
                        verbose_name="number in the petition",
                    ),
                ),
                (
                    "position",
                    models.PositiveIntegerField(default=0, help_text="Order of the claims.", verbose_name="position"),
                ),
                ("summary", models.TextField(verbose_name="summary")),
                ("response", models.TextField(blank=True, verbose_name="KPU's answer")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("reviewed", "Reviewed"), ("final", "Final")],
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
                    "dapil",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="elections.dapil",
                        verbose_name="dapil",
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
            ],
            options={
                "verbose_name": "historical claim (dalil)",
                "verbose_name_plural": "historical claims (dalil)",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalClaim_locations",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "claim",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.claim",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to="cases.historicalclaim"
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
                "verbose_name": "HistoricalClaim_locations",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalClaim_problems",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "claim",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.claim",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to="cases.historicalclaim"
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
                "verbose_name": "HistoricalClaim_problems",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalClaimFigure",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "metric",
                    models.CharField(
                        choices=[
                            ("votes", "Votes"),
                            ("dpt", "Registered voters (DPT)"),
                            ("dptb", "Transferred voters (DPTb)"),
                            ("dpk", "Special voters (DPK)"),
                            ("valid", "Valid votes"),
                            ("invalid", "Invalid votes"),
                            ("voters", "Voters who voted"),
                            ("ballots_received", "Ballots received"),
                            ("ballots_used", "Ballots used"),
                            ("ballots_damaged", "Ballots damaged or misused"),
                            ("ballots_unused", "Ballots unused"),
                        ],
                        default="votes",
                        max_length=20,
                        verbose_name="what is counted",
                    ),
                ),
                (
                    "applicant_value",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="applicant's number"),
                ),
                ("official_value", models.PositiveIntegerField(blank=True, null=True, verbose_name="KPU's number")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
                        verbose_name="claim",
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
                    "participant",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="elections.participant",
                        verbose_name="participant",
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
                        verbose_name="location",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical claimed number",
                "verbose_name_plural": "historical claimed numbers",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDeadlineRule",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("key", models.SlugField(verbose_name="key")),
                ("label", models.CharField(max_length=200, verbose_name="label")),
                (
                    "source",
                    models.TextField(
                        help_text="The UU, PMK or PKPU article, in Indonesian.", verbose_name="legal basis"
                    ),
                ),
                (
                    "anchor",
                    models.CharField(
                        choices=[
                            ("result_decree_at", "KPU result decree"),
                            ("petition_filed_at", "Petition filed"),
                            ("ebrpk_registered_at", "e-BRPK registration"),
                            ("decision_at", "Decision"),
                            ("mk_notice_received_at", "MK notice received"),
                            ("hearing", "Each hearing"),
                        ],
                        max_length=30,
                        verbose_name="runs from",
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[("after", "after"), ("before", "before")],
                        default="after",
                        max_length=6,
                        verbose_name="direction",
                    ),
                ),
                ("amount", models.PositiveSmallIntegerField(verbose_name="amount")),
                (
                    "unit",
                    models.CharField(
                        choices=[("hours", "hours"), ("days", "calendar days"), ("working_days", "working days")],
                        max_length=20,
                        verbose_name="unit",
                    ),
                ),
                ("count_anchor_day", models.BooleanField(default=False, verbose_name="the anchor day counts as day 1")),
                (
                    "applies_to",
                    models.JSONField(
                        blank=True, default=list, help_text="Empty: every kind.", verbose_name="applies to case kinds"
                    ),
                ),
                (
                    "hearing_agenda",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("preliminary", "Preliminary hearing (pemeriksaan pendahuluan)"),
                            ("answer", "Answers (jawaban Termohon, keterangan)"),
                            ("evidence", "Evidence, witnesses and experts (pembuktian)"),
                            ("decision", "Ruling (pengucapan putusan)"),
                            ("other", "Other"),
                        ],
                        help_text="For rules that run from each hearing; empty: every hearing.",
                        max_length=20,
                        verbose_name="only hearings with agenda",
                    ),
                ),
                (
                    "limit",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="E.g. witnesses per party.", null=True, verbose_name="maximum number"
                    ),
                ),
                ("active", models.BooleanField(default=True, verbose_name="active")),
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
                (
                    "met_by",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("petition_filed_at", "Petition filed"),
                            ("decision_at", "Decision"),
                            ("elected_determined_at", "Penetapan of the elected"),
                        ],
                        help_text="The time on the case that meets this deadline, to show it as met or late.",
                        max_length=30,
                        verbose_name="met by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical deadline rule",
                "verbose_name_plural": "historical deadline rules",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalExhibit",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("sequence", models.PositiveIntegerField(verbose_name="number")),
                ("frozen", models.BooleanField(default=False, verbose_name="label frozen")),
                ("description", models.TextField(verbose_name="description (as in the Daftar Alat Bukti)")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("document", "Document (surat/tulisan)"),
                            ("witness", "Witness (saksi)"),
                            ("expert", "Expert (ahli)"),
                            ("other", "Other evidence (alat bukti lain: photos, videos, recordings)"),
                        ],
                        default="document",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "certified_copy",
                    models.CharField(
                        choices=[
                            ("not_needed", "Not needed"),
                            ("pending", "Not yet certified"),
                            ("requested", "Certification requested"),
                            ("certified", "Certified (dilegalisir)"),
                        ],
                        default="pending",
                        max_length=12,
                        verbose_name="certified copy (legalisir)",
                    ),
                ),
                ("physical_ready", models.BooleanField(default=False, verbose_name="physical item ready")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created at")),
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
                ("document_date", models.DateField(blank=True, null=True, verbose_name="document date")),
                ("document_number", models.CharField(blank=True, max_length=150, verbose_name="document number")),
                (
                    "foundation",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("result_decree", "Result decree (Keputusan penetapan hasil)"),
                            ("recapitulation", "Recapitulation result (D.Hasil)"),
                            ("recap_minutes", "Minutes of the recapitulation (berita acara)"),
                        ],
                        help_text="Which of the exhibits every answer needs this one is.",
                        max_length=20,
                        verbose_name="foundation exhibit",
                    ),
                ),
                (
                    "other_contest_confirmed",
                    models.BooleanField(
                        default=False,
                        help_text="Someone confirmed that evidence of another contest or election belongs in this exhibit.",
                        verbose_name="evidence from another contest confirmed",
                    ),
                ),
                (
                    "presented_as",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("original", "Original (asli)"),
                            ("true_copy", "Copy true to the original (fotokopi sesuai dengan asli)"),
                            ("copy_of_copy", "Copy of a copy (fotokopi dari fotokopi)"),
                            ("certified", "Certified copy (fotokopi dilegalisir)"),
                        ],
                        max_length=12,
                        verbose_name="handed in as (keterangan)",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical exhibit",
                "verbose_name_plural": "historical exhibits",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalExhibit_evidence",
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
                    "exhibit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.exhibit",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="cases.historicalexhibit",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalExhibit_evidence",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalHearing",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("starts_at", models.DateTimeField(verbose_name="starts at")),
                (
                    "agenda",
                    models.CharField(
                        choices=[
                            ("preliminary", "Preliminary hearing (pemeriksaan pendahuluan)"),
                            ("answer", "Answers (jawaban Termohon, keterangan)"),
                            ("evidence", "Evidence, witnesses and experts (pembuktian)"),
                            ("decision", "Ruling (pengucapan putusan)"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="agenda",
                    ),
                ),
                ("place", models.CharField(blank=True, max_length=200, verbose_name="place")),
                (
                    "other_attendees",
                    models.TextField(
                        blank=True, help_text="Lawyers, witnesses, experts.", verbose_name="other attendees"
                    ),
                ),
                ("outcome", models.TextField(blank=True, verbose_name="outcome")),
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
            ],
            options={
                "verbose_name": "historical hearing",
                "verbose_name_plural": "historical hearings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalHearing_attendees",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "hearing",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.hearing",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="cases.historicalhearing",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalHearing_attendees",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalHoliday",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("date", models.DateField(db_index=True, verbose_name="date")),
                ("name", models.CharField(max_length=150, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[("national", "National holiday"), ("cuti_bersama", "Collective leave (cuti bersama)")],
                        default="cuti_bersama",
                        max_length=15,
                        verbose_name="kind",
                    ),
                ),
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
                "verbose_name": "historical holiday / cuti bersama",
                "verbose_name_plural": "historical holidays / cuti bersama",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRegionPopulation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("population", models.PositiveBigIntegerField(verbose_name="population")),
                (
                    "source",
                    models.CharField(
                        blank=True, help_text="E.g. DAK2 Kemendagri.", max_length=255, verbose_name="source"
                    ),
                ),
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
            ],
            options={
                "verbose_name": "historical population",
                "verbose_name_plural": "historical population figures",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Holiday",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(unique=True, verbose_name="date")),
                ("name", models.CharField(max_length=150, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[("national", "National holiday"), ("cuti_bersama", "Collective leave (cuti bersama)")],
                        default="cuti_bersama",
                        max_length=15,
                        verbose_name="kind",
                    ),
                ),
            ],
            options={
                "verbose_name": "holiday / cuti bersama",
                "verbose_name_plural": "holidays / cuti bersama",
                "ordering": ["date"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["national", "cuti_bersama"])), name="holiday_kind_valid"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RegionPopulation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("population", models.PositiveBigIntegerField(verbose_name="population")),
                (
                    "source",
                    models.CharField(
                        blank=True, help_text="E.g. DAK2 Kemendagri.", max_length=255, verbose_name="source"
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="populations",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "population",
                "verbose_name_plural": "population figures",
                "ordering": ["region", "-year"],
                "constraints": [models.UniqueConstraint(fields=("region", "year"), name="population_unique_year")],
            },
        ),
        migrations.AddConstraint(
            model_name="citation",
            constraint=models.UniqueConstraint(fields=("claim", "exhibit"), name="citation_unique"),
        ),
        migrations.CreateModel(
            name="Counsel",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name (with titles)")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("advocate", "Advocate (advokat)"),
                            ("state_attorney", "State attorney (Jaksa Pengacara Negara)"),
                        ],
                        default="advocate",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "substitute",
                    models.BooleanField(
                        default=False,
                        help_text="E.g. prosecutors the JPN substitutes.",
                        verbose_name="acts under the Surat Kuasa Substitusi",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="counsel",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
            ],
            options={
                "verbose_name": "counsel",
                "verbose_name_plural": "counsel",
                "ordering": ["case", "position", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["advocate", "state_attorney"])), name="counsel_kind_valid"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCounsel",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name (with titles)")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("advocate", "Advocate (advokat)"),
                            ("state_attorney", "State attorney (Jaksa Pengacara Negara)"),
                        ],
                        default="advocate",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "substitute",
                    models.BooleanField(
                        default=False,
                        help_text="E.g. prosecutors the JPN substitutes.",
                        verbose_name="acts under the Surat Kuasa Substitusi",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
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
            ],
            options={
                "verbose_name": "historical counsel",
                "verbose_name_plural": "historical counsel",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(seed_0002.seed, seed_0002.unseed),
        search_trigger("cases_claim", {"A": ["number", "summary"], "B": ["response"]}),
        migrations.RunPython(rules_0005.apply, migrations.RunPython.noop),
    ]
