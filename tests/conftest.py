"""Settings for every test."""

import os

# `jianghua ingest` and `serve` start the e5 embedding as a detached background process; in tests
# that child would outlive the test and load the shared machine for minutes. Tests that exercise
# it call jianghua.library.background directly.
os.environ.setdefault("JIANGHUA_E5_BACKGROUND", "off")
