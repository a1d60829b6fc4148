"""Words that run together on a page: the text a screen reader reads, or a
person copies, across the edge of an inline element ("Leila Ahmed<span
class="govuk-hint">CDF-1003</span>" reads "Leila AhmedCDF-1003"). Block
elements (paragraphs, cells, list items, headings, labels, hints) are
separate lines and never run together; inline ones (a link, a tag, a span,
strong) need a space at their edge when a word is on both sides."""

from __future__ import annotations

from html.parser import HTMLParser

BLOCKS = frozenset(
    "address article aside blockquote body br caption dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr label legend li main nav ol option p pre section select "
    "summary table tbody td tfoot th thead tr ul input textarea button img svg".split()
)
#: Classes the GOV.UK styles show as a block of their own, whatever the element.
BLOCK_CLASSES = ("govuk-hint", "govuk-caption-", "govuk-error-message", "govuk-body", "govuk-heading")
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
SKIPPED = frozenset({"script", "style", "template", "title", "head", "svg"})


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""  # the text so far since the last block edge
        self.edge = False  # an inline element's edge since the last text
        self.skip = 0
        self.open: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def _block(self) -> None:
        self.text, self.edge = "", False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = found.get("class") or ""
        # Not read at all: scripts, a chart read by its title (role="img"), an icon hidden from readers.
        skipped = tag in SKIPPED or found.get("aria-hidden") == "true"
        block = tag in BLOCKS or any(c in classes for c in BLOCK_CLASSES) or "hidden" in found
        if tag not in VOID:
            self.open.append((tag, block, skipped))
            self.skip += skipped
        if block:
            self._block()
        else:
            self.edge = True

    def handle_endtag(self, tag: str) -> None:
        block = tag in BLOCKS
        if any(name == tag for name, _block, _skipped in self.open):
            while self.open:
                name, was_block, skipped = self.open.pop()
                self.skip -= skipped
                block = block or was_block
                if name == tag:
                    break
        if block:
            self._block()
        else:
            self.edge = True

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        if self.edge and self.text and data[:1].isalnum() and self.text[-1:].isalnum():
            self.found.append(f"{self.text[-40:].lstrip()}|{data[:40].rstrip()}")
        self.text += data
        self.edge = False


def run_together(html: str) -> list[str]:
    """Each place where two words meet at an inline element's edge with no
    space between ("…Ahmed|CDF-1003")."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.found
