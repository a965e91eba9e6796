update-handled-before = Your last message was already handled and saved. You can carry on, or send /cases to see your cases.
