"""Steward: a desktop workbench for CRM data stewards."""

__version__ = "0.1.0"
