"""The API's Blueprint (/api/v1), on its own so the read and write modules add routes to it.
Breaking changes go to a new blueprint at /api/v2 (docs/api.md)."""
from flask import Blueprint

from forum.api import http

bp = Blueprint("api", __name__, url_prefix="/api/v1")
http.install(bp)
