"""Task teams (Tim Penyelesaian PHP), their members and assignments, and the preparation activities
of a KPU office (rakor, bimtek, supervisi ...).

Every row hangs on an office: a province or regency/city region, or none for KPU RI. Scoping: changes
need the office inside the user's reach for the action. For viewing, the team and its members of the
offices *above* a user's reach count too, so a PPK knows who is on its KPU Kabupaten's team (what it is
shown of them: teams.from_below); the work and the activities of an office are seen from below only
where they touch the viewer's own reach (an assignment whose every target lies in it, an activity one
of whose PPK/PPS bodies does), never a sibling kecamatan's.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Action
from accounts.scoping import ScopedQuerySet, Through
from inventory.storage import evidence_storage
from regions import tree
from regions.choices import Level
from teams.choices import ActivityFileKind, ActivityKind, Division, Position, TeamStatus

OFFICE_LEVELS = (Level.PROVINCE, Level.REGENCY)


class OfficeScopedQuerySet(ScopedQuerySet):
    """Scoped on the office region (null for KPU RI).

    Viewing teams and members is ancestor-aware like contests: a user also sees those of the offices
    above their reach (and national ones); the work and the activities turn that off and say what is
    seen from below instead. Any other action needs the office itself in reach; national rows need
    national reach.
    """

    region_lookup = "office__code"
    ancestors_see = True

    @property
    def office_path(self) -> str:
        """The path to the office itself, for `values_list`."""
        return self.region_lookup.removesuffix("__code")


def validate_office(region) -> None:
    if region is not None and region.level not in OFFICE_LEVELS:
        raise ValidationError({"office": _("A KPU office is a province or a regency/city (or KPU RI).")})


class TaskTeamQuerySet(OfficeScopedQuerySet):
    def active(self):
        return self.filter(status=TeamStatus.ACTIVE)


class TaskTeam(models.Model):
    """The task team (Tim Penyelesaian Perselisihan Hasil Pemilu) of one KPU office for one election,
    appointed by a decree (SK). The SK scan is stored like evidence: sniffed, hashed, under its hash;
    a new scan replaces the reference, the old file stays in storage and in the history."""

    office = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="task_teams",
        verbose_name=_("office"),
        help_text=_("The province or regency/city of the KPU office; empty for KPU RI."),
    )
    election = models.ForeignKey(
        "elections.Election", on_delete=models.PROTECT, related_name="task_teams", verbose_name=_("election")
    )
    name = models.CharField(_("name"), max_length=200)
    sk_number = models.CharField(_("SK number"), max_length=100, blank=True)
    sk_date = models.DateField(_("SK date"), null=True, blank=True)
    sk_file = models.FileField(_("SK scan"), storage=evidence_storage, max_length=255, blank=True)
    sk_sha256 = models.CharField(_("SK SHA-256"), max_length=64, blank=True)
    sk_size = models.BigIntegerField(_("SK size (bytes)"), null=True, blank=True)
    sk_mime_type = models.CharField(_("SK file type"), max_length=100, blank=True)
    sk_original_name = models.CharField(_("SK original file name"), max_length=255, blank=True)
    sk_uploaded_at = models.DateTimeField(_("SK uploaded at"), null=True, blank=True)
    sk_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("SK uploaded by"),
    )
    period_start = models.DateField(_("period of duty from"), null=True, blank=True)
    period_end = models.DateField(_("period of duty until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TeamStatus.choices, default=TeamStatus.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TaskTeamQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task team")
        verbose_name_plural = _("task teams")
        ordering = ["office_id", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["office"], name="taskteam_office_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            # One live team per office and election; Coalesce so KPU RI (no office) is covered too.
            models.UniqueConstraint(
                Coalesce("office", Value("")),
                "election",
                condition=~models.Q(status=TeamStatus.ENDED),
                name="taskteam_one_live_per_office",
            ),
            models.CheckConstraint(condition=models.Q(status__in=TeamStatus.values), name="taskteam_status_valid"),
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="taskteam_period_order",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def office_label(self) -> str:
        return str(self.office) if self.office_id else "KPU RI"

    def clean(self):
        validate_office(self.office if self.office_id else None)
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


class TeamMemberQuerySet(OfficeScopedQuerySet):
    region_lookup = "team__office__code"

    def current(self):
        return self.filter(active=True)


class TeamMember(models.Model):
    """A person on a task team: a user of the system, or an outside person (a lawyer, an academic, a
    prosecutor as state attorney). A user may sit on the teams of several offices."""

    team = models.ForeignKey(TaskTeam, on_delete=models.PROTECT, related_name="members", verbose_name=_("team"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_memberships",
        verbose_name=_("user"),
        help_text=_("Empty for a person from outside the KPU."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("Required for outside persons."))
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices, default=Position.ANGGOTA)
    division = models.CharField(_("division"), max_length=20, choices=Division.choices, default=Division.OTHER)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TeamMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=models.Q(user__isnull=False, active=True),
                name="teammember_user_once_per_team",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""), name="teammember_user_or_name"
            ),
            models.CheckConstraint(condition=models.Q(position__in=Position.values), name="teammember_position"),
            models.CheckConstraint(condition=models.Q(division__in=Division.values), name="teammember_division"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.user_id:
            return self.user.full_name or self.user.username
        return ""

    @property
    def is_outside(self) -> bool:
        return self.user_id is None

    def clean(self):
        if self.user_id is None and not self.name.strip():
            raise ValidationError({"name": _("Give the name of a person from outside the KPU.")})


class MemberAssignmentQuerySet(OfficeScopedQuerySet):
    """From below the office (where the team is seen through `ancestors_see`), only the work whose every
    target (region, problem, claim) the viewer reaches: a PPK sees who covers its own kecamatan, not the
    titles and places of a sibling's problems."""

    region_lookup = "member__team__office__code"
    ancestors_see = False

    def sight(self, reach, action: str) -> models.Q:
        condition = super().sight(reach, action)
        if action != Action.VIEW:
            return condition
        office_above = models.Q(**{f"{self.region_lookup}__in": reach.above()}) | models.Q(
            **{f"{self.region_lookup}__isnull": True}
        )
        targets = (models.Q(region__isnull=True) | reach.q("region__code")) & self._seen(reach, "problem")
        return condition | (office_above & targets & self._seen(reach, "claim"))

    def _seen(self, reach, name: str) -> models.Q:
        """The target `name` is empty or a row its own model lets the reach view."""
        rows = self.model._meta.get_field(name).related_model._default_manager.all()
        visible = rows.filter(rows.sight(reach, Action.VIEW)).values("pk")
        return models.Q(**{f"{name}__isnull": True}) | models.Q(**{f"{name}__in": visible})

    def open(self):
        return self.filter(done=False)


