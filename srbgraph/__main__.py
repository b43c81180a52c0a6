"""``python -m srbgraph``: the command line."""
from .cli.main import main

main()
