"""`python -m tui` runs the `gisa` command."""

from tui.cli import main

raise SystemExit(main())
