"""gettext catalogs: the template, each locale's .po file, read and written one way (store.py).

extract.py makes the template; locales.py says which locales there are and where their catalogs
live; merge.py brings the template into a catalog (init, update), typedover.py says where it kept a
translation typed over the English; store.py reads and writes a catalog, with where each entry is,
and leftovers.py names what a merge left in it (conflict markers, msgcat's markers); entries.py
says whether a translation is printed; pseudo.py makes the layout-testing pseudo-locales.
"""

from .entries import REVIEW_HEADERS, blank_translation, is_translated
from .extract import TemplateMessage, extract_catalog, template_messages, write_template
from .locales import (catalog_path, declared_language, language_header, locale_code, locale_codes,
                      locale_directory_errors, plural_forms, template_path)
from .merge import init_locale, update_locale
from .pseudo import is_pseudo, write_pseudo
from .store import (CatalogFile, EntryLines, catalog_bytes, edit_header, entry_lines, header_line, insert_line,
                    line_ending, parse_catalog, read_catalog, write_catalog)
from .typedover import TypedOver, english_in, typed_over

__all__ = ['CatalogFile', 'EntryLines', 'REVIEW_HEADERS', 'TemplateMessage', 'TypedOver', 'blank_translation',
           'catalog_bytes', 'catalog_path',
           'declared_language', 'edit_header', 'english_in', 'entry_lines', 'extract_catalog', 'header_line', 'init_locale',
           'insert_line', 'is_pseudo', 'is_translated', 'language_header', 'line_ending', 'locale_code',
           'locale_codes', 'locale_directory_errors', 'parse_catalog', 'plural_forms', 'read_catalog',
           'template_messages', 'template_path', 'typed_over', 'update_locale', 'write_catalog', 'write_pseudo',
           'write_template']
