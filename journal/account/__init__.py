"""The whole account: its data export and deletion, the account file carried to another
installation (portable/), and the reminders e-mailed about everything in it. This work reads
every other package, so it sits above them all; the person themselves is `people`."""
