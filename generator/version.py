"""The generator's version, written into every generated package's metadata."""

__version__ = "0.1.0"
