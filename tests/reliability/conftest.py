"""Fixtures of the reliability suite: faulty HTTP servers on 127.0.0.1."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from faulty import FaultyServer  # noqa: E402


@pytest.fixture
def faulty():
    s = FaultyServer()
    yield s
    s.close()


@pytest.fixture
def other():
    """A second server: another origin (another port) for cross-origin redirects."""
    s = FaultyServer()
    yield s
    s.close()
