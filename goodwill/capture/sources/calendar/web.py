"""A private ICS address (Google's secret iCal address, iCloud, Fastmail, Outlook) -> the
calendar file's bytes.

The path of such an address is a password: whoever has it reads the calendar. So the
address is never logged nor shown; every message names the host alone.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

import httpx

from goodwill.capture.rules.seen import SourceError

MAX_BYTES = 20 * 1024 * 1024  # larger than any personal calendar; a runaway feed stops here
SCHEMES = {"https": "https", "http": "http", "webcal": "https", "webcals": "https"}
USER_AGENT = "Goodwill (calendar capture)"


class _HideAddresses(logging.Filter):
    """httpx logs each request with its full address at INFO: keep the host only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(
                _host_only(arg) if isinstance(arg, httpx.URL) else arg for arg in record.args
            )
        return True


def _host_only(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.host}/…"


logging.getLogger("httpx").addFilter(_HideAddresses())


def fetch_ics_url(url: str, *, timeout: float = 30) -> bytes:
    """GET the calendar at `url` (webcal:// is read as https://). Raises SourceError,
    naming the host only, when it cannot be read or is not a calendar."""
    address, host = _address(url)
    try:
        with (
            httpx.Client(
                timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
            ) as client,
            client.stream("GET", address) as response,
        ):
            _check_status(response.status_code, host)
            body = _read_capped(response, host)
    except httpx.TimeoutException:
        raise SourceError(f"{host} did not answer in time; we will try again later") from None
    except httpx.ConnectError:
        raise SourceError(f"cannot reach {host}; check the address, or try again later") from None
    except httpx.TooManyRedirects:
        raise SourceError(f"{host} keeps sending us elsewhere; check the address") from None
    except httpx.HTTPError:  # a dropped connection, a broken answer: never its URL
        raise SourceError(f"the connection to {host} failed; we will try again later") from None
    if not body.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        raise SourceError(
            f"{host} did not send a calendar; check that you copied the calendar's "
            "private address (often called the iCal or ICS address)"
        )
    return body


def _address(url: str) -> tuple[str, str]:
    """The address to fetch, and the host to name in messages."""
    try:
        parts = urlsplit(str(url).strip())
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    scheme = SCHEMES.get(parts.scheme.lower()) if parts else None
    if not scheme or not host:
        raise SourceError(
            "this is not a calendar address we can read; use one that starts with "
            "https:// or webcal://"
        )
    return urlunsplit((scheme, parts.netloc, parts.path, parts.query, "")), host


def _check_status(status: int, host: str) -> None:
    if status < 400:
        return
    if status in (401, 403):
        raise SourceError(
            f"{host} refused to share this calendar; the private address may have been "
            "reset, so copy it again from your calendar's settings"
        )
    if status in (404, 410):
        raise SourceError(
            f"{host} has no calendar at this address; it may have been reset or removed, "
            "so copy it again from your calendar's settings"
        )
    if status == 429:
        raise SourceError(f"{host} asked us to slow down; we will try again later")
    raise SourceError(f"{host} had a problem (HTTP {status}); we will try again later")


def _read_capped(response: httpx.Response, host: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise _too_large(host)
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise _too_large(host)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(host: str) -> SourceError:
    megabytes = MAX_BYTES // (1024 * 1024)
    return SourceError(f"the calendar at {host} is larger than {megabytes} MB; we did not read it")
