"""pum's stand-in for PUM's Python package, so that hooks and deltas written for PUM run unchanged.

pum (the TypeScript tool) puts this directory first on PYTHONPATH when it runs a Python hook or
delta. It provides what PUM's users import: ``from pum import HookBase`` (PUM 1.x) and
``from pum.core.deltapy import DeltaPy`` (PUM 0.x).
"""

from .hook import HookBase

__all__ = ["HookBase"]
