"""Gisa's terminal front end: the Textual app and the `gisa` command line.

Importing this package loads nothing heavy; `tui.app` pulls in Textual only when the app starts.
"""
