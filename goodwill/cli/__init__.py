"""The command line: app.py assembles it from each area's cli module; common.py is what
they share (the account, errors, output, the --json option); render.py shows dates."""
