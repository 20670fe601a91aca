"""CPython only, for editors and the build: questionnaire files with line numbers, the checks and guarantee
proofs, the reading-grade check and the command line."""