class MemberAssignment(models.Model):
    """Work given to a member: a region they cover (e.g. kecamatan X), a problem of the inventory, and
    (once the cases app exists) a case or claim; with a due date and a done flag."""

    member = models.ForeignKey(
        TeamMember, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("member")
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_assignments",
        verbose_name=_("region covered"),
    )
    problem = models.ForeignKey(
        "inventory.Problem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_assignments",
        verbose_name=_("problem"),
    )
    claim = models.ForeignKey(
        "cases.Claim",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_assignments",
        verbose_name=_("claim (dalil)"),
    )
    notes = models.TextField(_("notes"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MemberAssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["done", "due_date", "id"]
        indexes = [models.Index(fields=["member", "done"], name="assignment_member_done_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False)
                | models.Q(problem__isnull=False)
                | models.Q(claim__isnull=False),
                name="assignment_has_target",
            ),
        ]

    def __str__(self):
        target = self.claim if self.claim_id else (self.problem if self.problem_id else self.region)
        return f"{self.member} · {target}"

    def clean(self):
        if self.region_id is None and self.problem_id is None and self.claim_id is None:
            raise ValidationError(_("Assign a region, a problem or a claim."))
        if not self.member_id:
            return
        office = self.member.team.office_id
        if office is None:
            return
        if self.region_id and not tree.within(self.region_id, office):
            raise ValidationError({"region": _("The region must lie in the office's area.")})
        if self.problem_id and not tree.within(self.problem.region_id, office):
            raise ValidationError({"problem": _("The problem must lie in the office's area.")})
        if self.claim_id and not tree.within(self.claim.case.respondent_office_id, office):
            raise ValidationError({"claim": _("The claim must belong to a case of this office's area.")})


class ActivityQuerySet(OfficeScopedQuerySet):
    """From below the office, an activity is seen when one of its PPK/PPS bodies lies in reach: the PPK
    sees the rakor it took part in, not the supervision of its sibling."""

    ancestors_see = False
    also_through = (Through("bodies__code", only_for=Action.VIEW),)


class Activity(models.Model):
    """A preparation activity of an office: a rakor, a bimtek, a supervision of a PPK ... with who took
    part, what was agreed and its minutes and photos."""

    office = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_activities",
        verbose_name=_("office"),
        help_text=_("The province or regency/city of the KPU office; empty for KPU RI."),
    )
    election = models.ForeignKey(
        "elections.Election",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_activities",
        verbose_name=_("election"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    bodies = models.ManyToManyField(
        "regions.Region",
        blank=True,
        related_name="activities_involved",
        verbose_name=_("PPK/PPS involved"),
        help_text=_("The kecamatan (PPK) and desa/kelurahan (PPS) whose bodies took part."),
    )
    with_bawaslu = models.BooleanField(_("Bawaslu"), default=False)
    with_police = models.BooleanField(_("police"), default=False)
    with_prosecutors = models.BooleanField(_("prosecutors"), default=False)
    other_stakeholders = models.CharField(_("other stakeholders"), max_length=300, blank=True)
    attendees = models.ManyToManyField(
        TeamMember, blank=True, related_name="activities", verbose_name=_("team members present")
    )
    outside_attendees = models.TextField(_("other attendees"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Full-text search (phpu/fulltext.py): filled by a PostgreSQL trigger, empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[bodies, attendees], excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["office"], name="activity_office_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["office", "kind", "starts_at"], name="activity_office_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ActivityKind.values), name="activity_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="activity_time_order",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.title}"

    def clean(self):
        validate_office(self.office if self.office_id else None)
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The activity cannot end before it starts.")})


class ActivityFollowUpQuerySet(OfficeScopedQuerySet):
    """Seen with the activity: from below, when one of its bodies lies in reach (ActivityQuerySet)."""

    region_lookup = "activity__office__code"
    ancestors_see = False
    also_through = (Through("activity__bodies__code", only_for=Action.VIEW),)

    def open(self):
        return self.filter(done=False)


class ActivityFollowUp(models.Model):
    """Something agreed at an activity that someone must do by a date (tindak lanjut)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("activity")
    )
    description = models.TextField(_("description"))
    owner = models.ForeignKey(
        TeamMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ActivityFollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["done", "due_date", "id"]
        indexes = [models.Index(fields=["done", "due_date"], name="followup_done_due_idx")]

    def __str__(self):
        return self.description[:60]

    def clean(self):
        if self.owner_id and self.activity_id:
            owner_office = self.owner.team.office_id
            if owner_office != self.activity.office_id:
                raise ValidationError({"owner": _("The owner must be a member of this office's team.")})


class ActivityFileQuerySet(OfficeScopedQuerySet):
    """Seen with the activity: from below, when one of its bodies lies in reach (ActivityQuerySet)."""

    region_lookup = "activity__office__code"
    ancestors_see = False
    also_through = (Through("activity__bodies__code", only_for=Action.VIEW),)


class ActivityFile(models.Model):
    """Minutes, photos or the attendance list of an activity; stored like evidence (sniffed, hashed,
    under its hash, never changed)."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="files", verbose_name=_("activity"))
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityFileKind.choices)
    file = models.FileField(_("file"), storage=evidence_storage, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.BigIntegerField(_("size (bytes)"))
    mime_type = models.CharField(_("file type"), max_length=100)
    original_name = models.CharField(_("original file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ActivityFileQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity file")
        verbose_name_plural = _("activity files")
        ordering = ["activity", "kind", "uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "sha256"], name="activityfile_unique_per_activity"),
            models.CheckConstraint(condition=models.Q(kind__in=ActivityFileKind.values), name="activityfile_kind"),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="activityfile_not_empty"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"
