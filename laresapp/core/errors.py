"""The one exception type for bad route input.

Its message is shown to a hiker or an organiser as it is, so it says what is wrong
in plain words ("the file has no track points"), never a parser's internals.
"""


class RouteError(ValueError):
    """Input that cannot become a route: bad GPX, bad coordinates, no points."""
