"""WSGI entry point: `gunicorn forum.wsgi:app`."""
from forum import create_app

app = create_app()
