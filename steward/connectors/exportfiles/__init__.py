"""Salesforce Data Export and Data Loader files: reading them into a workspace, writing them out."""
