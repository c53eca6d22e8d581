"""The address book served over CardDAV, so a phone or desktop contacts app can
subscribe to the user's people."""
