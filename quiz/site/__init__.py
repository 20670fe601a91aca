"""Site-generator glue, CPython only: the Markdown embedding, the MkDocs/ProperDocs plugin, the form, the CSP,
the offline worker and the runtime a built site needs."""
