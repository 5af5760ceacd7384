"""People: the user, their sign-in on allauth (accounts/) and their notifications."""
