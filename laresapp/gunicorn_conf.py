"""gunicorn settings for laresapp: ``gunicorn -c python:laresapp.gunicorn_conf …``.

The access log masks trip tokens (laresapp/web/logs.py): a token is the key to a trip.
"""

logger_class = "laresapp.web.logs.MaskingGunicornLogger"
