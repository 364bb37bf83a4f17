"""Entry point for `python -m kneelog`."""

from kneelog.cli import main

raise SystemExit(main())
