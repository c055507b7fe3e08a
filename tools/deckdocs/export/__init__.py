"""Packages that take the course out of the site: the question bank as QTI (:mod:`.qti`)."""
