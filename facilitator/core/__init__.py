"""The Textual-free core of facilitator: model, storage, dates, capture parsing, minutes.

Nothing under this package may import Textual; ``tests/core/test_import_hygiene.py`` checks it.
"""
