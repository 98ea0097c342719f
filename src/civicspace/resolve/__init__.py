"""Resolve."""
