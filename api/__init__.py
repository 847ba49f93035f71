"""The content API: published stories as IPTC ninjs 2.0, and the sections, tags and
authors they are filed under, read-only (see api/views.py)."""
