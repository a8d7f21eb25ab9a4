"""The panes of the reader: article list, reading view, entity sidebar, metric comparison, status bar."""
