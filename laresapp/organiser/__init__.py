"""The organiser area: password sign-in and GPX upload (a new trek, or a recording that
replaces a sketch)."""
