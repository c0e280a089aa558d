"""What a test reads off an HTML page: the URLs it refers to."""

from html.parser import HTMLParser


class Links(HTMLParser):
    """The URLs a page refers to: links, scripts, stylesheets and images (``urls``), and form actions (``forms``)."""

    def __init__(self, text: str):
        super().__init__()
        self.urls: list[str] = []
        self.forms: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("href", "src"):
                self.urls.append(value)
            elif value and tag == "form" and name == "action":
                self.forms.append(value)
