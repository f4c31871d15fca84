"""PUM 0.x's ``pum.core`` package, as far as delta files import it."""
