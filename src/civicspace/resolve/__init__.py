"""Resolve: one person, one record, across spellings, scripts and documents.

`names` reduces names to comparable parts, `match` scores two names (thresholds
in config.yaml), `index` finds candidates among many stored names, `link` is
what the importer calls per actor and incident, `merge` folds two actors into
one and undoes it.
"""
