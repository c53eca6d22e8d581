"""Reading a mailbox over IMAP with imap-tools: headers only, by UID, page by page.

The reader knows nothing of the database. It is told where each folder got to (its
UIDVALIDITY and the last UID read) and yields pages of `Seen` items, each with the UID
to remember once the page is saved, so a run killed at any point starts again from the
last saved page: no message is missed and none is read twice (a re-read is also harmless,
since items are keyed by Message-ID).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.errors import ImapToolsError, MailboxLoginError

from goodwill.capture.rules import mail as rules
from goodwill.capture.rules.seen import Address, Direction, Seen, SourceError

PAGE = 500
TIMEOUT = 30  # seconds for any one answer from the server
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SENT_NAMES = ("sent", "sent items", "sent mail", "sent messages", "[gmail]/sent mail", "inbox.sent")


@dataclass
class Folder:
    name: str
    role: str  # inbox, sent, forward, other


@dataclass
class Page:
    folder: str
    uidvalidity: int
    last_uid: int  # the highest UID read in this page: remember it once the page is saved
    items: list[Seen]
    count: int  # messages read in this page (some may give no item)


def _at() -> str:
    return timezone.localtime().strftime("%H:%M")


def _translate(exc: BaseException, host: str, port: int) -> SourceError:
    if isinstance(exc, MailboxLoginError):
        return SourceError(f"login refused by {host} at {_at()}: check the user name and password")
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return SourceError(
            f"no secure connection to {host}:{port} at {_at()} ({exc.__class__.__name__}): "
            "check the port and the security setting"
        )
    if isinstance(exc, socket.gaierror):
        return SourceError(f"{host} could not be found at {_at()}: check the server name")
    if isinstance(exc, TimeoutError | socket.timeout):
        return SourceError(f"{host}:{port} did not answer in time at {_at()}")
    if isinstance(exc, OSError):
        return SourceError(f"could not reach {host}:{port} at {_at()} ({exc.strerror or exc})")
    return SourceError(f"{host} answered with an error at {_at()}: {str(exc)[:120]}")


class ImapReader:
    """One connection to a mailbox. Use as a context manager; errors become SourceError."""

    def __init__(
        self,
        *,
        host: str,
        port: int | None,
        security: str,
        username: str,
        password: str,
        own: set[str],
        keep_first_lines: bool = False,
        forward: bool = False,
        folders: list[str] | None = None,
        page_size: int = PAGE,
    ):
        self.host = host
        self.security = security
        self.port = port or (993 if security == "tls" else 143)
        self.username = username
        self.password = password
        self.own = {a.lower() for a in own}
        self.keep_first_lines = keep_first_lines
        self.forward = forward
        self.wanted = folders or []
        self.page_size = page_size
        self.box = None

    # ------------------------------------------------------------ connection

    def _mailbox(self):
        if self.security == "plain":
            if self.host not in LOOPBACK:
                raise SourceError(
                    "a connection without encryption is only allowed to this computer "
                    "(127.0.0.1); choose TLS or STARTTLS"
                )
            return MailBoxUnencrypted(self.host, self.port, timeout=TIMEOUT)
        context = ssl.create_default_context()
        if self.security == "starttls":
            return MailBoxStartTls(self.host, self.port, timeout=TIMEOUT, ssl_context=context)
        return MailBox(self.host, self.port, timeout=TIMEOUT, ssl_context=context)

    def __enter__(self) -> ImapReader:
        try:
            self.box = self._mailbox()
            self.box.login(self.username, self.password, initial_folder=None)
        except SourceError:
            raise
        except (ImapToolsError, imaplib.IMAP4.error, OSError, ValueError) as exc:
            raise _translate(exc, self.host, self.port) from None
        return self

    def __exit__(self, *exc) -> None:
        if self.box is not None:
            with contextlib.suppress(ImapToolsError, imaplib.IMAP4.error, OSError):
                self.box.logout()
            self.box = None

    def _guard(self, call):
        try:
            return call()
        except (ImapToolsError, imaplib.IMAP4.error, OSError) as exc:
            raise _translate(exc, self.host, self.port) from None

    # ------------------------------------------------------------ folders

    def folders(self) -> list[Folder]:
        """The folders to read: those named, else INBOX and the Sent folder (by its
        \\Sent flag, else by name); a forwarding mailbox reads INBOX only."""
        listed = self._guard(lambda: self.box.folder.list())
        names = {f.name for f in listed}
        if self.wanted:
            missing = [w for w in self.wanted if w not in names]
            if missing:
                raise SourceError(
                    f"{self.host} has no folder named {missing[0]!r}; "
                    f"it has {', '.join(sorted(names)[:8])}"
                )
            role = "forward" if self.forward else "other"
            return [
                Folder(w, "inbox" if w.upper() == "INBOX" and not self.forward else role)
                for w in self.wanted
            ]
        if self.forward:
            return [Folder("INBOX", "forward")]
        found = [Folder("INBOX", "inbox")]
        sent = next((f.name for f in listed if "\\Sent" in f.flags), None)
        if sent is None:
            by_lower = {f.name.lower(): f.name for f in listed}
            sent = next((by_lower[n] for n in SENT_NAMES if n in by_lower), None)
        if sent:
            found.append(Folder(sent, "sent"))
        return found

    def pending(self, folder: str, uidvalidity: int | None, last_uid: int) -> tuple[int, list[int]]:
        """The folder's UIDVALIDITY now and the UIDs not read yet. A changed UIDVALIDITY
        means the server numbered the folder afresh: every UID is read again."""
        # One SELECT gives both the message count and UIDVALIDITY (a STATUS first would
        # make the server look through a large folder twice).
        self.box.client.response("UIDVALIDITY")  # forget what an earlier SELECT said
        selected = self._guard(lambda: self.box.folder.set(folder, readonly=True))
        messages = int((selected[1] or [b"0"])[-1] or 0)
        _, answer = self.box.client.response("UIDVALIDITY")
        if answer and answer[-1]:
            validity = int(answer[-1])
        else:  # a server that left it out of SELECT: ask for it
            status = self._guard(lambda: self.box.folder.status(folder, ["UIDVALIDITY"]))
            validity = int(status["UIDVALIDITY"])
        start = last_uid if validity == uidvalidity else 0
        if not messages:
            return validity, []
        uids = self._guard(lambda: self.box.uids(f"UID {start + 1}:*"))
        # "N:*" always names the last message, even when its UID is below N.
        return validity, sorted(u for u in (int(x) for x in uids) if u > start)

    def pages(self, folder: Folder, validity: int, uids: list[int]) -> Iterator[Page]:
        """Pages of Seen items, in UID order. Headers only unless first lines are kept or
        the mailbox is a forwarding one (the note on top is in the body)."""
        headers_only = not (self.keep_first_lines or folder.role == "forward")
        if uids:
            self._guard(lambda: self.box.folder.set(folder.name, readonly=True))
        for start in range(0, len(uids), self.page_size):
            chunk = [str(u) for u in uids[start : start + self.page_size]]
            messages = self._guard(
                lambda chunk=chunk: list(
                    self.box.fetch(
                        uid_list=chunk, headers_only=headers_only, mark_seen=False, bulk=True
                    )
                )
            )
            items = []
            for message in messages:
                seen = self.to_seen(message, folder, validity)
                if seen is not None:
                    items.append(seen)
            yield Page(folder.name, validity, int(chunk[-1]), items, len(chunk))

    # ------------------------------------------------------------ one message

    def _date(self, message: MailMessage) -> dt.datetime:
        moment = message.date
        if moment is None or moment.year < 1980:
            moment = dt.datetime.now(dt.UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC)

    def to_seen(self, message: MailMessage, folder: Folder, validity: int) -> Seen | None:
        headers = message.headers
        message_id = (headers.get("message-id") or ("",))[0].strip()
        key = message_id.lower() or f"uid:{folder.name}:{validity}:{message.uid}"
        thread = rules.thread_of(
            message_id,
            (headers.get("in-reply-to") or ("",))[0],
            " ".join(headers.get("references") or ()),
        )
        sender = rules.addresses(list(headers.get("from") or ()))
        to = rules.addresses(list(headers.get("to") or ()))
        cc = rules.addresses(list(headers.get("cc") or ()))
        sender_email = sender[0].email if sender else ""
        subject = (message.subject or "").strip()[:300]
        occurred = self._date(message)
        if folder.role == "forward":
            return self._forwarded(message, key, thread or key, sender, to, cc, subject, occurred)
        automated = rules.is_automated(headers, sender_email)
        if sender_email in self.own or folder.role == "sent":
            direction = Direction.SENT
            others = [a for a in (*to, *cc) if a.email not in self.own]
        else:
            direction = Direction.RECEIVED
            others = [a for a in sender if a.email not in self.own]
        notes = rules.first_lines(message.text) if self.keep_first_lines else ""
        return Seen(
            key=key,
            kind="email",
            occurred_at=occurred,
            direction=direction,
            counterparts=_unique(others),
            subject=subject,
            thread=thread or key,
            notes=notes,
            automated=automated,
            source="mail",
            extra={"folder": folder.name, "uid": message.uid},
        )

    def _forwarded(self, message, key, thread, sender, to, cc, subject, occurred) -> Seen | None:
        """A message the user forwarded or BCC'd to the forwarding mailbox: the people
        are the original correspondents, the note typed on top becomes the notes."""
        text = message.text or ""
        split = rules.split_forward(text)
        if split is not None:
            note, block = split
            original_from = rules.addresses([block.get("from", "")])
            original_to = rules.addresses([block.get("to", ""), block.get("cc", "")])
            if original_from and original_from[0].email in self.own:
                direction = Direction.SENT
                others = [a for a in original_to if a.email not in self.own]
            else:
                direction = Direction.RECEIVED
                others = [a for a in original_from if a.email not in self.own]
            when = rules.forwarded_date(block.get("date", "")) or occurred
            inner_subject = block.get("subject") or subject
            return Seen(
                key=key,
                kind="email",
                occurred_at=when,
                direction=direction,
                counterparts=_unique(others),
                subject=inner_subject[:300],
                thread=key,
                notes=rules.note_from(note),
                source="mail",
                extra={"forwarded": True},
            )
        # A BCC: the user wrote to the people in To and Cc and copied this mailbox in.
        others = [a for a in (*to, *cc) if a.email not in self.own]
        if not others:
            others = [a for a in sender if a.email not in self.own]
            direction = Direction.RECEIVED
        else:
            direction = Direction.SENT
        return Seen(
            key=key,
            kind="email",
            occurred_at=occurred,
            direction=direction,
            counterparts=_unique(others),
            subject=subject,
            thread=thread,
            notes=rules.first_lines(text) if self.keep_first_lines else "",
            source="mail",
            extra={"bcc": True},
        )


def _unique(found: list[Address]) -> tuple[Address, ...]:
    seen, kept = set(), []
    for address in found:
        if address.email not in seen:
            seen.add(address.email)
            kept.append(address)
    return tuple(kept)


def check(**kwargs) -> list[str]:
    """Log in and list the folders that would be read: the connector's "test"."""
    with ImapReader(**kwargs) as reader:
        return [f.name for f in reader.folders()]
