"""A local SMTP server and a minimal IMAP server for the PEC tests, on 127.0.0.1 and a
free port: nothing leaves the machine (aiosmtpd is not installed)."""

from __future__ import annotations

import socketserver
import threading


class _Threaded(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SmtpServer:
    """Accepts every message and keeps (sender, recipients, data)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 localhost ESMTP test\r\n")
                sender, recipients = "", []
                while line := self.rfile.readline():
                    command = line.decode().strip()
                    verb = command.split(" ", 1)[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self.wfile.write(b"250-localhost\r\n250 8BITMIME\r\n")
                    elif verb == "MAIL":
                        sender = command.split(":", 1)[1].strip(" <>")
                        self.wfile.write(b"250 OK\r\n")
                    elif verb == "RCPT":
                        recipients.append(command.split(":", 1)[1].strip(" <>"))
                        self.wfile.write(b"250 OK\r\n")
                    elif verb == "DATA":
                        self.wfile.write(b"354 End with .\r\n")
                        data = b""
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            data += chunk[1:] if chunk.startswith(b"..") else chunk
                        outer.messages.append((sender, recipients, data))
                        recipients = []
                        self.wfile.write(b"250 OK queued\r\n")
                    elif verb == "QUIT":
                        self.wfile.write(b"221 Bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 OK\r\n")

        self.server = _Threaded(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def __enter__(self) -> SmtpServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class ImapServer:
    """The few IMAP4rev1 commands imaplib sends for LOGIN, SELECT, SEARCH UNSEEN,
    FETCH (RFC822), STORE +FLAGS and LOGOUT, over a list of messages."""

    def __init__(self, messages: list[bytes], *, user: str, password: str) -> None:
        self.messages = list(messages)
        self.seen: set[int] = set()
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, text: str) -> None:
                self.wfile.write(text.encode() + b"\r\n")

            def handle(self) -> None:
                self.reply("* OK IMAP4rev1 test server ready")
                logged_in = False
                while line := self.rfile.readline():
                    tag, _sp, rest = line.decode().strip().partition(" ")
                    verb, _sp, args = rest.partition(" ")
                    verb = verb.upper()
                    if verb == "CAPABILITY":
                        self.reply("* CAPABILITY IMAP4rev1")
                        self.reply(f"{tag} OK CAPABILITY completed")
                    elif verb == "LOGIN":
                        given = [a.strip('"') for a in args.split(" ")]
                        logged_in = given == [user, password]
                        self.reply(f"{tag} {'OK' if logged_in else 'NO'} LOGIN")
                    elif not logged_in:
                        self.reply(f"{tag} BAD not authenticated")
                    elif verb == "SELECT":
                        self.reply(f"* {len(outer.messages)} EXISTS")
                        self.reply("* 0 RECENT")
                        self.reply(f"{tag} OK [READ-WRITE] SELECT completed")
                    elif verb == "SEARCH":
                        unseen = [
                            str(i) for i in range(1, len(outer.messages) + 1) if i not in outer.seen
                        ]
                        self.reply("* SEARCH " + " ".join(unseen))
                        self.reply(f"{tag} OK SEARCH completed")
                    elif verb == "FETCH":
                        number = int(args.split(" ", 1)[0])
                        raw = outer.messages[number - 1]
                        self.wfile.write(f"* {number} FETCH (RFC822 {{{len(raw)}}}\r\n".encode())
                        self.wfile.write(raw + b")\r\n")
                        self.reply(f"{tag} OK FETCH completed")
                    elif verb == "STORE":
                        number = int(args.split(" ", 1)[0])
                        outer.seen.add(number)
                        self.reply(f"* {number} FETCH (FLAGS (\\Seen))")
                        self.reply(f"{tag} OK STORE completed")
                    elif verb == "LOGOUT":
                        self.reply("* BYE")
                        self.reply(f"{tag} OK LOGOUT completed")
                        return
                    else:
                        self.reply(f"{tag} BAD unknown")

        self.server = _Threaded(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def __enter__(self) -> ImapServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
