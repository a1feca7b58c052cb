"""Translator QA: every check, registered once, run on a catalog."""

from .runner import (CheckReport, ERROR, Finding, WARNING, catalog_errors, check_catalog, check_project)

__all__ = ['CheckReport', 'ERROR', 'Finding', 'WARNING', 'catalog_errors', 'check_catalog', 'check_project']
