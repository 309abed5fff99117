"""Speak Up tests: actions, content, gateway and the whole running chain."""
