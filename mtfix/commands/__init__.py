"""One module per ``mtfix`` subcommand, each with ``register(subparsers)``."""
