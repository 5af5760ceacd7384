"""Quick notes: a thought captured on the phone, turned into an entry later."""
