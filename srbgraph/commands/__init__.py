"""Commands that live in modules of their own (see ``srbgraph.cli.LAZY_COMMANDS``)."""
