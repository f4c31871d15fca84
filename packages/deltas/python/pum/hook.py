"""The base class of PUM 1.x application hooks: ``class Hook(HookBase)`` with ``run_hook``."""

import abc
import re
from pathlib import Path

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\w+)\}")


class HookBase(abc.ABC):
    """A Python application hook. pum calls ``run_hook(connection, **parameters)`` with the
    connection to the database being upgraded and the parameters ``run_hook`` names, typed as
    ``.pum.yaml`` declares them. pum commits when it returns and rolls back if it raises."""

    def __init__(self) -> None:
        self._connection = None
        self._parameters = {}

    def _pum_bind(self, connection, parameters) -> None:
        # Called by pum's runner before run_hook; parameters are a copy of the run's values.
        self._connection = connection
        self._parameters = dict(parameters or {})

    @abc.abstractmethod
    def run_hook(self, connection, **parameters) -> None:
        """Do the hook's work on ``connection``; do not commit (pum does)."""

    def execute(self, sql) -> None:
        """Run SQL on the hook's connection without committing: a string, a ``psycopg.sql``
        object or a ``Path`` of an SQL file. ``{NAME}`` is replaced by the literal of the run's
        parameter NAME, ``{{`` and ``}}`` by one brace, as PUM does."""
        connection = self._connection
        if connection is None:
            raise RuntimeError("HookBase.execute called outside run_hook")
        if isinstance(sql, Path):
            text = sql.read_text(encoding="utf-8")
        elif isinstance(sql, str):
            text = sql
        else:
            text = sql.as_string(connection)
        text = _format(text, self._parameters, connection)
        with connection.cursor() as cursor:
            cursor.execute(text)


def _literal(value, connection) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    try:
        from psycopg import sql as psycopg_sql

        return psycopg_sql.Literal(str(value)).as_string(connection)
    except ImportError:
        from psycopg2.extensions import adapt

        quoted = adapt(str(value))
        quoted.prepare(connection)
        return quoted.getquoted().decode()


def _format(text: str, parameters: dict, connection) -> str:
    def replace(match):
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        if name not in parameters:
            return token
        return _literal(parameters[name], connection)

    return _PLACEHOLDER.sub(replace, text)
