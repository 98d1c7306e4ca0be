"""Tooling for the multilingual de-escalation playbook (one package, one CLI: ``playbook``)."""

__version__ = "0.1.0"
