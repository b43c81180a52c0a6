"""The version of srbgraph (read by the build backend; nothing else of the package is imported)."""
__version__ = "0.1.0"
