"""Plumbing every app may use and that uses no app: the error type, API bases, spreadsheet reading,
full-text search, audit helpers. Nothing here knows about regions, roles or elections."""
