"""Patterns shared by the models and the forms that check what people type."""

# UK and international numbers as people write them: digits, spaces, + ( ) and -.
PHONE_NUMBER_PATTERN = r"^\+?[0-9 ()-]{7,20}$"


def tel_href(number):
    """A phone number as a tap-to-call link: "tel:" and the digits (and a leading +)."""
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")
