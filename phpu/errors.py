class ApplicationError(Exception):
    """The one error type for domain failures: a message a person can read, plus details."""

    def __init__(self, message, extra=None):
        super().__init__(message)
        self.message = str(message)
        self.extra = extra or {}
