"""Everything Flask-free and typed: the trek document, track geometry, GPX and planning.

Nothing here imports Flask or the database, so the same code serves the web app, the command
line, the tools and the benchmarks. Units are in the names: ``_m`` metres, ``_s`` seconds,
``_deg`` degrees.
"""
