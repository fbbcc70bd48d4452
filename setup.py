"""Metadata lives in setup.cfg; this only ships the top-level theme inside the package.

The design keeps `templates/` and `static/` at the top of the repository; an installed wheel
carries them as forum/_theme/ (forum.theme_path() looks in both places).
"""
import os

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithTheme(build_py):
    def run(self):
        super().run()
        for kind in ("templates", "static"):
            self.copy_tree(kind, os.path.join(self.build_lib, "forum", "_theme", kind))


setup(cmdclass={"build_py": BuildWithTheme})
