"""Patterns shared by the models and the forms that check what people type."""

# UK and international numbers as people write them: digits, spaces, + ( ) and -.
PHONE_NUMBER_PATTERN = r"^\+?[0-9 ()-]{7,20}$"
