"""The public site checked by real validators: the Nu Html Checker, axe-core, Lighthouse.

tools.py finds them (or says which is missing), vnu.py and axe.py run the first two over
pages, lighthouse.py serves the demo newsroom the production way and runs Lighthouse on
the seed story. tests/validators uses all of them; ``make audit`` runs those tests alone
and prints a table. See audit/README.md.
"""
