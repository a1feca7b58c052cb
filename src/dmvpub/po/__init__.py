"""gettext catalogs: the template, each locale's .po file, read and written one way."""

from .catalog import (REVIEW_HEADERS, TemplateMessage, blank_translation, catalog_path, declared_language,
                      extract_catalog, header_line, init_locale, is_translated,
                      language_header, locale_code, locale_codes,
                      locale_directory_errors, plural_forms, read_catalog,
                      template_messages, template_path, update_locale, write_template)
from .pseudo import is_pseudo, write_pseudo

__all__ = ['REVIEW_HEADERS', 'TemplateMessage', 'blank_translation', 'catalog_path', 'declared_language',
           'extract_catalog', 'header_line', 'init_locale', 'is_pseudo', 'is_translated',
           'language_header', 'locale_code', 'locale_codes', 'locale_directory_errors',
           'plural_forms', 'read_catalog', 'template_messages', 'template_path', 'update_locale',
           'write_pseudo', 'write_template']
