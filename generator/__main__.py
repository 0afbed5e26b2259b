"""``python -m generator`` runs the specgen command line."""

from .cli import main

main()
