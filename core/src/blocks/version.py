"""The version of blocks-core (``blocks.__version__``), in a module nothing else loads."""

__version__ = "0.1.0"
