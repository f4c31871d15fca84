"""Run one Python hook or delta for pum (the TypeScript tool). Not for direct use.

pum starts ``python pum_shim_runner.py`` with what to run as JSON on stdin and the database
connection in the environment only (libpq's PG* variables); the outcome goes back as one JSON
line on file descriptor 3. Output of the hook goes to stdout / stderr, which pum logs.
"""

import importlib.util
import inspect
import json
import os
import sys
import traceback
from pathlib import Path

_report = os.fdopen(3, "w", encoding="utf-8")


def send(outcome):
    _report.write(json.dumps(outcome) + "\n")
    _report.flush()


def connect():
    """A connection to the target from the PG* environment: psycopg 3, else psycopg2."""
    try:
        import psycopg

        return psycopg.connect(""), "psycopg"
    except ImportError as error:
        if getattr(error, "name", None) != "psycopg":
            raise
    try:
        import psycopg2
    except ImportError as error:
        if getattr(error, "name", None) != "psycopg2":
            raise
        send({"missing": "psycopg"})
        sys.exit(3)
    # Lets Ctrl-C (pum's cancel) interrupt a running query, which psycopg2 then cancels.
    import psycopg2.extensions
    import psycopg2.extras

    psycopg2.extensions.set_wait_callback(psycopg2.extras.wait_select)
    return psycopg2.connect(""), "psycopg2"


def has_psycopg():
    for name in ("psycopg", "psycopg2"):
        try:
            importlib.import_module(name)
            return name
        except ImportError:
            continue
    return None


def version_key(text):
    try:
        from packaging.version import Version

        return Version(text)
    except Exception:
        parts = []
        for piece in str(text).replace("-", ".").split("."):
            digits = "".join(c for c in piece if c.isdigit())
            parts.append(int(digits) if digits else 0)
        return tuple(parts)


def check_dependency(dependency):
    """What the interpreter has of one ``dependencies:`` entry of ``.pum.yaml``."""
    name = dependency["name"]
    found = None
    try:
        from importlib import metadata

        found = metadata.version(name)
    except Exception:
        pass
    importable = True
    if found is None:
        try:
            module = importlib.import_module(name.replace("-", "_"))
            found = getattr(module, "__version__", None)
        except ImportError:
            importable = False
    outcome = {"name": name, "version": found}
    if not importable:
        outcome["problem"] = "missing"
    elif found is None:
        outcome["problem"] = "unknown-version"
    elif dependency.get("minimum_version") and version_key(found) < version_key(dependency["minimum_version"]):
        outcome["problem"] = "too-old"
    elif dependency.get("maximum_version") and version_key(found) > version_key(dependency["maximum_version"]):
        outcome["problem"] = "too-new"
    return outcome


def typed(parameter):
    kind, value = parameter["type"], parameter["value"]
    if kind == "integer":
        return int(value)
    if kind == "decimal":
        return float(value)
    if kind == "boolean":
        return bool(value)
    if kind == "path":
        return Path(value)
    return str(value)


def load(path, name, search):
    """Import the file as a module of its own, with ``search`` directories importable."""
    for directory in reversed(search):
        if directory not in sys.path:
            sys.path.insert(0, directory)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def derives_from(cls, base_name):
    # By name, as PUM does: a hook importing HookBase from another installed pum still counts.
    return any(base.__name__ == base_name for base in inspect.getmro(cls)[1:])


def run_pum1(spec):
    path = Path(spec["file"])
    module = load(str(path), "pum_hook_" + path.stem, [str(path.parent), spec["root"]])
    hook_class = getattr(module, "Hook", None)
    if not inspect.isclass(hook_class) or not derives_from(hook_class, "HookBase"):
        raise TypeError("{} must define a class Hook deriving from pum.HookBase".format(path.name))
    parameters = {name: typed(p) for name, p in spec["parameters"].items()}
    signature = inspect.signature(hook_class.run_hook)
    takes_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values())
    arguments = {
        name: value
        for name, value in parameters.items()
        if takes_all or name in signature.parameters and name not in ("self", "connection")
    }
    connection, _driver = connect()
    try:
        hook = hook_class()
        if hasattr(hook, "_pum_bind"):
            hook._pum_bind(connection, parameters)
        hook.run_hook(connection=connection, **arguments)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.close()


def parsed_version(text):
    if text is None:
        return None
    for source in ("pkg_resources", "packaging.version"):
        try:
            module = importlib.import_module(source)
            return (module.parse_version if source == "pkg_resources" else module.Version)(text)
        except Exception:
            continue
    return text


def run_pum0(spec):
    path = Path(spec["file"])
    context = spec["pum0"]
    module = load(str(path), "pum_delta_" + path.stem.replace(".", "_").replace("-", "_"), [str(path.parent)])
    classes = [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and value.__module__ == module.__name__
        and derives_from(value, "DeltaPy")
    ]
    if not classes:
        raise TypeError("{} defines no class deriving from DeltaPy".format(path.name))
    variables = {name: typed(p) for name, p in spec["parameters"].items()}
    version = parsed_version(context["currentVersion"])
    for cls in classes:
        delta = cls(
            version,
            context["deltaDir"],
            context["deltaDirs"],
            context["pgService"],
            context["upgradesTable"],
            variables=variables,
        )
        delta.run()


def describe(error, spec):
    frames = traceback.extract_tb(error.__traceback__)
    last = frames[-1] if frames else None
    own = [f for f in frames if f.filename == spec.get("file")]
    outcome = {
        "type": type(error).__name__,
        "message": str(error),
        "module": getattr(error, "name", None) if isinstance(error, ImportError) else None,
    }
    if last is not None:
        outcome["last"] = {"file": last.filename, "line": last.lineno, "function": last.name, "code": last.line}
    if own:
        outcome["inFile"] = {"line": own[-1].lineno, "function": own[-1].name, "code": own[-1].line}
    return outcome


def main():
    spec = json.load(sys.stdin)
    sys.stdin.close()
    mode = spec["mode"]
    if mode == "check":
        driver = has_psycopg()
        if spec.get("needsPsycopg") and driver is None:
            send({"missing": "psycopg"})
            return 3
        dependencies = [check_dependency(d) for d in spec.get("dependencies", [])]
        send(
            {
                "ok": True,
                "python": sys.version.split()[0],
                "executable": sys.executable,
                "driver": driver,
                "dependencies": dependencies,
            }
        )
        return 0
    try:
        (run_pum1 if mode == "pum1" else run_pum0)(spec)
    except SystemExit as error:
        if error.code in (None, 0):
            send({"ok": True})
            return 0
        send({"error": describe(error, spec)})
        return 1
    except BaseException as error:
        send({"error": describe(error, spec)})
        return 1
    send({"ok": True})
    return 0


if __name__ == "__main__":
    sys.exit(main())
