"""Bundled trek data files (JSON), and the script that draws their sketch tracks."""
