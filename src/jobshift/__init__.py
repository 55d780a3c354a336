"""jobshift: measure the AI job shift from job postings and layoff events.

Data flows one way: sources → raw records → normalised rows → enrichment → store → metrics → views
(CLI, report, API, web). The Python API for users lives in `jobshift.api_py` once stable; today use
`jobshift.store.connect`, `jobshift.pipeline` and `jobshift.metrics`.
"""

__version__ = "0.1.0"
