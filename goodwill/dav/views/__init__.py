"""The address book's pages: the CardDAV endpoint (protocol) and its settings page."""
