"""Shared fixtures: a throwaway copy of the project, so tests can edit and rebuild freely.

The helpers themselves live in tests/helpers/; the names tests import from here are re-exported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpub.core.settings import Settings

from helpers.catalog import edit  # noqa: F401  (re-exported)
from helpers.project import FRONT, ROOT, SEED, copy_project, write_project  # noqa: F401  (re-exported)


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    """A copy of this project's source, templates and catalogs, with its settings."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Settings:
    """One build of the whole project in a throwaway copy, shared by the tests that only read it."""
    from dmvpub import commands as dmvpub
    settings = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = dmvpub.build(settings)
    assert not result.failed, [str(error) for error in result.failed]
    return settings
