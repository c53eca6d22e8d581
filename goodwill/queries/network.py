"""Read side of the network: warm introduction paths, reach, bridges."""

from __future__ import annotations


def person_network(owner, person):
    """What the person page shows about this person's place in your network
    (what the connection adds). None while there is nothing to show."""
    return None
