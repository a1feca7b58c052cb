"""Review sign-offs: who read which exact text, and what that makes of each message."""

from .signoffs import (SignResult, catalog_review_problems, read_source_signoffs, sign,
                       source_review_findings, source_review_state,
                       translation_review_state)

__all__ = ['SignResult', 'catalog_review_problems', 'read_source_signoffs', 'sign', 'source_review_findings',
           'source_review_state', 'translation_review_state']
