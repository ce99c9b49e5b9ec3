"""A mail backend (the outside world, replaced) whose server refuses the first sends."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    refusals_left = 0

    def send_messages(self, messages):
        if FlakyBackend.refusals_left > 0:
            FlakyBackend.refusals_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
