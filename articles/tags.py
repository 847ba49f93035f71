"""Tag housekeeping for producers: rename, merge, delete unused, bulk tagging."""
