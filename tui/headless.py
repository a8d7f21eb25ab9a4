"""Headless subcommands: extract, entities, claims, compare."""

from __future__ import annotations

import argparse
import sys


def run(command: str, args: argparse.Namespace) -> int:
    """Run one headless subcommand."""
    sys.stderr.write(f"gisa {command}: not available yet\n")
    return 2
