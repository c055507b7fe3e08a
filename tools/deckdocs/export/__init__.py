"""Packages that take the course out of the site: the question bank as QTI (:mod:`.qti`), the
built site as a SCORM package for an LMS (:mod:`.scorm`, with :mod:`.manifest`), and the built
site as one PDF handout (:mod:`.pdf`)."""
