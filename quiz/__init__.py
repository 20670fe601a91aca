"""Questionnaires for the Paraprofessional Support Guide.

`quiz.engine` and `quiz.conditions` are pure and standard-library only: they are also packed into the zip the
browser loads with Pyodide. The other modules (definition loading, form rendering, the MkDocs plugin, the CLI)
run only in CPython at build time.
"""
