"""Reading what a browser would read from a page: its forms, links, headings and errors."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    checked: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)  # select: (value, label)


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)
    attrs: dict = field(default_factory=dict)

    def value(self, name: str) -> str | None:
        return next((f.value for f in self.fields if f.name == name), None)

    def named(self, name: str) -> list[Field]:
        return [f for f in self.fields if f.name == name]

    def names(self) -> list[str]:
        return list(dict.fromkeys(f.name for f in self.fields))

    def submission(self) -> list[tuple[str, str]]:
        """What the browser posts for the form as it stands (no file inputs, no buttons)."""
        pairs = []
        for f in self.fields:
            if f.kind in ("submit", "button", "file", "image", "reset"):
                continue
            if f.kind in ("checkbox", "radio") and not f.checked:
                continue
            pairs.append((f.name, f.value))
        return pairs


@dataclass
class Page:
    title: str = ""
    heading: str = ""
    forms: list[Form] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)  # stylesheets and scripts
    errors: list[str] = field(default_factory=list)

    def form(self, css_class: str) -> Form | None:
        """The first form with this class (the page's header has forms of its own)."""
        for form in self.forms:
            if css_class in form.attrs.get("class", "").split():
                return form
        return None


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.form: Form | None = None
        self.select: Field | None = None
        self.option: list | None = None  # [value, label parts, selected]
        self.textarea: Field | None = None
        self.capture: str | None = None  # "title" | "h1"
        self.text: list[str] = []
        self.error_depth = 0
        self.error_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if self.error_depth:
            self.error_depth += 1
        elif "errorlist" in a.get("class", "").split():
            self.error_depth = 1
            self.error_text = []
        if tag == "form":
            self.form = Form(a.get("action", ""), a.get("method", "get").lower(), attrs=a)
            self.page.forms.append(self.form)
        elif tag == "input" and self.form is not None and a.get("name"):
            kind = a.get("type", "text").lower()
            default = "on" if kind in ("checkbox", "radio") else ""
            self.form.fields.append(Field(a["name"], kind, a.get("value", default), "checked" in a))
        elif tag == "select" and self.form is not None:
            self.select = Field(a.get("name", ""), "select")
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), [], "selected" in a]
        elif tag == "textarea" and self.form is not None:
            self.textarea = Field(a.get("name", ""), "textarea")
            self.form.fields.append(self.textarea)
        elif tag == "a" and a.get("href"):
            self.page.links.append(a["href"])
        elif tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.page.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.page.assets.append(a["src"])
        elif tag in ("title", "h1"):
            self.capture, self.text = tag, []

    def handle_endtag(self, tag):
        if self.error_depth:
            self.error_depth -= 1
            if not self.error_depth:
                message = " ".join("".join(self.error_text).split())
                if message:
                    self.page.errors.append(message)
        if tag == "form":
            self.form = None
        elif tag == "option" and self.option is not None:
            value, label, selected = self.option
            label = " ".join("".join(label).split())
            self.select.options.append((label if value is None else value, label))
            if selected:
                self.select.value = label if value is None else value
            self.option = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # As in a browser, a newline right after <textarea> is not part of the value.
            value = self.textarea.value
            self.textarea.value = value[1:] if value.startswith("\n") else value
            self.textarea = None
        elif tag == self.capture:
            text = " ".join("".join(self.text).split())
            if tag == "title":
                self.page.title = text
            elif not self.page.heading:
                self.page.heading = text
            self.capture = None

    def handle_data(self, data):
        if self.error_depth:
            self.error_text.append(data)
        if self.option is not None:
            self.option[1].append(data)
        if self.textarea is not None:
            self.textarea.value += data
        if self.capture:
            self.text.append(data)


def parse(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page


REFERENCE = re.compile(r"\b[A-Z]{2,10}-\d{4}-\d{4,}\b")
