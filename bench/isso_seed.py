"""Seed Isso's database with the same thread Forum's bench uses (run with Isso's own Python).

Usage: isso-venv/bin/python bench/isso_seed.py <isso.cfg> <comments.json>
"""
import json
import sys

from isso import config, db

conf = config.load(config.default_file(), sys.argv[1])
store = db.SQLite3(conf.get("general", "dbpath"), conf)
comments = json.load(open(sys.argv[2]))
store.threads.new("/bench-thread", "Bench thread")
ids = {}
for comment in comments:
    added = store.comments.add("/bench-thread", {
        "text": comment["body_md"], "author": comment["author_name"], "email": None,
        "website": None, "parent": ids.get(comment["parent"]), "mode": 1,
        "remote_addr": "127.0.0.1", "notification": 0})
    ids[comment["id"]] = added["id"]
print(len(ids))
