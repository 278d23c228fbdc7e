"""The audit history (django-simple-history) names who changed a record and why."""


def record_actor(instance, actor, reason: str | None = None) -> None:
    """Name the actor in the audit history; without this only a web request's user is recorded, and
    commands, tasks and the demo loader would leave anonymous entries. `reason` is kept short (the
    history's column holds 100 characters)."""
    if actor is not None:
        instance._history_user = actor
    if reason:
        instance._change_reason = reason[:100]
