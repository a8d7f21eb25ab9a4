"""`python -m tui` runs the `gisa` command."""

if __name__ == "__main__":  # (analysis workers are spawned processes: they import this module without running it)
    from tui.cli import main

    raise SystemExit(main())
