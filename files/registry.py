"""Every file the database points at: the one list that `check_integrity`, `backup`, `restore` and
`files.store.discard` walk, so a new file field cannot be forgotten by one of them
(tests/phpu/test_check_integrity.py fails when a FileField is not listed here).

Models are named by their label and looked up when asked: files sits below every app and imports none.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import Storage, storages


@dataclass(frozen=True)
class StoredFiles:
    label: str
    model: str  # app_label.Model
    field: str
    storage: str  # the key in settings.STORAGES
    sha256: str | None = None  # the field (or property) holding the file's hash, if it has one
    size: str | None = None
    region: str | None = None  # the lookup to the region code, for --region
    describe: Callable = str

    def queryset(self):
        model = apps.get_model(self.model)
        return model._default_manager.exclude(**{self.field: ""}).exclude(**{f"{self.field}__isnull": True})

    def store(self) -> Storage:
        return storages[self.storage]


KINDS = (
    StoredFiles(
        "evidence",
        "inventory.Evidence",
        "file",
        "evidence",
        sha256="sha256",
        size="size",
        region="region__code",
        describe=lambda row: f"region {row.region_id} {row.original_name!r}",
    ),
    StoredFiles("evidence preview", "inventory.Evidence", "preview", "evidence", region="region__code"),
    StoredFiles(
        "team SK",
        "teams.TaskTeam",
        "sk_file",
        "evidence",
        sha256="sk_sha256",
        size="sk_size",
        region="office__code",
        describe=lambda row: f"office {row.office_id or 'KPU RI'} {row.sk_original_name!r}",
    ),
    StoredFiles(
        "activity file",
        "teams.ActivityFile",
        "file",
        "evidence",
        sha256="sha256",
        size="size",
        region="activity__office__code",
        describe=lambda row: f"activity {row.activity_id} {row.original_name!r}",
    ),
    StoredFiles(
        "dossier PDF",
        "dossiers.DossierJob",
        "output",
        "dossiers",
        sha256="sha256",
        size="size",
        describe=lambda row: f"{row.kind} requested by {row.requested_by_id}",
    ),
    StoredFiles("dossier manifest", "dossiers.DossierJob", "manifest_file", "dossiers"),
    StoredFiles(
        "dossier manifest PDF",
        "dossiers.DossierJob",
        "manifest_pdf",
        "dossiers",
        sha256="manifest_pdf_sha256",  # recorded in the job's manifest when the job finished
        describe=lambda row: f"{row.kind} requested by {row.requested_by_id}",
    ),
)
STORAGE_KEYS = tuple(dict.fromkeys(kind.storage for kind in KINDS))


def referenced(storage_key: str, names: list[str]) -> set[str]:
    """Those of `names` (in storage `storage_key`) that some row, of any model, points at."""
    used: set[str] = set()
    for kind in KINDS:
        if kind.storage == storage_key:
            used |= set(kind.queryset().filter(**{f"{kind.field}__in": names}).values_list(kind.field, flat=True))
    return used
