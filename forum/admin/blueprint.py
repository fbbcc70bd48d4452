"""The admin Blueprint object, on its own so every page module can add routes to it."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
