"""jianghua: an offline library and writing workbench for Chinese official speeches."""

__version__ = "0.1.0"
