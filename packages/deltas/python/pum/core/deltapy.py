"""The base class of PUM 0.x Python deltas (``pre-all.py``, ``delta_X.Y.Z[_name][.pre|.post].py``).

pum instantiates every subclass found in a delta file with the values PUM 0.x gave and calls
``run()``. ``pg_service`` names a service that resolves to the database being upgraded.
"""

from abc import ABCMeta, abstractmethod


class DeltaPy(metaclass=ABCMeta):
    """A Python delta: implement ``run()``."""

    def __init__(self, current_db_version, delta_dir, delta_dirs, pg_service, upgrades_table, variables=None):
        self._pum_current_db_version = current_db_version
        self._pum_delta_dir = delta_dir
        self._pum_delta_dirs = delta_dirs
        self._pum_pg_service = pg_service
        self._pum_upgrades_table = upgrades_table
        self._pum_variables = variables if variables is not None else {}

    @abstractmethod
    def run(self):
        """The delta's work."""

    @property
    def current_db_version(self):
        """The database's version before the upgrade (a parsed version when one can be made)."""
        return self._pum_current_db_version

    @property
    def delta_dir(self):
        """The directory of this delta file, with a trailing separator."""
        return self._pum_delta_dir

    @property
    def delta_dirs(self):
        """Every delta directory of the run."""
        return self._pum_delta_dirs

    @property
    def pg_service(self):
        """A libpq service name that resolves to the database being upgraded."""
        return self._pum_pg_service

    @property
    def upgrades_table(self):
        """The history table, ``schema.name``."""
        return self._pum_upgrades_table

    @property
    def variables(self):
        """The run's variables (``-v TYPE NAME VALUE``), typed."""
        return self._pum_variables

    def write_message(self, text):
        """Write a line to pum's log."""
        print("Message from {}: {}".format(self.__class__.__name__, text), flush=True)
