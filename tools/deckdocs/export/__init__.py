"""Packages that take the course out of the site: the question bank as QTI (:mod:`.qti`), and
the built site as a SCORM package for an LMS (:mod:`.scorm`, with :mod:`.manifest`)."""
