"""A real Dovecot on 127.0.0.1 for the capture tests and the benchmark.

The config is generated in a fresh directory: passwords in a passwd-file (plain text,
test users only), maildirs in the same directory, mail owned by an unprivileged user
(`nobody` when the tests run as root, else the user running them), IMAP on one port
(plain and STARTTLS) and IMAPS on another, with a self-signed certificate made here.
"""

from __future__ import annotations

import datetime as dt
import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

POOL = 200  # users user0 … user199, all with PASSWORD
PASSWORD = "secret-pass"
DOVECOT = os.environ.get("GOODWILL_TEST_DOVECOT", "/usr/sbin/dovecot")


def available() -> str | None:
    """None when Dovecot can run here, else why not (for the skip message)."""
    if not (Path(DOVECOT).exists() or shutil.which(DOVECOT)):
        return f"no Dovecot at {DOVECOT} (apt-get install dovecot-imapd)"
    return None


def free_ports(candidates, count: int) -> list[int]:
    """The first ``count`` ports of ``candidates`` nobody listens on at 127.0.0.1."""
    found = []
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"no {count} free ports in {candidates}")


def _identity() -> tuple[str, str, int, int]:
    if os.geteuid() == 0:
        user = "nobody"
        entry = pwd.getpwnam(user)
        group = grp.getgrgid(entry.pw_gid).gr_name
        login = "dovenull" if _exists("dovenull") else user
        return user, group, entry.pw_uid, entry.pw_gid, login  # type: ignore[return-value]
    entry = pwd.getpwuid(os.geteuid())
    group = grp.getgrgid(entry.pw_gid).gr_name
    return entry.pw_name, group, entry.pw_uid, entry.pw_gid, entry.pw_name  # type: ignore[return-value]


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True


def _self_signed(directory: Path) -> tuple[Path, Path]:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 0
first_valid_gid = 0
default_login_user = {login}
default_internal_user = {user}
default_internal_group = {group}
mail_privileged_group =
auth_cache_size = 0
auth_failure_delay = 0
imap_max_line_length = 1M
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


@dataclass
class Dovecot:
    root: Path
    port: int
    tls_port: int
    cert: Path
    process: subprocess.Popen | None = None
    users: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"

    def add_user(self, name: str, password: str) -> None:
        """Add a user. Dovecot reads the file again only when its time stamp changes (to
        the second), so tests take users made at start (``POOL``) rather than add them."""
        self.users[name] = password
        lines = [f"{u}:{{PLAIN}}{p}::::::" for u, p in self.users.items()]
        (self.root / "passwd").write_text("\n".join(lines) + "\n")

    def mailbox(self, user: str):
        from imap_tools import MailBoxUnencrypted

        return MailBoxUnencrypted(self.host, self.port).login(user, self.users[user])

    def drop_mail(self, user: str) -> None:
        """Remove a user's whole maildir (the next login starts an empty, new mailbox)."""
        shutil.rmtree(self.root / "mail" / user, ignore_errors=True)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None
        shutil.rmtree(self.root, ignore_errors=True)


def start(port: int, tls_port: int) -> Dovecot:
    root = Path(tempfile.mkdtemp(prefix="goodwill-dovecot-"))
    root.chmod(0o755)
    user, group, uid, gid, login = _identity()
    for sub in ("mail", "home", "state"):
        (root / sub).mkdir()
        os.chown(root / sub, uid, gid)
    cert, key = _self_signed(root)
    os.chown(key, 0 if os.geteuid() == 0 else uid, -1)
    config = root / "dovecot.conf"
    config.write_text(
        CONFIG.format(
            root=root,
            cert=cert,
            key=key,
            user=user,
            group=group,
            uid=uid,
            gid=gid,
            login=login,
            port=port,
            tls_port=tls_port,
        )
    )
    server = Dovecot(root=root, port=port, tls_port=tls_port, cert=cert)
    for n in range(POOL):
        server.users[f"user{n}"] = PASSWORD
    server.add_user("probe", "probe")
    server.process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            err = server.process.stderr.read().decode() if server.process.stderr else ""
            shutil.rmtree(root, ignore_errors=True)
            raise RuntimeError(f"Dovecot did not start: {err}\n{log}")
        try:
            with (
                socket.create_connection(("127.0.0.1", port), timeout=0.5),
                socket.create_connection(("127.0.0.1", tls_port), timeout=0.5),
            ):
                return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("Dovecot did not open its ports within 20 s")


def message(
    *,
    sender: str,
    to: str,
    subject: str,
    message_id: str,
    date: dt.datetime,
    cc: str = "",
    in_reply_to: str = "",
    headers: dict[str, str] | None = None,
    body: str = "Hello,\n\nJust checking in.\n",
) -> bytes:
    """An RFC 5322 message as bytes, for appending over IMAP."""
    from email.message import EmailMessage
    from email.utils import format_datetime

    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    if cc:
        mail["Cc"] = cc
    mail["Subject"] = subject
    mail["Date"] = format_datetime(date)
    mail["Message-ID"] = message_id
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
        mail["References"] = in_reply_to
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(body)
    return bytes(mail)
