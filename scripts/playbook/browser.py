"""How the tests and benchmarks start Debian's Chromium: one path and one set of flags.

Without the background-networking flags Chromium keeps trying to reach Google's hosts, which this
closed network refuses (and which would be a third-party request).
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
