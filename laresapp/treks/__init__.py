"""Treks: their models, pages and GPX download, storing a trek document (bundled ones in
``data/``), its profile, and the glue between GPX files and stored treks."""
