"""Questionnaires for the Paraprofessional Support Guide.

The package is laid out by where its code runs:

- `quiz.core`: the engine, standard library only; shipped to the browser and run by Pyodide, and used by CPython.
- `quiz.authoring`: CPython only: reading questionnaire files, checks and guarantees, readability, the CLI.
- `quiz.site`: the site generator's glue: the form, the MkDocs plugin, CSP and offline.
- `quiz/web/`: the browser's files (ES modules, the workers, styles), copied into the site.
"""
