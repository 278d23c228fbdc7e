"""Stored bytes, whoever stores them: what an upload really is (`files.inspect`), SHA-256 of a stream
or of a stored file (`files.hashing`), writing under a temporary name and discarding what no row uses
(`files.store`), and the one list of file fields that check_integrity, backup and discard walk
(`files.registry`).

Imports no app but core: the apps hand in their rules (which types an evidence kind accepts) and name
their models by string label. Not an installed app: it has no models, templates or commands, and its
messages are translated from the project's locale folder.
"""
