"""Screens: the main four-pane screen, help, and the list of files with problems."""
