"""People: accounts on allauth, notifications, reminders, deleting an account."""
