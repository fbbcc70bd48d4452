"""The discussion Blueprint, on its own so each page module (comments, previews, reports)
adds its routes to it."""
from flask import Blueprint

bp = Blueprint("discussion", __name__)
