"""Compose a new speech from the library: spec, outline, passages, adaptation, draft, export."""
