"""A real SMTP server for the tests: aiosmtpd (pinned in tests/run.sh), started once per run by
the test command, and by the test that takes a mail server down and brings it back:

    python tests/smtp/server.py PORT FOLDER

Each message it accepts is written to FOLDER as one JSON file, {"to", "from", "subject",
"body", "message_id"}, the body decoded from whatever transfer encoding it came in (written
under another name first and then renamed, so that a reader never sees half of one).
"""

import email
import email.policy
import json
import os
import signal
import sys
import uuid

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        kept = {
            "to": envelope.rcpt_tos,
            "from": envelope.mail_from,
            "subject": str(message["subject"] or ""),
            "body": body.get_content() if body is not None else "",
            "message_id": str(message["message-id"] or ""),
        }
        name = uuid.uuid4().hex
        partial = os.path.join(self.folder, name + ".part")
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(kept, f, ensure_ascii=False)
        os.rename(partial, os.path.join(self.folder, name + ".json"))
        return "250 Message accepted for delivery"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Keep(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"smtp on 127.0.0.1:{port}, keeping messages in {folder}", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
