"""A minimal SMTP server for fault-injection tests: it accepts every message and keeps it."""

import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ready")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command == "DATA":
                self.reply("354 end with .")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data)
                self.server.messages.append(b"".join(lines).decode(errors="replace"))
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self.reply("250 ok")


class SMTPSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.messages = []
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self):
        self.shutdown()
        self.server_close()
