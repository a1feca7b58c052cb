"""What the tests share: reading a PDF's text (pdf), comparing text across a PDF's lines (text),
a copy of the project to edit and build (project), editing its catalogs (catalog).

Importable as `helpers` because pytest puts tests/ on sys.path (tests/ has no __init__.py);
conftest.py re-exports the names tests already import from it.
"""
