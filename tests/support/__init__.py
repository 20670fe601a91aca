"""Helpers shared by the browser and end-to-end tests: a GitHub-Pages-like static server and Chromium."""
