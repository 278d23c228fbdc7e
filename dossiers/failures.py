"""Why a dossier job stops (dossiers/jobs.py), in a module of their own so that the job's parts can raise them."""


class JobFailed(Exception):
    """A reason a person can act on (a tampered file, a lost reach); the job fails with this message."""
