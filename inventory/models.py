import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from elections.choices import Stage
from inventory.choices import EvidenceKind, FollowUp, Risk, Source, Status, Verification
from inventory.storage import evidence_storage


class Category(models.Model):
    """A kind of problem: voting twice, tally inconsistency ... Admins can add more."""

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)


class ProblemQuerySet(ScopedQuerySet):
    def open(self):
        """New or being followed up: not yet resolved or siap."""
        return self.filter(status__in=OPEN_STATUSES)

    def unassigned_open(self):
        """The one definition of "open problems nobody handles", used by the dashboard, the office
        checklist, the team workload and the problem list's filter: open, no assignee, and no open
        task-team assignment (teams' MemberAssignment, reached by its related name: inventory sits
        below teams and does not import it)."""
        return self.open().filter(assignee__isnull=True).exclude(team_assignments__done=False)

    def with_verified_evidence(self):
        return self.annotate(
            verified_evidence=models.Exists(
                # Current versions only, as in the "siap" rule: a corrected file no longer proves anything.
                Evidence.objects.current().filter(problems=models.OuterRef("pk"), verification=Verification.VERIFIED)
            )
        )


class Problem(models.Model):
    """One entry of the problem inventory (daftar inventarisasi masalah): what happened where, at which
    stage, what was done about it, and (through its evidence) the proof."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="problems", verbose_name=_("region")
    )
    contest = models.ForeignKey(
        "elections.Contest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("contest"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="problems", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description (uraian)"))
    chronology = models.TextField(_("chronology"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    follow_up = models.CharField(_("follow-up (tindak lanjut)"), max_length=20, choices=FollowUp.choices)
    follow_up_notes = models.TextField(_("follow-up notes"), blank=True)
    bawaslu_reference = models.CharField(_("Bawaslu recommendation reference"), max_length=200, blank=True)
    affected_votes = models.PositiveIntegerField(_("affected votes"), null=True, blank=True)
    risk = models.CharField(_("dispute risk"), max_length=10, choices=Risk.choices, default=Risk.LOW)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_problems",
        verbose_name=_("assignee"),
    )
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_problems",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # One more on every save through the services, which write only over the version they read (the
    # UPDATE's WHERE compares it): an edit based on an older version is refused, not silently merged
    # over. The page carries it as a hidden field, the API as the ETag.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # Full-text search (phpu/fulltext.py): filled by a PostgreSQL trigger, empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProblemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Subtree filters are LIKE 'code.%' on region_id: this opclass lets PostgreSQL use the index.
            models.Index(fields=["region"], name="problem_region_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["region", "stage"], name="problem_region_stage_idx"),
            models.Index(fields=["status", "risk"], name="problem_status_risk_idx"),
            models.Index(fields=["-created_at", "-id"], name="problem_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="problem_stage_valid"),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="problem_status_valid"),
            models.CheckConstraint(condition=models.Q(risk__in=Risk.values), name="problem_risk_valid"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.title}"


class ProblemComment(models.Model):
    """A remark on a problem by someone working on it."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="comments", verbose_name=_("problem"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class EvidenceQuerySet(ScopedQuerySet):
    def current(self):
        """Only the latest version of each piece of evidence. NOT EXISTS rather than the reverse join
        Django writes for `replaced_by__isnull`: PostgreSQL estimates that outer join at one row (almost
        nothing is replaced) and then plans whole-table joins; an anti-join it estimates right."""
        newer = Evidence.objects.filter(replaces=models.OuterRef("pk"))
        return self.filter(~models.Exists(newer))


class Evidence(models.Model):
    """A stored file that proves something: a C.Hasil scan, minutes, a photo, a Bawaslu letter.

    Immutable: the file is stored under its SHA-256 and never changed; a correction is a new version
    that `replaces` this one, which stays retrievable.
    """

    file = models.FileField(_("file"), storage=evidence_storage, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.BigIntegerField(_("size (bytes)"))
    mime_type = models.CharField(_("file type"), max_length=100)
    original_name = models.CharField(_("original file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="evidence", verbose_name=_("region")
    )
    contest = models.ForeignKey(
        "elections.Contest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("contest"),
    )
    description = models.TextField(_("description"), blank=True)
    captured_at = models.DateTimeField(_("captured at"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uploaded_evidence",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    verification = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, default=Verification.PENDING
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    certified_copy = models.BooleanField(_("certified copy (dilegalisir) exists"), default=False)
    preview = models.FileField(_("preview"), storage=evidence_storage, max_length=255, blank=True)
    problems = models.ManyToManyField(Problem, related_name="evidence", blank=True, verbose_name=_("problems"))

    # Full-text search (phpu/fulltext.py): filled by a PostgreSQL trigger, empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[problems], excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            models.Index(fields=["region"], name="evidence_region_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["region", "kind"], name="evidence_region_kind_idx"),
            models.Index(fields=["sha256"], name="evidence_sha256_idx"),
            models.Index(fields=["verification", "uploaded_at"], name="evidence_verification_idx"),
        ]
        constraints = [
            # The same file in one region is one piece of evidence, linked wherever it is needed.
            models.UniqueConstraint(fields=["region", "sha256"], name="evidence_unique_file_per_region"),
            models.CheckConstraint(condition=models.Q(kind__in=EvidenceKind.values), name="evidence_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(verification__in=Verification.values), name="evidence_verification_valid"
            ),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="evidence_not_empty"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"


class EvidenceDownload(models.Model):
    """Who downloaded (or opened in the viewer) which evidence file when, and whether it still matched
    its hash. An intact row of the verifier is what lets them verify: nobody verifies unseen evidence."""

    class Purpose(models.TextChoices):
        DOWNLOAD = "download", _("downloaded")
        VIEW = "view", _("opened in the viewer")

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    intact = models.BooleanField()
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.DOWNLOAD)

    class Meta:
        verbose_name = _("evidence download")
        verbose_name_plural = _("evidence downloads")
        ordering = ["-at"]
        # "Has this user opened this file?" is asked on every verification and evidence page.
        indexes = [models.Index(fields=["evidence", "user"], name="evidence_download_user_idx")]

    def __str__(self):
        return f"{self.user} · {self.evidence_id} · {self.at:%Y-%m-%d %H:%M}"


class ResumableUpload(models.Model):
    """An evidence file arriving in pieces (the tus protocol): what it will be (its target), how far it
    has come, and where the pieces wait. Not the record: the evidence row is made, with every check of a
    plain upload, when the last byte is in; an upload abandoned half way expires and is swept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    contest = models.ForeignKey("elections.Contest", on_delete=models.CASCADE, null=True, related_name="+")
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, null=True, related_name="+")
    replaces = models.ForeignKey(Evidence, on_delete=models.CASCADE, null=True, related_name="+")
    description = models.TextField(blank=True)
    filename = models.CharField(max_length=255)
    length = models.BigIntegerField()
    offset = models.BigIntegerField(default=0)
    # The stored pieces in order, as [name in the "uploads" storage, size]; empty once the evidence is made.
    parts = models.JSONField(default=list)
    type_checked = models.BooleanField(default=False)
    finishing_since = models.DateTimeField(null=True)
    evidence = models.ForeignKey(Evidence, on_delete=models.SET_NULL, null=True, related_name="+")
    evidence_created = models.BooleanField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("resumable upload")
        verbose_name_plural = _("resumable uploads")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offset__gte=0, offset__lte=models.F("length"), length__gt=0),
                name="resumable_upload_offset_within_length",
            ),
        ]

    def __str__(self):
        return f"{self.filename} · {self.offset}/{self.length}"

    @property
    def finished(self) -> bool:
        return self.evidence_id is not None
