"""Notifications: what happened that concerns a user, in the app (with an unread count) and
by e-mail through the centre's SMTP relay (an outbox a background task delivers)."""
