"""Connectors: the outside world (export files, later the Salesforce APIs)."""
