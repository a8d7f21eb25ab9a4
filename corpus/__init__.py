"""Gisa's domain layer: reading article files, cleaning, Korean analysis, numbers, entities, claims.

Nothing here imports Textual or Rich; the `tui` package displays what these modules produce.
"""

__version__ = "0.1.0"
