"""Site generation: Markdown and pictures made from the compiled rules (used by macros.py).

Nothing here decides anything about a project: it lays out what `calculator` holds and returns.
"""
