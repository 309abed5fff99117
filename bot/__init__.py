"""Speak Up web gateway, settings and the anonymous topic log."""
