"""`python -m econfacts` runs the command line."""

from econfacts.cli import main

main()
