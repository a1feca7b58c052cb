"""Translator QA: every check, registered once, run on a catalog."""

from .finding import ERROR, WARNING, CheckReport, Finding
from .registry import Check
from .runner import REGISTRY, catalog_errors, check_catalog, check_project

__all__ = ['Check', 'CheckReport', 'ERROR', 'Finding', 'REGISTRY', 'WARNING', 'catalog_errors', 'check_catalog',
           'check_project']
