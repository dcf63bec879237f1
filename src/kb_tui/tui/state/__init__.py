"""The explorer's state that is not drawing: plain classes, no Textual, tested on their own."""
