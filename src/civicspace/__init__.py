"""civicspace: a living record of civic-space violations, from report to record and back."""

__version__ = "0.1.0"
