"""Pure, typed route code: geometry, elevation profile, hiking times and GPX.

Nothing here imports Flask, so the same code serves the web app, the command line,
the sketch-track script and the benchmarks. Units are in the names: ``_m`` metres,
``_s`` seconds, ``_deg`` degrees.
"""
