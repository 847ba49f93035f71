"""Redirects: old public addresses that answer 301 with the new one."""
