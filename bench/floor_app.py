"""The stack's floor: a bare Flask app returning a fixed body, under the same gunicorn settings.

gunicorn -w 2 bench.floor_app:app   (BENCH_FLOOR_BODY names the file whose bytes it returns)
"""
import os

from flask import Flask, Response

app = Flask(__name__)
with open(os.environ["BENCH_FLOOR_BODY"], "rb") as body_file:
    BODY = body_file.read()


@app.get("/")
def page() -> Response:
    return Response(BODY, mimetype="text/html")
