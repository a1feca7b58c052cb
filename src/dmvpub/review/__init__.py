"""Review sign-offs: who read which exact text, and what that makes of each message.

signoff.py is the sign-off (its comment format and digest), state.py a locale's review state,
english.py the English's sign-offs file (source/reviews.yaml), edits.py what signing changes in a
catalog's text. Signing as a command is dmvpub.commands.review; what `check` says about reviews,
dmvpub.checks.review.
"""

from .edits import summary_headers, with_signoffs, with_summary
from .english import (MAX_REVIEWS_BYTES, REVIEWS_FILE, parse_source_signoffs, read_source_signoffs, reviews_path,
                      reviews_shown, reviews_yaml)
from .signoff import (CHANGED, REVIEWED, SIGNOFF, UNREVIEWED, comment_signoffs, entry_digest, entry_signoffs,
                      entry_state, format_signoff, message_digest, old_format, parse_signoff)
from .state import (NAMES_SEPARATOR, EnglishMessage, MessageReview, ReviewState, english_messages, source_review_state,
                    translation_review_state)

__all__ = ['CHANGED', 'NAMES_SEPARATOR', 'EnglishMessage', 'MAX_REVIEWS_BYTES', 'MessageReview', 'REVIEWED', 'REVIEWS_FILE',
           'ReviewState', 'SIGNOFF', 'UNREVIEWED', 'comment_signoffs', 'english_messages', 'entry_digest',
           'entry_signoffs', 'entry_state', 'format_signoff', 'message_digest', 'old_format', 'parse_signoff',
           'parse_source_signoffs', 'read_source_signoffs', 'reviews_path', 'reviews_shown', 'reviews_yaml',
           'source_review_state', 'summary_headers', 'translation_review_state', 'with_signoffs', 'with_summary']
